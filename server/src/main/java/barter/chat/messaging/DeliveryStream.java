package barter.chat.messaging;

import barter.chat.connections.CloseReason;
import barter.chat.connections.Connection;
import barter.chat.connections.InboxListener;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.InboxEntry;
import barter.chat.store.InboxPage;
import barter.chat.store.MessageDao;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a user's inbox to their socket: a loop on its own virtual thread that writes entries in inbox
 * sequence order ({@link InboxEntry#seq}, gapless per recipient) and remembers the last one written (the cursor).
 *
 * <p>It reads the store when it starts (the backlog, then {@code queue_empty}) and whenever it may have missed
 * something. Entries committed by this node arrive as notices carrying the entry; one that is exactly the next in
 * sequence is written without a read, anything else (a gap: another node's entry, a lost notice) makes the stream
 * read the store after its cursor. Because a recipient's entries commit in sequence order on every store (the head
 * row claimed in the inserting transaction), "after the cursor" never skips an entry that commits late.
 *
 * <p>Memory: notices held while the stream is busy are capped at {@link #HINT_BYTES} (past that they are dropped
 * and the store is read instead), a page read from the store at {@link #PAGE_BYTES} plus one entry, and what is
 * written waits for room in the connection's outbound budget. An idle stream has no thread at all: a notice starts
 * a virtual thread for the loop, which ends as soon as there is nothing left to do (a parked thread per idle
 * connection cost ~4 KiB of heap each, measured with the bench's {@code connections} scenario).
 */
public final class DeliveryStream implements InboxListener {
    private static final Logger log = LoggerFactory.getLogger(DeliveryStream.class);

    static final int PAGE = 500;
    static final long PAGE_BYTES = 256 * 1024;
    static final long HINT_BYTES = 256 * 1024;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private final Connection connection;
    private final MessageDao dao;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<InboxEntry> hints = new ArrayDeque<>();
    private long hintBytes;
    private boolean stale = true;
    private boolean running;
    private long cursor;
    private boolean backlogSent;
    private int failedReads;

    DeliveryStream(Connection connection, MessageDao dao) {
        this.connection = connection;
        this.dao = dao;
    }

    /**
     * Sends the backlog; call after the connection can be found by notices, so none is missed before the first read.
     */
    public void start() {
        mayHaveMissed();
    }

    /** Starts the loop if it is not running; with the lock held. */
    private void wake() {
        if (!running && connection.isOpen()) {
            running = true;
            Thread.ofVirtual().name("stream-" + connection.id()).start(this::run);
        }
    }

    @Override
    public void committed(InboxEntry entry) {
        lock.lock();
        try {
            if (hintBytes + entry.weight() > HINT_BYTES) {
                hints.clear();
                hintBytes = 0;
                stale = true;
            } else {
                hints.add(entry);
                hintBytes += entry.weight();
            }
            wake();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void mayHaveMissed() {
        lock.lock();
        try {
            stale = true;
            wake();
        } finally {
            lock.unlock();
        }
    }

    /** What the loop does next: read the store or not, then the notices taken. */
    private record Work(boolean read, List<InboxEntry> hints) {
    }

    private void run() {
        try {
            for (Work next = nextWork(); next != null; next = nextWork()) {
                if (next.read() && !readStore()) {
                    continue;
                }
                writeHints(next.hints());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close(CloseReason.SHUTDOWN);
        } catch (RuntimeException e) {
            // the loop is gone for good (running stays set): the client must reconnect to get a new one
            log.error("delivery stream of connection {} ({}) failed after seq {}; closing so the client reconnects",
                    connection.id(), connection.userId(), cursor, e);
            connection.close(CloseReason.SHUTDOWN);
        }
    }

    /** The next work, or null when there is none (or the connection closed): then the loop ends. */
    private Work nextWork() {
        lock.lock();
        try {
            if (!connection.isOpen() || (!stale && hints.isEmpty())) {
                running = false;
                return null;
            }
            Work next = new Work(stale, new ArrayList<>(hints));
            stale = false;
            hints.clear();
            hintBytes = 0;
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Writes every entry after the cursor; false when the read failed (retried later) or the socket closed. */
    private boolean readStore() throws InterruptedException {
        InboxPage page;
        do {
            try {
                page = dao.entriesAfter(connection.userId(), cursor, PAGE, PAGE_BYTES);
            } catch (RuntimeException e) {
                readFailed(e);
                return false;
            }
            readSucceeded();
            for (InboxEntry entry : page.entries()) {
                if (!write(entry)) {
                    return false;
                }
            }
        } while (page.more() && connection.isOpen());
        if (!backlogSent) {
            backlogSent = true;
            return connection.write(new ServerFrame.QueueEmpty(), false);
        }
        return true;
    }

    /** Notices taken together: the already written are skipped, a gap means the store must be read. */
    private void writeHints(List<InboxEntry> taken) {
        for (InboxEntry entry : taken) {
            if (entry.seq() <= cursor) {
                continue;
            }
            if (entry.seq() != cursor + 1) {
                mayHaveMissed();
                return;
            }
            if (!write(entry)) {
                return;
            }
        }
    }

    private boolean write(InboxEntry entry) {
        if (!connection.write(Frames.of(entry), backlogSent)) {
            return false;
        }
        cursor = entry.seq();
        return true;
    }

    /**
     * The store did not answer: entries stay stored; read again after a growing pause. Logged once per outage, so a
     * database restart does not print a line per connection per retry.
     */
    private void readFailed(RuntimeException e) throws InterruptedException {
        failedReads++;
        if (failedReads == 1) {
            log.warn("delivery stream of connection {} ({}) cannot read the store after seq {}; retrying: {}",
                    connection.id(), connection.userId(), cursor, e.toString());
        }
        mayHaveMissed();
        TimeUnit.MILLISECONDS.sleep(Math.min(MAX_RETRY_MILLIS, 100L << Math.min(failedReads, 6)));
    }

    private void readSucceeded() {
        if (failedReads > 0) {
            log.info("delivery stream of connection {} ({}) reads the store again after {} failed reads",
                    connection.id(), connection.userId(), failedReads);
            failedReads = 0;
        }
    }
}
