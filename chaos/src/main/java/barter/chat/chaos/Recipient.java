package barter.chat.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recipient that stays online: reconnects whenever its link ends (to any node), records every {@code message}
 * frame, drops repeats by message id as the SDK does, and acks in batches (repeats too, or they come back forever).
 */
final class Recipient implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Recipient.class);

    private final String user;
    private final Line line;
    private final History history;
    private final LinkedBlockingQueue<Link.Frame> inbox;
    private final Acks acks = new Acks();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reconnectRequested = new AtomicBoolean();
    private volatile int queueEmptyOn;
    private volatile boolean stopping;

    Recipient(String user, Line line, History history, LinkedBlockingQueue<Link.Frame> inbox) {
        this.user = user;
        this.line = line;
        this.history = history;
        this.inbox = inbox;
    }

    String user() {
        return user;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                if (reconnectRequested.getAndSet(false)) {
                    line.drop("final reconnect");
                }
                Link link = line.link();
                if (link == null) {
                    break;
                }
                Link.Frame frame = inbox.poll(10, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    handle(frame);
                }
                acks.flushIfDue(link);
                line.keepAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            line.close();
        }
    }

    private void handle(Link.Frame frame) {
        switch (frame.inbound()) {
            case Inbound.Message m -> delivered(frame, m);
            case Inbound.Receipt r -> acks.add(r.messageId());
            case Inbound.QueueEmpty q -> queueEmptyOn = frame.link().number;
            case Inbound.Error e -> LOG.warn("{}: error frame {}: {}", user, e.error(), e.message());
            case Inbound.Accepted a -> LOG.warn("{}: accepted for a send it never made: {}", user, a.id());
            case Inbound.Other o -> {
            }
        }
    }

    private void delivered(Link.Frame frame, Inbound.Message m) {
        String text = new String(Base64.getDecoder().decode(m.body()), StandardCharsets.UTF_8);
        history.add(new Event.Deliver(frame.at(), user, frame.link().number, m.messageId(), m.from(), text));
        seen.add(m.messageId());
        acks.add(m.messageId());
    }

    /** How many of {@code messageIds} have not reached this recipient yet (read by the runner). */
    long missing(Set<Long> messageIds) {
        return messageIds.stream().filter(id -> !seen.contains(id)).count();
    }

    /** Number of the connection that last sent {@code queue_empty}: its backlog has been read. */
    int queueEmptyOn() {
        return queueEmptyOn;
    }

    int connection() {
        return line.connection();
    }

    /** Asks the loop to drop its link and connect again (the final reconnect after the grace period). */
    void reconnect() {
        reconnectRequested.set(true);
    }

    void stop() {
        stopping = true;
        line.stop();
    }
}
