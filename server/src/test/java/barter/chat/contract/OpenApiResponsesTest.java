package barter.chat.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import barter.chat.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route's success and every error code docs/openapi.yaml documents, provoked on a real server; each
 * response is validated against the spec as it arrives ({@link TestServer#request}). The checker itself is shown
 * to refuse what the spec does not allow.
 */
class OpenApiResponsesTest {
    private static final OpenApiContract SPEC = OpenApiContract.get();

    @TempDir
    Path dir;
    private TestServer server;
    /** "METHOD /template status code" of every response seen, code "-" for a success */
    private final TreeSet<String> seen = new TreeSet<>();

    @BeforeEach
    void start() {
        server = TestServer.start(TestDatabases.Kind.SQLITE.url(dir), dir, Map.of("CHAT_LIMIT_REPORTS", "3,1/h",
                "CHAT_MAX_BLOCKS", "2", "CHAT_MAX_CONNECTIONS", "1"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everySuccessAndEveryErrorCodeOfTheSpecValidates() {
        String alice = server.token("alice");
        String admin = server.adminToken("moderator");
        server.register("bob");

        call("PUT", "/v1/keys", alice, TestKeys.generate().json());
        call("PUT", "/v1/keys", alice, "{\"agreementKey\":\"!!\",\"signingKey\":\"AA==\",\"signature\":\"AA==\"}");
        call("PUT", "/v1/keys", alice, "[1]");
        call("PUT", "/v1/keys", null, TestKeys.generate().json());
        call("GET", "/v1/keys/bob", alice, null);
        call("GET", "/v1/keys/nobody", alice, null);
        call("GET", "/v1/keys/not%20valid", alice, null);

        call("PUT", "/v1/blocks/bob", alice, null);
        call("PUT", "/v1/blocks/carol", alice, null);
        call("PUT", "/v1/blocks/dave", alice, null);
        call("PUT", "/v1/blocks/alice", alice, null);
        call("GET", "/v1/blocks?limit=1", alice, null);
        call("GET", "/v1/blocks?limit=0", alice, null);
        call("DELETE", "/v1/blocks/bob", alice, null);

        long reportId = json(call("POST", "/v1/reports", alice, "{\"reportedUser\":\"bob\",\"reason\":\"spam\"}"))
                .path("id").asLong();
        call("POST", "/v1/reports", alice, "{\"reportedUser\":\"bob\",\"reason\":\"boring\"}");
        call("POST", "/v1/reports", alice, "{\"reportedUser\":\"bob\",\"reason\":\"spam\",\"evidence\":\""
                + "x".repeat(9000) + "\"}");
        call("POST", "/v1/reports", alice, "{\"reportedUser\":\"bob\",\"reason\":\"spam\"}");

        call("GET", "/v1/admin/reports?status=open", admin, null);
        call("GET", "/v1/admin/reports?status=bogus", admin, null);
        call("GET", "/v1/admin/reports", alice, null);
        call("POST", "/v1/admin/reports/" + reportId + "/resolve", admin, null);
        call("POST", "/v1/admin/reports/999999/resolve", admin, null);
        call("PUT", "/v1/admin/suspensions/mallory", admin, "{\"reason\":\"spam\"}");
        call("DELETE", "/v1/admin/suspensions/mallory", admin, null);

        call("GET", "/health/live", null, null);
        call("GET", "/health/ready", null, null);
        call("GET", "/metrics", null, null);
        call("GET", "/v1/nothing-here", alice, null);

        upgrade("Bearer garbage");
        try (TestClient online = server.online("bob")) {
            assertThat(upgrade("Bearer " + server.token("alice"))).as("over CHAT_MAX_CONNECTIONS").isEqualTo(503);
            assertThat(online.isClosed()).isFalse();
        }
        // bob's socket leaves the connection count once the server has seen the close
        await().atMost(Duration.ofSeconds(10)).until(() -> upgrade("Bearer " + server.token("carol")) == 101);

        TreeSet<String> missingSuccesses = new TreeSet<>(SPEC.operations());
        missingSuccesses.removeIf(op -> seen.stream().anyMatch(s -> s.startsWith(op + " 2") || s.startsWith(op + " 101")));
        assertThat(missingSuccesses).as("operations whose success was not exercised").isEmpty();

        TreeSet<String> missingCodes = new TreeSet<>(documentedErrorCodes());
        seen.forEach(s -> missingCodes.remove(s.substring(s.lastIndexOf(' ') + 1)));
        assertThat(missingCodes).as("error codes of the spec no response carried (internal: a server fault, "
                + "not provoked)").containsExactly("internal");
    }

    @Test
    void theCheckerRefusesWhatTheSpecDoesNotAllow() {
        String keys = "{\"userId\":\"bob\",\"agreementKey\":\"AA==\",\"signingKey\":\"AA==\",\"signature\":\"AA==\","
                + "\"updatedAt\":1}";
        assertThat(SPEC.violations("GET", "/v1/keys/bob", 200, "application/json", keys)).isEmpty();
        assertThat(SPEC.violations("GET", "/v1/keys/bob", 200, "application/json", keys.replace("}", ",\"x\":1}")))
                .as("an undocumented field").isNotEmpty();
        assertThat(SPEC.violations("GET", "/v1/keys/bob", 200, "application/json", keys.replace("\"updatedAt\":1,", "")
                .replace(",\"updatedAt\":1", ""))).as("a missing field").isNotEmpty();
        assertThat(SPEC.violations("GET", "/v1/keys/bob", 404, "application/json",
                "{\"error\":\"not_found\",\"message\":\"m\"}")).as("a code the status does not document").isNotEmpty();
        assertThat(SPEC.violations("GET", "/v1/keys/bob", 418, "application/json",
                "{\"error\":\"teapot\",\"message\":\"m\"}")).as("an undocumented status").isNotEmpty();
        assertThat(SPEC.violations("GET", "/v1/undocumented", 200, "application/json", "{}"))
                .as("an undocumented route answering").isNotEmpty();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) {
        HttpResponse<String> response = server.request(method, path, token, body);
        record(method, path, response.statusCode(), response.body());
        return response;
    }

    private int upgrade(String authorization) {
        RawUpgrade response = RawUpgrade.request(server.port(), authorization);
        assertThat(SPEC.violations("GET", "/v1/ws", response.status(), response.contentType(), response.body()))
                .as("the upgrade's answer").isEmpty();
        record("GET", "/v1/ws", response.status(), response.body());
        return response.status();
    }

    private void record(String method, String path, int status, String body) {
        String code = status >= 400 && body.startsWith("{") ? json(body).path("error").asText("-") : "-";
        seen.add(method + " " + SPEC.template(path).orElse(path) + " " + status + " " + code);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String body) {
        return SpecDocument.json(body);
    }

    /** Every error code a response of the spec may carry (the const or enum of its error field). */
    private static List<String> documentedErrorCodes() {
        JsonNode schemas = SpecDocument.load("openapi.yaml").root().path("components").path("schemas");
        TreeSet<String> codes = new TreeSet<>();
        schemas.forEach(schema -> {
            JsonNode error = schema.path("properties").path("error");
            if (error.has("const")) {
                codes.add(error.get("const").asText());
            }
            error.path("enum").forEach(code -> codes.add(code.asText()));
        });
        return List.copyOf(codes);
    }
}
