package barter.chat.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** The clients' way in: one WebSocket client for every user, and the nodes' addresses (their fault proxies). */
final class Net implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Net.class);
    /** A node as clients see it: its name and the port of the proxy in front of it. */
    record Endpoint(String node, int port) {
        URI ws() {
            return URI.create("ws://127.0.0.1:" + port + "/v1/ws");
        }

        URI http(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    private static final long CONNECT_TIMEOUT_MS = 5_000;

    private final List<Endpoint> endpoints;
    private final WebSocketClient sockets = new WebSocketClient();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Net(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        // liveness is the clients' own ping check (Line), so Jetty's idle timeout must never fire first
        sockets.setIdleTimeout(Duration.ofMinutes(30));
        sockets.setConnectTimeout(CONNECT_TIMEOUT_MS);
        sockets.setStopAtShutdown(false);
        try {
            sockets.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket client", e);
        }
    }

    int size() {
        return endpoints.size();
    }

    Endpoint endpoint(int node) {
        return endpoints.get(node);
    }

    /** Opens {@code link} to {@code node}; false (and the link ended) when the upgrade does not complete in time. */
    boolean connect(Link link, int node, String token) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(endpoints.get(node).ws());
        upgrade.setHeader("Authorization", "Bearer " + token);
        CompletableFuture<Session> future = null;
        try {
            future = sockets.connect(link, upgrade);
            future.get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // refused, reset or timed out: the caller tries again, maybe elsewhere
            LOG.debug("{} connect to {} failed: {}", link.user, endpoints.get(node).node(), e.toString());
        }
        if (future != null) {
            future.cancel(true);
        }
        link.abort("connect failed");
        return false;
    }

    /** A blocking PUT with a bearer token; returns the status and body. */
    HttpResponse<String> put(int node, String path, String token, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoints.get(node).http(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            sockets.stop();
        } catch (Exception e) {
            // best effort at the end of a run
        }
        http.close();
    }
}
