package barter.chat.client.keys;

import barter.chat.client.ServerException;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's public-key directory over REST: {@code PUT /v1/keys} and {@code GET /v1/keys/{userId}}.
 * Blocking; thread-safe. Every key it returns has had its signature checked.
 */
public final class KeyDirectoryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI server;
    private final Supplier<String> token;
    private final Duration timeout;

    public KeyDirectoryClient(HttpClient http, URI server, Supplier<String> token, Duration timeout) {
        this.http = http;
        this.server = server;
        this.token = token;
        this.timeout = timeout;
    }

    /** Publishes (or rotates to) {@code keys} for the token's user. */
    public void publish(PublicKeys keys) throws IOException {
        String body = JSON.createObjectNode().put("agreementKey", keys.agreementKeyBase64())
                .put("signingKey", keys.signingKeyBase64()).put("signature", keys.signatureBase64()).toString();
        HttpRequest request = request("/v1/keys").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
    }

    /** A user's keys with a verified signature, or empty when the user has published none. */
    public Optional<PublicKeys> lookup(String userId) throws IOException {
        if (!UserIds.isValid(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        HttpResponse<String> response = send(request("/v1/keys/" + userId).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        JsonNode node = JSON.readTree(response.body());
        PublicKeys keys;
        try {
            keys = PublicKeys.fromBase64(node.path("agreementKey").asText(), node.path("signingKey").asText(),
                    node.path("signature").asText());
            keys.verify();
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IOException("the server returned invalid keys for " + userId, e);
        }
        return Optional.of(keys);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token.get());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + request.method() + " " + request.uri());
        }
    }

    private static ServerException failure(HttpResponse<String> response) {
        ErrorCode code = ErrorCode.INTERNAL;
        String message = "HTTP " + response.statusCode();
        try {
            JsonNode body = JSON.readTree(response.body());
            code = ErrorCode.fromWire(body.path("error").asText());
            message = body.path("message").asText(message);
        } catch (IOException | IllegalArgumentException e) {
            // Not a barter-chat error body (a proxy page, say): keep the status as the message.
        }
        return new ServerException(code, message);
    }
}
