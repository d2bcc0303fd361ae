package barter.chat.client.storage;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Where the duplicate filter persists the ids of messages already handed to the app. The server redelivers a message
 * whose acknowledgement it did not get (the connection dropped, the process was killed right after the handler
 * returned); with the ids persisted, the app sees it once even across a restart.
 *
 * <p>JVM and Android default: {@link #file(File, int)}. Implementations must be thread-safe.
 */
public interface DedupStore {

    /** Records a handled message id; durable on return (the client acknowledges the message only after). */
    void add(long messageId) throws IOException;

    /** The most recently recorded ids, oldest first, at most the capacity given to the store. */
    List<Long> load() throws IOException;

    /** An append-only file remembering the last {@code capacity} ids. */
    static DedupStore file(File file, int capacity) {
        return new DedupFile(file, capacity);
    }

    /** Keeps nothing: duplicates are filtered in memory only, for the life of the process. */
    static DedupStore none() {
        return NoDedup.INSTANCE;
    }
}
