package barter.chat.client;

import barter.chat.protocol.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The server's REST routes as this SDK calls them, on OkHttp: the user's bearer token on every request, JSON bodies,
 * answers read up to {@link #MAX_RESPONSE_BYTES} (a larger one is refused, not buffered), and error bodies turned
 * into {@link ServerException}. Blocking (call it off Android's main thread); thread-safe.
 */
public final class RestClient {
    /** Far above any answer of the routes the SDK calls (keys, reports: a few hundred bytes). */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ServerAddress server;
    private final Supplier<String> token;

    /** An answer: its HTTP status and body. */
    public record Answer(int status, String body) {
        public boolean isSuccessful() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    public RestClient(OkHttpClient http, ServerAddress server, Supplier<String> token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    public Answer get(String path) throws IOException {
        return call(request(path).get().build());
    }

    public Answer put(String path, JsonNode body) throws IOException {
        return call(request(path).put(RequestBody.create(body.toString(), JSON_TYPE)).build());
    }

    public Answer post(String path, JsonNode body) throws IOException {
        return call(request(path).post(RequestBody.create(body.toString(), JSON_TYPE)).build());
    }

    /** An empty JSON object to fill as a request body. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The error an unsuccessful answer carries (its code and message), for the caller to throw. */
    public static ServerException failure(Answer answer) {
        ErrorCode code = ErrorCode.INTERNAL;
        String message = "HTTP " + answer.status();
        try {
            JsonNode json = answer.json();
            code = ErrorCode.fromWireOrInternal(json.path("error").asText());
            message = json.path("message").asText(message);
        } catch (IOException e) {
            // Not a barter-chat error body (a proxy page, say): keep the status as the message.
        }
        return new ServerException(code, message);
    }

    private Request.Builder request(String path) {
        return new Request.Builder().url(server.http(path)).header("Authorization", "Bearer " + token.get());
    }

    private Answer call(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            BufferedSource source = response.body().source();
            if (source.request(MAX_RESPONSE_BYTES + 1L)) {
                throw new IOException("response from " + request.url() + " is over " + MAX_RESPONSE_BYTES + " bytes");
            }
            return new Answer(response.code(), source.getBuffer().readString(StandardCharsets.UTF_8));
        }
    }
}
