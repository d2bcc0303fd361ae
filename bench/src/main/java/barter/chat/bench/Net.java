package barter.chat.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The generator's network stack: Jetty's HTTP and WebSocket clients on one small shared thread pool and one selector
 * per client (no thread per connection). Several WebSocket clients may bind different 127.x.y.z source addresses,
 * so many connections fit in the ephemeral port range.
 */
final class Net implements AutoCloseable {
    private final QueuedThreadPool pool;
    private final ScheduledExecutorScheduler scheduler;
    private final HttpClient http;
    private final List<WebSocketClient> sockets = new ArrayList<>();
    private final URI base;

    Net(URI base, int threads, int sourceAddresses) {
        this.base = base;
        // each client has a selector thread on the pool; the rest handle frames
        this.pool = new QueuedThreadPool(Math.max(threads, 4) + 2 * (Math.max(1, sourceAddresses) + 1), 2);
        pool.setName("bench-io");
        pool.setReservedThreads(0);
        this.scheduler = new ScheduledExecutorScheduler("bench-scheduler", true);
        try {
            pool.start();
            scheduler.start();
            this.http = client(null);
            http.setMaxConnectionsPerDestination(64);
            http.start();
            for (int i = 0; i < Math.max(1, sourceAddresses); i++) {
                InetSocketAddress bind = sourceAddresses <= 1 ? null : new InetSocketAddress("127.0.%d.%d".formatted(1 + i / 250, 2 + i % 250), 0);
                WebSocketClient ws = new WebSocketClient(client(bind));
                ws.setIdleTimeout(Duration.ofMinutes(30));
                ws.setConnectTimeout(TimeUnit.SECONDS.toMillis(30));
                ws.setStopAtShutdown(false);
                ws.start();
                sockets.add(ws);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Jetty clients", e);
        }
    }

    private HttpClient client(InetSocketAddress bind) {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(pool);
        connector.setScheduler(scheduler);
        if (bind != null) {
            connector.setBindAddress(bind);
        }
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        client.setScheduler(scheduler);
        client.setIdleTimeout(TimeUnit.MINUTES.toMillis(30));
        client.setConnectTimeout(TimeUnit.SECONDS.toMillis(30));
        client.setFollowRedirects(false);
        return client;
    }

    URI base() {
        return base;
    }

    URI ws() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "/v1/ws");
    }

    HttpClient http() {
        return http;
    }

    /** The WebSocket client for connection number {@code n}: spread round-robin over the source addresses. */
    WebSocketClient socketsFor(int n) {
        return sockets.get(n % sockets.size());
    }

    /**
     * A blocking request (setup and scrapes only, never on a measured path). Retried once when the server closed a
     * pooled keep-alive connection just as it was reused (every request here is idempotent).
     */
    ContentResponse request(String method, String path, String token, String json) {
        try {
            return attempt(method, path, token, json);
        } catch (IllegalStateException first) {
            if (!(first.getCause() instanceof java.util.concurrent.ExecutionException e
                    && e.getCause() instanceof java.io.IOException)) {
                throw first;
            }
            return attempt(method, path, token, json);
        }
    }

    private ContentResponse attempt(String method, String path, String token, String json) {
        try {
            var request = http.newRequest(base.resolve(path)).method(method).timeout(30, TimeUnit.SECONDS);
            if (token != null) {
                request.headers(h -> h.put("Authorization", "Bearer " + token));
            }
            if (json != null) {
                request.body(new StringRequestContent("application/json", json));
            }
            return request.send();
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        for (WebSocketClient ws : sockets) {
            stopQuietly(ws);
        }
        stopQuietly(http);
        try {
            scheduler.stop();
            pool.stop();
        } catch (Exception e) {
            // best effort
        }
    }

    private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle c) {
        try {
            c.stop();
        } catch (Exception e) {
            // best effort
        }
    }
}
