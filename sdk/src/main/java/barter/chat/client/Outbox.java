package barter.chat.client;

import barter.chat.client.storage.OutboxStore;
import barter.chat.client.storage.PendingSend;
import barter.chat.protocol.ServerFrame;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends not yet {@code accepted}, in send order. Each keeps its client id and its encrypted body, so a retransmission
 * after a reconnect (or after a restart: the {@link OutboxStore} has them) is byte-identical and the server's
 * idempotency on (sender, id) makes it count once. Every settled send is also reported as a {@link ChatEvent}, so
 * the app learns about sends restored from a previous process, whose futures nobody holds. Thread-safe.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** @param commitment the franking commitment (base64), or null for an unfranked message */
    record Pending(String id, String to, String body, String commitment, CompletableFuture<Sent> result) {
    }

    private final OutboxStore store;
    private final ChatListener events;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /** Loads what the store kept from an earlier process; those sends go out on the first connection. */
    Outbox(OutboxStore store, ChatListener events) throws IOException {
        this.store = store;
        this.events = events;
        for (PendingSend s : store.load()) {
            pending.put(s.clientId(), new Pending(s.clientId(), s.to(), s.body(), s.commitment(),
                    new CompletableFuture<>()));
        }
    }

    /**
     * Queues a send; it is in the store (durable) when this returns. Synchronized with the store write, so the
     * store's order is the send order a restart replays.
     */
    synchronized Pending add(String to, String body, String commitment) throws IOException {
        Pending p = new Pending(UUID.randomUUID().toString(), to, body, commitment, new CompletableFuture<>());
        store.add(new PendingSend(p.id(), to, body, commitment));
        pending.put(p.id(), p);
        return p;
    }

    synchronized List<Pending> all() {
        return new ArrayList<>(pending.values());
    }

    synchronized Optional<Pending> get(String id) {
        return Optional.ofNullable(pending.get(id));
    }

    synchronized int size() {
        return pending.size();
    }

    /** Completes the send the frame answers; false if no such send is pending (a repeated answer). */
    boolean accepted(ServerFrame.Accepted frame) {
        Pending p = settle(frame.id());
        if (p == null) {
            return false;
        }
        Sent sent = new Sent(frame.id(), frame.messageId(), Instant.ofEpochMilli(frame.ts()));
        p.result().complete(sent);
        events.onEvent(new ChatEvent.Accepted(sent, p.to()));
        return true;
    }

    /** Fails a send for good (the server refused it); reported to its future and as an event. */
    boolean failed(String id, ServerException error) {
        Pending p = settle(id);
        if (p == null) {
            return false;
        }
        p.result().completeExceptionally(error);
        events.onEvent(new ChatEvent.SendFailed(id, p.to(), error));
        return true;
    }

    /** Fails the futures of all sends, which stay in the store and go out when a client runs again. */
    synchronized void abandon(Exception error) {
        for (Pending p : pending.values()) {
            p.result().completeExceptionally(error);
        }
        pending.clear();
    }

    private Pending settle(String id) {
        Pending p;
        synchronized (this) {
            p = pending.remove(id);
        }
        if (p != null) {
            try {
                store.remove(id);
            } catch (IOException e) {
                // Harmless beyond a wasted resend: the server answers a repeated id with the same acceptance.
                LOG.warn("cannot record send {} as settled in the outbox store: {}", id, e.getMessage());
            }
        }
        return p;
    }
}
