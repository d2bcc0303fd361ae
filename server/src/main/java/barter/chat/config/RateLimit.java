package barter.chat.config;

import java.time.Duration;

/**
 * One token bucket: up to {@code burst} actions at once, refilled by {@code refill} tokens every {@code period}.
 * Written in configuration as {@code burst,refill/unit} with unit {@code s}, {@code m} or {@code h}, for example
 * {@code 100,20/s}.
 */
public record RateLimit(long burst, long refill, Duration period) {
    public RateLimit {
        if (burst <= 0 || refill <= 0 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("burst, refill and period must be positive");
        }
    }

    static RateLimit parse(String text) {
        String[] parts = text.trim().split("[,/]");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected burst,refill/unit such as 100,20/s");
        }
        Duration period = switch (parts[2].trim()) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> throw new IllegalArgumentException("unit must be s, m or h");
        };
        try {
            return new RateLimit(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()), period);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("burst and refill must be whole numbers");
        }
    }

    @Override
    public String toString() {
        String unit = period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1)) ? "m" : "h";
        return burst + "," + refill + "/" + unit;
    }
}
