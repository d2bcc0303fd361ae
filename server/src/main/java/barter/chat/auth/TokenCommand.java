package barter.chat.auth;

import barter.chat.config.ChatConfig;
import barter.chat.config.JwtSettings;
import barter.chat.protocol.UserIds;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * {@code token <userId> [--admin] [--ttl PT1H] [--kid KID] [--force]}: prints a token signed with one of the
 * configured HS256 secrets (the one named by {@code --kid}, else the first). An operator's and demo's tool: in
 * cluster mode tokens come from the identity provider, so it refuses a cluster configuration unless {@code --force}.
 */
public final class TokenCommand {
    static final String USAGE = "usage: token <userId> [--admin] [--ttl PT1H] [--kid KID] [--force]  "
            + "(user id: [A-Za-z0-9_.-]{1,64})";

    private final ChatConfig config;
    private final Clock clock;

    public TokenCommand(ChatConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Prints the token to {@code out}, or a reason to {@code err}; returns the exit status (0, or 2 for misuse). */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !UserIds.isValid(args.get(0))) {
            err.println(USAGE);
            return 2;
        }
        JwtSettings jwt = config.jwt();
        if (config.clusterMode() && !args.contains("--force")) {
            err.println("refused: this is a cluster configuration (CHAT_REDIS_URL is set), where tokens come from your "
                    + "identity provider; a token signed here is valid on every node for its whole lifetime. "
                    + "Add --force to sign one anyway (for a test user, with a short --ttl)");
            return 2;
        }
        if (jwt.secrets().isEmpty() && (!jwt.publicKeys().isEmpty() || jwt.jwksUrl() != null)) {
            err.println("this server verifies RS256/ES256 tokens (CHAT_JWT_PUBLIC_KEY or CHAT_JWT_JWKS_URL); "
                    + "issue them with your identity provider");
            return 2;
        }
        Duration ttl;
        try {
            ttl = Duration.parse(option(args, "--ttl", "PT1H"));
        } catch (DateTimeParseException e) {
            err.println("--ttl needs an ISO-8601 duration such as PT1H");
            return 2;
        }
        if (ttl.compareTo(jwt.maxTtl()) > 0) {
            err.println("--ttl " + ttl + " is longer than CHAT_JWT_MAX_TTL (" + jwt.maxTtl() + "): the server would "
                    + "refuse the token");
            return 2;
        }
        List<JwtSettings.Secret> keys = JwtSecrets.forVerification(jwt, config.dataDir());
        String kid = option(args, "--kid", keys.get(0).kid());
        JwtSettings.Secret key = keys.stream().filter(k -> Objects.equals(k.kid(), kid)).findFirst().orElse(null);
        if (key == null) {
            err.println("--kid " + kid + ": no such key in CHAT_JWT_SECRET (its key ids: "
                    + keys.stream().map(JwtSettings.Secret::kid).toList() + ")");
            return 2;
        }
        out.println(new TokenIssuer(key, jwt.issuer(), jwt.audience(), clock)
                .issue(args.get(0), args.contains("--admin"), ttl));
        return 0;
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        return at < 0 || at + 1 >= args.size() ? fallback : args.get(at + 1);
    }
}
