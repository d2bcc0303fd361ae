package barter.chat.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Parses and validates every variable, collecting all problems before failing. */
final class ConfigReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Map<String, String> env) {
        this.env = env;
    }

    ChatConfig read() {
        int port = integer("CHAT_PORT", 8080, 0, 65535);
        Path dataDir = Path.of(text("CHAT_DATA_DIR", "./data"));
        String dbUrl = checked("CHAT_DB_URL", v -> v.startsWith("jdbc:postgresql:") || v.startsWith("jdbc:sqlite:"),
                "must start with jdbc:postgresql: or jdbc:sqlite:");
        String redisUrl = checked("CHAT_REDIS_URL", v -> v.matches("rediss?://.+"), "must look like redis://host:port/db");
        JwtSettings jwt = jwt(redisUrl != null);
        Path tlsCert = file("CHAT_TLS_CERT");
        Path tlsKey = file("CHAT_TLS_KEY");
        if ((tlsCert == null) != (tlsKey == null)) {
            problems.add("CHAT_TLS_CERT=" + (tlsCert == null ? "" : tlsCert) + " and CHAT_TLS_KEY="
                    + (tlsKey == null ? "" : tlsKey) + ": set both or neither");
        }
        String nodeId = checked("CHAT_NODE_ID", v -> v.matches("[A-Za-z0-9_.:-]{1,100}"),
                "use letters, digits and _.:- only (at most 100)");
        ChatConfig.Transport transport = transport();
        ChatConfig config = new ChatConfig(
                port, dataDir, dbUrl, optional("CHAT_DB_USER"), optional("CHAT_DB_PASSWORD"), redisUrl,
                text("CHAT_REDIS_PREFIX", "chat:"), jwt,
                duration("CHAT_KEY_CACHE_TTL", "PT60M"),
                integer("CHAT_KEY_CACHE_MAX_SIZE", 100_000, 1, 100_000_000),
                duration("CHAT_RETENTION", "P7D"),
                duration("CHAT_CLEANUP_INTERVAL", "PT24H"),
                integer("CHAT_MAX_BODY_BYTES", 65536, 1, 16 * 1024 * 1024),
                integer("CHAT_DB_POOL_SIZE", dbUrl != null && dbUrl.startsWith("jdbc:postgresql:") ? 16 : 8, 2, 1000),
                tlsCert, tlsKey, nodeId, limits(), addressBlocks("CHAT_TRUSTED_PROXIES"), transport,
                bool("CHAT_REVEAL_BLOCKS", false),
                integer("CHAT_MAX_BLOCKS", 10_000, 1, 10_000_000),
                integer("CHAT_MAX_INBOX_MESSAGES", 10_000, 1, 100_000_000),
                integer("CHAT_MAX_INBOX_BYTES", 256 << 20, 64 * 1024, Integer.MAX_VALUE),
                optional("CHAT_METRICS_TOKEN"),
                "json".equals(choice("CHAT_LOG_FORMAT", "text", "text", "json")));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private JwtSettings jwt(boolean cluster) {
        String secrets = optional("CHAT_JWT_SECRET");
        String publicKeys = optional("CHAT_JWT_PUBLIC_KEY");
        URI jwksUrl = parse("CHAT_JWT_JWKS_URL", null, ConfigReader::httpUrl);
        JwtSettings jwt = new JwtSettings(
                secrets == null ? List.of() : KeyLists.secrets(secrets, problems),
                publicKeys == null ? List.of() : KeyLists.publicKeys(publicKeys, problems),
                jwksUrl, duration("CHAT_JWT_JWKS_REFRESH", "PT5M"),
                optional("CHAT_JWT_ISSUER"), optional("CHAT_JWT_AUDIENCE"), duration("CHAT_JWT_MAX_TTL", "P30D"));
        if (jwksUrl != null && (secrets != null || publicKeys != null)) {
            problems.add("CHAT_JWT_JWKS_URL=" + jwksUrl + ": set it alone, without CHAT_JWT_SECRET or "
                    + "CHAT_JWT_PUBLIC_KEY (one source of verification keys)");
        }
        if (cluster && secrets == null && publicKeys == null && jwksUrl == null) {
            problems.add("CHAT_JWT_SECRET: required in cluster mode (CHAT_REDIS_URL is set), "
                    + "or set CHAT_JWT_PUBLIC_KEY or CHAT_JWT_JWKS_URL");
        }
        // a token of one deployment (or one app of the same identity provider) must not open another's chats
        if (cluster && (jwt.issuer() == null || jwt.audience() == null)) {
            problems.add("CHAT_JWT_ISSUER and CHAT_JWT_AUDIENCE: both required in cluster mode (CHAT_REDIS_URL is "
                    + "set), so tokens issued for another service are refused; set them to the iss and aud your "
                    + "identity provider puts in this service's tokens");
        }
        return jwt;
    }

    private static URI httpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        return uri;
    }

    private List<AddressBlock> addressBlocks(String name) {
        return parse(name, List.of(), text -> Arrays.stream(text.split(","))
                .filter(entry -> !entry.isBlank()).map(AddressBlock::parse).toList());
    }

    /** The variable's value, or null; a value {@code valid} refuses is reported with {@code rule}. */
    private String checked(String name, Predicate<String> valid, String rule) {
        String value = optional(name);
        if (value != null && !valid.test(value)) {
            problems.add(name + "=" + value + ": " + rule);
        }
        return value;
    }

    private ChatConfig.Transport transport() {
        return new ChatConfig.Transport(
                duration("CHAT_WS_PING_INTERVAL", "PT20S"),
                duration("CHAT_WS_IDLE_TIMEOUT", "PT60S"),
                duration("CHAT_WS_AUTH_TIMEOUT", "PT5S"),
                integer("CHAT_WS_OUTBOUND_QUEUE", 1024, 16, 1_000_000),
                integer("CHAT_WS_OUTBOUND_BYTES", 1 << 20, 64 * 1024, 1 << 30),
                duration("CHAT_WS_SLOW_CONSUMER_TIMEOUT", "PT30S"),
                integer("CHAT_MAX_CONNECTIONS", 100_000, 1, 10_000_000));
    }

    private Limits limits() {
        Limits d = Limits.defaults();
        return new Limits(
                limit("CHAT_LIMIT_MESSAGES", d.messages()),
                limit("CHAT_LIMIT_CONNECTS", d.connects()),
                limit("CHAT_LIMIT_HTTP", d.http()),
                limit("CHAT_LIMIT_KEYS", d.keys()),
                limit("CHAT_LIMIT_REPORTS", d.reports()),
                limit("CHAT_LIMIT_TYPING", d.typing()),
                limit("CHAT_LIMIT_ACKS", d.acks()),
                limit("CHAT_LIMIT_INVALID", d.invalid()));
    }

    private RateLimit limit(String name, RateLimit fallback) {
        return parse(name, fallback, RateLimit::parse);
    }

    private Duration duration(String name, String fallback) {
        Duration value = parse(name, Duration.parse(fallback), text -> {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration (examples: PT30S, PT60M, P7D)");
            }
        });
        if (value.isZero() || value.isNegative()) {
            problems.add(name + "=" + env.get(name) + ": must be positive");
        }
        return value;
    }

    private int integer(String name, int fallback, int min, int max) {
        int value = parse(name, fallback, text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
        });
        if (value < min || value > max) {
            problems.add(name + "=" + env.get(name) + ": must be between " + min + " and " + max);
        }
        return value;
    }

    private boolean bool(String name, boolean fallback) {
        return parse(name, fallback, text -> switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    private String choice(String name, String fallback, String... allowed) {
        return parse(name, fallback, text -> {
            for (String each : allowed) {
                if (each.equals(text.trim())) {
                    return each;
                }
            }
            throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
        });
    }

    private Path file(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            problems.add(name + "=" + value + ": file does not exist or is not readable");
        }
        return path;
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + "=" + value + ": " + e.getMessage());
            return fallback;
        }
    }

    private String text(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    private String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
