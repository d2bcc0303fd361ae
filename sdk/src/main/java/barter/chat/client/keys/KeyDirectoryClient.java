package barter.chat.client.keys;

import barter.chat.client.ServerAddress;
import barter.chat.client.ServerException;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The server's public-key directory over REST: {@code PUT /v1/keys} and {@code GET /v1/keys/{userId}}, on OkHttp.
 * Blocking (call it off Android's main thread); thread-safe. Every key it returns has had its signature checked.
 * Response bodies are read up to {@link #MAX_RESPONSE_BYTES}: a larger one is refused, not buffered.
 */
public final class KeyDirectoryClient {
    /** Far above any key or error document (a few hundred bytes). */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ServerAddress server;
    private final Supplier<String> token;

    public KeyDirectoryClient(OkHttpClient http, ServerAddress server, Supplier<String> token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    /** Publishes (or rotates to) {@code keys} for the token's user. */
    public void publish(PublicKeys keys) throws IOException {
        String body = JSON.createObjectNode().put("agreementKey", keys.agreementKeyBase64())
                .put("signingKey", keys.signingKeyBase64()).put("signature", keys.signatureBase64()).toString();
        Request request = request("/v1/keys").put(RequestBody.create(body, JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw failure(response.code(), read(response));
            }
        }
    }

    /** A user's keys with a verified signature, or empty when the user has published none. */
    public Optional<PublicKeys> lookup(String userId) throws IOException {
        if (!UserIds.isValid(userId)) {
            throw new IllegalArgumentException("not a valid user id: " + userId);
        }
        try (Response response = http.newCall(request("/v1/keys/" + userId).get().build()).execute()) {
            String body = read(response);
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (response.code() != 200) {
                throw failure(response.code(), body);
            }
            JsonNode node = JSON.readTree(body);
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
    }

    private Request.Builder request(String path) {
        return new Request.Builder().url(server.http(path)).header("Authorization", "Bearer " + token.get());
    }

    private static String read(Response response) throws IOException {
        ResponseBody body = response.body();
        BufferedSource source = body.source();
        if (source.request(MAX_RESPONSE_BYTES + 1L)) {
            throw new IOException("response from " + response.request().url() + " is over " + MAX_RESPONSE_BYTES
                    + " bytes");
        }
        return source.getBuffer().readString(StandardCharsets.UTF_8);
    }

    private static ServerException failure(int status, String body) {
        ErrorCode code = ErrorCode.INTERNAL;
        String message = "HTTP " + status;
        try {
            JsonNode json = JSON.readTree(body);
            code = ErrorCode.fromWire(json.path("error").asText());
            message = json.path("message").asText(message);
        } catch (IOException | IllegalArgumentException e) {
            // Not a barter-chat error body (a proxy page, say): keep the status as the message.
        }
        return new ServerException(code, message);
    }
}
