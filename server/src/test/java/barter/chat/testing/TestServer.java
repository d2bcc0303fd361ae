package barter.chat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.App;
import barter.chat.auth.TokenIssuer;
import barter.chat.config.ChatConfig;
import barter.chat.contract.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real server on a free port, with a fresh store, and helpers to call it. */
public final class TestServer implements AutoCloseable {
    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";
    /** The iss and aud of the test cluster's tokens: cluster mode requires both. */
    public static final String ISSUER = "https://id.test.barter.example";
    public static final String AUDIENCE = "barter-chat-test";

    private final Map<String, String> env;
    private final TokenIssuer tokens;
    private final HttpClient http = HttpClient.newHttpClient();
    private App app;

    private TestServer(Map<String, String> env) {
        this.env = env;
        this.tokens = new TokenIssuer(SECRET, env.get("CHAT_JWT_ISSUER"), env.get("CHAT_JWT_AUDIENCE"), Clock.systemUTC());
        this.app = App.start(ChatConfig.fromEnv(env));
    }

    /** Starts a server on {@code jdbcUrl} with data in {@code dataDir}; {@code extra} overrides any variable. */
    public static TestServer start(String jdbcUrl, Path dataDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_PORT", "0");
        env.put("CHAT_DATA_DIR", dataDir.toString());
        env.put("CHAT_DB_URL", jdbcUrl);
        env.put("CHAT_DB_USER", jdbcUrl.startsWith("jdbc:postgresql:") ? TestDatabases.POSTGRES_USER : "");
        env.put("CHAT_JWT_SECRET", SECRET);
        env.put("CHAT_LIMIT_MESSAGES", "100000,100000/s");
        env.put("CHAT_LIMIT_CONNECTS", "100000,100000/s");
        env.put("CHAT_LIMIT_HTTP", "100000,100000/s");
        env.put("CHAT_LIMIT_KEYS", "100000,100000/s");
        env.putAll(extra);
        if (env.containsKey("CHAT_REDIS_URL")) {
            env.putIfAbsent("CHAT_JWT_ISSUER", ISSUER);
            env.putIfAbsent("CHAT_JWT_AUDIENCE", AUDIENCE);
        }
        return new TestServer(env);
    }

    public static TestServer start(TestDatabases.Kind kind, Path dataDir) {
        return start(kind.url(dataDir), dataDir, Map.of());
    }

    public int port() {
        return app.port();
    }

    /** Stops and starts again on the same store and port (a clean restart). */
    public void restart() {
        restart(Map.of());
    }

    /** A clean restart with {@code changes} applied to the configuration (an operator's edit, such as a new key). */
    public void restart(Map<String, String> changes) {
        int port = app.port();
        app.close();
        env.putAll(changes);
        Map<String, String> again = new HashMap<>(env);
        again.put("CHAT_PORT", Integer.toString(port));
        app = App.start(ChatConfig.fromEnv(again));
    }

    /** The routes the server registers (for the check against docs/openapi.yaml). */
    public List<String> routes() {
        return app.routes();
    }

    public String token(String userId) {
        return tokens.issue(userId, false, Duration.ofHours(1));
    }

    public String adminToken(String userId) {
        return tokens.issue(userId, true, Duration.ofHours(1));
    }

    /** Publishes fresh keys for the user, so others can send to them. */
    public TestKeys register(String userId) {
        TestKeys keys = TestKeys.generate();
        HttpResponse<String> response = request("PUT", "/v1/keys", token(userId), keys.json());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return keys;
    }

    /** Registers the user and connects them; waits until their (empty) backlog is done. */
    public TestClient online(String userId) {
        TestClient client = TestClient.connect(port(), token(userId));
        client.untilQueueEmpty();
        return client;
    }

    public TestClient connect(String userId) {
        return TestClient.connect(port(), token(userId));
    }

    /** Calls the server; the response must be one docs/openapi.yaml allows (else the test fails here). */
    public HttpResponse<String> request(String method, String path, String token, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", token.startsWith("Bearer ") || token.contains(" ") ? token : "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> violations = OpenApiContract.get().violations(method, path, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        assertThat(violations).as("a response docs/openapi.yaml does not allow").isEmpty();
        return response;
    }

    /** The value of one series (name and labels exactly as exported) in a scrape of {@code /metrics}. */
    public double metric(String series) {
        return request("GET", "/metrics", null, null).body().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in /metrics"));
    }

    /** Stops the server; a second call does nothing. */
    @Override
    public void close() {
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
