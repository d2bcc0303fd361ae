package barter.chat.chaos;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A user's connection over time, like the SDK keeps it: reconnects with backoff when the link ends, over the nodes
 * {@code choice} picks (by attempt number), and drops a link that stayed silent, since a paused node or a cut proxy
 * may leave a socket open that no longer carries anything. Used by its owner's loop only.
 */
final class Line {
    /** Ping this often; a server that answers with a pong is never silent for long. */
    private static final long PING_EVERY_MS = 1_000;
    /**
     * Longer than the nemesis' pauses (up to 5 s) plus the nodes' own ping interval (1 s, see {@link Deployment}),
     * which keeps a link heard even where the server answers no ping; shorter than the checker's stuck threshold.
     */
    static final long SILENT_LIMIT_MS = 8_000;

    private final String user;
    private final String token;
    private final Net net;
    private final IntUnaryOperator choice;
    private final History history;
    private final BlockingQueue<Link.Frame> inbox;
    private volatile Link link;
    private int connections;
    private long lastPingNanos;
    private volatile boolean stopping;

    Line(String user, String token, Net net, IntUnaryOperator choice, History history, BlockingQueue<Link.Frame> inbox) {
        this.user = user;
        this.token = token;
        this.net = net;
        this.choice = choice;
        this.history = history;
        this.inbox = inbox;
    }

    /** The open link; first (re)connects, retrying until it works, when there is none. Null once stopping. */
    Link link() throws InterruptedException {
        if (link != null && !link.ended()) {
            return link;
        }
        for (int attempt = 0; !stopping; attempt++) {
            int node = Math.floorMod(choice.applyAsInt(attempt), net.size());
            Link candidate = new Link(user, ++connections, net.endpoint(node).node(), inbox, history);
            if (net.connect(candidate, node, token)) {
                link = candidate;
                lastPingNanos = System.nanoTime();
                return link;
            }
            Thread.sleep(Math.min(1_000, 50L << Math.min(attempt, 5)));
        }
        return null;
    }

    /** Pings when due; drops the link when it has been silent too long. */
    void keepAlive() {
        if (link == null || link.ended()) {
            return;
        }
        if (link.silentMillis() > SILENT_LIMIT_MS) {
            link.abort("silent for " + link.silentMillis() + " ms");
        } else if (System.nanoTime() - lastPingNanos > TimeUnit.MILLISECONDS.toNanos(PING_EVERY_MS)) {
            lastPingNanos = System.nanoTime();
            link.ping();
        }
    }

    /** Drops the current link; the next {@link #link()} reconnects. */
    void drop(String why) {
        if (link != null) {
            link.abort(why);
        }
    }

    /** Number of the current link (0 before the first). */
    int connection() {
        return link == null ? 0 : link.number;
    }

    /** Makes {@link #link()} give up; may be called from any thread. */
    void stop() {
        stopping = true;
    }

    void close() {
        if (link != null) {
            link.close();
        }
    }
}
