package barter.chat.security;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.FrameCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** What the security tests read off the wire: unique user ids, JSON bodies, outcomes as short strings. */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    static final FrameCodec CODEC = new FrameCodec(16 * 1024 * 1024);
    private static final AtomicInteger USERS = new AtomicInteger();

    private Wire() {
    }

    /** A fresh user id, so tests sharing a server never see each other's data. */
    static String uniqueUser(String name) {
        return name + "-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    static ClientFrame.Send send(String to, String text) {
        return new ClientFrame.Send(UUID.randomUUID().toString(), to, base64(text));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Removes a temporary directory made outside JUnit's {@code @TempDir} (jqwik containers have none). */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code "200"} for a success, {@code "403 forbidden"} for an error: the status and the error code. */
    static String outcome(HttpResponse<String> response) {
        if (response.statusCode() < 400) {
            return Integer.toString(response.statusCode());
        }
        return response.statusCode() + " " + json(response.body()).path("error").asText("<no error code>");
    }

    /**
     * The HTTP status of a WebSocket upgrade: 101 when it succeeds (the socket is closed again at once), else the
     * refusal's status. {@code headers} are more name, value pairs to send.
     */
    static int upgradeStatus(HttpClient http, URI uri, String authorization, String... headers) {
        WebSocket.Builder builder = upgrade(http, authorization, headers);
        try {
            WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
            }).orTimeout(10, TimeUnit.SECONDS).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The refused upgrade's response (status, headers, body), or fails when the upgrade succeeds. */
    static HttpResponse<?> refusedUpgrade(HttpClient http, URI uri, String authorization, String... headers) {
        WebSocket.Builder builder = upgrade(http, authorization, headers);
        try {
            builder.buildAsync(uri, new WebSocket.Listener() {
            }).orTimeout(10, TimeUnit.SECONDS).join().abort();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse();
            }
            throw e;
        }
        throw new AssertionError("the upgrade to " + uri + " was expected to be refused");
    }

    private static WebSocket.Builder upgrade(HttpClient http, String authorization, String... headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }
}
