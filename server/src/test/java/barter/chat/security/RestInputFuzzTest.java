package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ErrorCode;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and damaged request bodies (and path ids) against the REST routes that parse input: the answer is a
 * success or a 4xx with the JSON error body ({@code error} code matching the status, a {@code message}); never 5xx.
 */
class RestInputFuzzTest {
    private static Path dataDir;
    private static TestServer server;
    private static String user;
    private static String target;

    @BeforeContainer
    static void startServer() throws IOException {
        dataDir = Files.createTempDirectory("chat-rest-fuzz");
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir,
                Map.of("CHAT_LIMIT_REPORTS", "100000,100000/s"));
        user = Wire.uniqueUser("fuzzer");
        target = Wire.uniqueUser("target");
        server.register(user);
        server.register(target);
    }

    @AfterContainer
    static void stopServer() {
        server.close();
        Wire.deleteRecursively(dataDir);
    }

    @Provide
    Arbitrary<String> keyBodies() {
        TestKeys keys = TestKeys.generate();
        List<String> plausible = List.of(Wire.base64("x".repeat(32)), Wire.base64("x".repeat(64)), "not base64!",
                java.util.Base64.getEncoder().encodeToString(keys.agreementKey()),
                java.util.Base64.getEncoder().encodeToString(keys.signingKey()),
                java.util.Base64.getEncoder().encodeToString(keys.signature()), "", "====");
        return Arbitraries.frequencyOf(
                Tuple.of(1, HostileInput.strings()),
                Tuple.of(2, HostileInput.jsonDocuments(List.of("agreementKey", "signingKey", "signature"), plausible)),
                Tuple.of(2, HostileInput.mutated(Arbitraries.just(keys.json()))));
    }

    @Provide
    Arbitrary<String> reportBodies() {
        String valid = "{\"reportedUser\":\"" + target + "\",\"messageId\":1,\"reason\":\"spam\",\"evidence\":\"pay me\"}";
        List<String> plausible = List.of(target, user, "spam", "scam", "harassment", "inappropriate", "other",
                "x".repeat(8193), "not an id!");
        return Arbitraries.frequencyOf(
                Tuple.of(1, HostileInput.strings()),
                Tuple.of(2, HostileInput.jsonDocuments(List.of("reportedUser", "messageId", "reason", "evidence"),
                        plausible)),
                Tuple.of(2, HostileInput.mutated(Arbitraries.just(valid))));
    }

    @Property(tries = 150)
    void randomBodiesToPutKeysGetA4xxJsonErrorNever5xx(@ForAll("keyBodies") String body) {
        assertSuccessOrJsonClientError(server.request("PUT", "/v1/keys", server.token(user), body), 200);
    }

    @Property(tries = 150)
    void randomBodiesToPostReportsGetA4xxJsonErrorNever5xx(@ForAll("reportBodies") String body) {
        assertSuccessOrJsonClientError(server.request("POST", "/v1/reports", server.token(user), body), 201);
    }

    /**
     * A fresh client per request: Jetty refuses some paths (an encoded NUL) below the application with an HTML 400
     * and then drops the connection without {@code Connection: close}, which a pooled client would hit next.
     */
    @Property(tries = 100)
    void randomUserIdsInPathsGetA4xxNever5xx(@ForAll("pathIds") String id) throws Exception {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        for (String[] call : new String[][] {{"GET", "/v1/keys/"}, {"PUT", "/v1/blocks/"}, {"DELETE", "/v1/blocks/"}}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + call[1] + encoded))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + server.token(user))
                    .method(call[0], HttpRequest.BodyPublishers.noBody())
                    .build();
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("%s %s%s: %s", call[0], call[1], encoded, r.body()).isLessThan(500);
            }
        }
    }

    @Provide
    Arbitrary<String> pathIds() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().withChars("aZ09_.-/%\\ ?#").ofMinLength(1).ofMaxLength(70));
    }

    private static void assertSuccessOrJsonClientError(HttpResponse<String> response, int success) {
        int status = response.statusCode();
        if (status == success) {
            return;
        }
        assertThat(status).as(response.body()).isBetween(400, 499);
        JsonNode body = Wire.json(response.body());
        assertThat(body.path("message").isTextual()).as(response.body()).isTrue();
        assertThat(ErrorCode.fromWire(body.path("error").asText()).httpStatus()).as(response.body()).isEqualTo(status);
    }
}
