package barter.chat.config;

/** Every rate limit of the service (see docs/reference/configuration.md for the variables). */
public record Limits(
        RateLimit messages,
        RateLimit connects,
        RateLimit http,
        RateLimit keys,
        RateLimit reports,
        RateLimit typing,
        RateLimit acks,
        RateLimit invalid) {

    public static Limits defaults() {
        return new Limits(
                RateLimit.parse("100,20/s"),
                RateLimit.parse("600,600/m"),
                RateLimit.parse("6000,6000/m"),
                RateLimit.parse("10,10/h"),
                RateLimit.parse("20,20/h"),
                RateLimit.parse("20,5/s"),
                RateLimit.parse("5000,500/s"),
                RateLimit.parse("100,10/s"));
    }
}
