package barter.chat.client;

import barter.chat.protocol.ServerFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Sends not yet {@code accepted}, in send order. Each keeps its client id and its encrypted body, so a retransmission
 * after a reconnect is byte-identical and the server's idempotency on (sender, id) makes it count once.
 * Thread-safe.
 */
final class Outbox {
    record Pending(String id, String to, String body, CompletableFuture<Sent> result) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    synchronized Pending add(String to, String body) {
        Pending p = new Pending(UUID.randomUUID().toString(), to, body, new CompletableFuture<>());
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
        Pending p;
        synchronized (this) {
            p = pending.remove(frame.id());
        }
        if (p == null) {
            return false;
        }
        p.result().complete(new Sent(frame.id(), frame.messageId(), Instant.ofEpochMilli(frame.ts())));
        return true;
    }

    boolean failed(String id, Exception error) {
        Pending p;
        synchronized (this) {
            p = pending.remove(id);
        }
        return p != null && p.result().completeExceptionally(error);
    }

    void failAll(Exception error) {
        for (Pending p : all()) {
            failed(p.id(), error);
        }
    }
}
