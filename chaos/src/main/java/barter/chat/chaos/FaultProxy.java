package barter.chat.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of one node, on virtual threads: two pumps per connection. {@link #cut()} drops every current
 * connection (with a reset, as a failing network path would); clients then reconnect through it. When the node is
 * down the proxy accepts and closes at once, so a client sees a failed upgrade rather than a hang.
 */
final class FaultProxy implements AutoCloseable {
    private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 2_000;

    /** Both directions of one proxied connection; fully closed when both pumps are done. */
    private record Pair(Socket client, Socket upstream, AtomicInteger pumpsDone) {
        void reset() {
            FaultProxy.reset(client);
            FaultProxy.reset(upstream);
        }

        void close() {
            try (client; upstream) {
                // both directions ended cleanly: a plain close keeps what is still in the send buffers
            } catch (IOException e) {
                // already gone
            }
        }

        boolean lastPumpDone() {
            return pumpsDone.incrementAndGet() == 2;
        }
    }

    private final String node;
    private final int upstreamPort;
    private final ServerSocket listener;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    FaultProxy(String node, int upstreamPort) {
        this.node = node;
        this.upstreamPort = upstreamPort;
        try {
            this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for the proxy of " + node, e);
        }
        Thread.ofVirtual().name("proxy-" + node).start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Drops every connection open now, with a reset; returns how many. */
    int cut() {
        int count = 0;
        for (Pair pair : pairs) {
            if (pairs.remove(pair)) {
                pair.reset();
                count++;
            }
        }
        return count;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().name("proxy-" + node + "-conn").start(() -> bridge(client));
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("proxy of " + node + " stopped accepting", e);
                }
            }
        }
    }

    private void bridge(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort),
                    UPSTREAM_CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            reset(client); // the node is down: refuse, like a dead backend behind a load balancer
            reset(upstream);
            return;
        }
        Pair pair = new Pair(client, upstream, new AtomicInteger());
        pairs.add(pair);
        Thread.ofVirtual().start(() -> pump(pair, client, upstream));
        pump(pair, upstream, client);
    }

    /**
     * Copies one direction; its end (FIN) is passed on as a half-close, so a node's last frames and its close still
     * arrive; an error (reset) drops both directions at once.
     */
    private void pump(Pair pair, Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            pair.reset(); // cut() or a side that went away: the other pump ends too
        }
        if (pair.lastPumpDone()) {
            pairs.remove(pair);
            pair.close();
        }
    }

    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // best effort
        }
        cut();
    }
}
