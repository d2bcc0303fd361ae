package barter.chat.client.storage;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Where the outbox persists sends the server has not accepted yet, so a message the user sent survives the process
 * being killed (Android does it to background apps at any time) and is sent after the restart, exactly once: it
 * keeps its client id, and the server stores a repeated id once.
 *
 * <p>JVM and Android default: {@link #file(File)}, an append-only file in the app's private storage. An app that
 * already has a database may implement this over it. Implementations must be thread-safe.
 */
public interface OutboxStore {

    /** Persists a new pending send; durable on return (the client sends it only after this returns). */
    void add(PendingSend send) throws IOException;

    /** Forgets a send the server accepted or refused for good; need not be durable at once (a resend is harmless). */
    void remove(String clientId) throws IOException;

    /** The pending sends, in the order they were added. Called once, when the client is built. */
    List<PendingSend> load() throws IOException;

    /** An append-only file ({@code file}; its folder must be private to the app). */
    static OutboxStore file(File file) {
        return new OutboxFile(file);
    }

    /** Keeps nothing: pending sends live in memory only and are lost with the process (tests, one-shot tools). */
    static OutboxStore none() {
        return NoOutbox.INSTANCE;
    }
}
