package barter.chat.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted sender that behaves like the SDK: messages {@code 0..total-1} to one recipient, paced over the traffic
 * period, at most {@code window} unanswered at a time. A send that got no {@code accepted} before its connection
 * ended is sent again, with the same client id and in order, on the next connection; a refused one (error frame) is
 * sent again after the server's retry delay, and no new message goes out until it is accepted. Receipts are acked.
 */
final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long MIN_RETRY_MS = 200;

    private record Outgoing(String clientId, int seq, String frame) {
    }

    private final String user;
    private final String recipient;
    private final int total;
    private final int window;
    private final long intervalNanos;
    private final Line line;
    private final History history;
    private final LinkedBlockingQueue<Link.Frame> inbox;
    private final Acks acks = new Acks();
    private final Map<String, Outgoing> pending = new LinkedHashMap<>();
    private final SequencedMap<String, Outgoing> unanswered = new LinkedHashMap<>();
    private final TreeMap<Integer, Outgoing> toResend = new TreeMap<>();
    private final Set<String> refused = new HashSet<>();
    private final Set<Long> acceptedIds = ConcurrentHashMap.newKeySet();
    private long startNanos;
    private long retryAtNanos;
    private int next;
    private Link sentOn;
    private volatile int acceptedCount;
    private volatile boolean sentAll;
    private volatile boolean stopping;

    Sender(Script script, Line line, History history, LinkedBlockingQueue<Link.Frame> inbox) {
        this.user = script.user();
        this.recipient = script.recipient();
        this.total = script.messages();
        this.window = script.window();
        this.intervalNanos = script.traffic().toNanos() / Math.max(1, script.messages());
        this.line = line;
        this.history = history;
        this.inbox = inbox;
    }

    /** What one sender sends: {@code messages} messages to {@code recipient}, spread over {@code traffic}. */
    record Script(String user, String recipient, int messages, int window, Duration traffic) {
    }

    @Override
    public void run() {
        startNanos = System.nanoTime();
        try {
            while (!stopping) {
                Link link = line.link();
                if (link == null) {
                    break;
                }
                if (link != sentOn) {
                    resendAfterReconnect(link);
                }
                sendWhatFits(link);
                Link.Frame frame = inbox.poll(20, TimeUnit.MILLISECONDS);
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

    /** Whatever had no answer on the old connection goes out again first, in send order. */
    private void resendAfterReconnect(Link link) {
        unanswered.values().forEach(o -> toResend.put(o.seq(), o));
        unanswered.clear();
        sentOn = link;
    }

    private void sendWhatFits(Link link) {
        if (System.nanoTime() < retryAtNanos) {
            return;
        }
        while (unanswered.size() < window) {
            Outgoing o = nextToSend();
            if (o == null) {
                return;
            }
            history.add(new Event.Send(history.now(), user, recipient, o.clientId(), o.seq()));
            unanswered.put(o.clientId(), o);
            link.send(o.frame());
        }
    }

    private Outgoing nextToSend() {
        if (!toResend.isEmpty()) {
            return toResend.pollFirstEntry().getValue();
        }
        boolean due = System.nanoTime() - startNanos >= next * intervalNanos;
        if (next >= total || !refused.isEmpty() || !due) {
            return null;
        }
        int seq = next++;
        sentAll = next == total;
        String body = Base64.getEncoder().encodeToString(Messages.text(user, seq).getBytes(StandardCharsets.UTF_8));
        Outgoing o = new Outgoing(Messages.clientId(user, seq), seq, Outbound.send(Messages.clientId(user, seq),
                recipient, body));
        pending.put(o.clientId(), o);
        return o;
    }

    private void handle(Link.Frame frame) {
        switch (frame.inbound()) {
            case Inbound.Accepted a -> accepted(frame.at(), a);
            case Inbound.Error e -> refusedBy(frame.at(), e);
            case Inbound.Receipt r -> acks.add(r.messageId());
            case Inbound.Message m -> acks.add(m.messageId());
            case Inbound.QueueEmpty q -> {
            }
            case Inbound.Other o -> {
            }
        }
    }

    private void accepted(long at, Inbound.Accepted a) {
        history.add(new Event.Accept(at, user, a.id(), a.messageId()));
        acceptedIds.add(a.messageId());
        Outgoing o = pending.remove(a.id());
        if (o == null) {
            return; // a second answer for a resend: recorded above, so the checker compares the ids
        }
        unanswered.remove(a.id());
        toResend.remove(o.seq());
        refused.remove(a.id());
        acceptedCount++;
    }

    private void refusedBy(long at, Inbound.Error e) {
        Outgoing o = e.id() == null ? null : pending.get(e.id());
        if (o == null) {
            LOG.warn("{}: error frame {} for {}: {}", user, e.error(), e.id(), e.message());
            return;
        }
        history.add(new Event.Refuse(at, user, e.id(), e.error()));
        unanswered.remove(e.id());
        toResend.put(o.seq(), o);
        refused.add(e.id());
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_RETRY_MS, e.retryAfterMs()));
    }

    /** Each message went out at least once (read by the runner). */
    boolean sentAll() {
        return sentAll;
    }

    /** Messages not accepted yet (read by the runner while the loop runs). */
    int unaccepted() {
        return total - acceptedCount;
    }

    String recipient() {
        return recipient;
    }

    /** Every server id this sender was answered with so far (read by the runner). */
    Set<Long> acceptedIds() {
        return acceptedIds;
    }

    void stop() {
        stopping = true;
        line.stop();
    }
}
