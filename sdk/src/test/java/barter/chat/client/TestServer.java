package barter.chat.client;

import barter.chat.App;
import barter.chat.config.ChatConfig;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/** The real server, in-process, on a free port with its SQLite store in a test directory; restartable. */
public final class TestServer implements AutoCloseable {
    static final String SECRET = "barter-chat-client-tests-hs256-secret-0123456789";

    private final Map<String, String> env = new HashMap<>();
    private App app;
    private int port;

    public TestServer(Path dataDir, Map<String, String> extraEnv) {
        env.put("CHAT_PORT", "0");
        env.put("CHAT_DATA_DIR", dataDir.toString());
        env.put("CHAT_JWT_SECRET", SECRET);
        env.putAll(extraEnv);
        start();
    }

    public TestServer(Path dataDir) {
        this(dataDir, Map.of());
    }

    /** Starts on the port of the previous run, if there was one, so clients find it again. */
    public void start() {
        app = App.start(ChatConfig.fromEnv(env));
        port = app.port();
        env.put("CHAT_PORT", Integer.toString(port));
    }

    public void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    public URI uri() {
        return URI.create("http://localhost:" + port);
    }

    public static String token(String userId) {
        return token(userId, Duration.ofHours(1), false);
    }

    /** A token of {@code userId} that expires after {@code ttl}, with the admin role if {@code admin}. */
    public static String token(String userId, Duration ttl, boolean admin) {
        try {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId)
                    .expirationTime(Date.from(Instant.now().plus(ttl)));
            if (admin) {
                claims.claim("roles", List.of("admin"));
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
