package barter.chat.messaging;

import barter.chat.store.MessageDao;
import barter.chat.store.Write;
import barter.chat.store.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the message store. Writes queue up while a commit runs; the next commit takes all of them
 * (up to {@link #MAX_BATCH}) in one transaction, so one fsync serves a whole batch. No delay is added to wait for
 * company: the batching window is exactly the duration of the previous commit, so a lone send commits at once and
 * a busy server commits in batches. Being one thread also gives every write a total order, which is what keeps
 * messages from one sender in send order.
 *
 * <p>Completion handlers run on the writer thread after the commit: they must only queue frames, never block.
 */
final class GroupCommit implements AutoCloseable {
    static final int MAX_BATCH = 512;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    record Pending(Write write, Consumer<WriteResult> done, Consumer<RuntimeException> failed) {
    }

    private static final Pending STOP = new Pending(null, result -> { }, failure -> { });

    private final MessageDao dao;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(16 * MAX_BATCH);
    private final Thread writer;
    private final BatchListener listener;
    private volatile boolean running = true;

    /** Told how large each committed batch was and how long it took (metrics). */
    interface BatchListener {
        void committed(int size, long nanos);
    }

    GroupCommit(MessageDao dao, BatchListener listener) {
        this.dao = dao;
        this.listener = listener;
        this.writer = Thread.ofPlatform().name("message-writer").daemon(false).start(this::run);
    }

    /** Queues a write; waits while the queue is full, which slows the sending sockets down (backpressure). */
    void submit(Write write, Consumer<WriteResult> done, Consumer<RuntimeException> failed) {
        if (!running) {
            throw new IllegalStateException("the message store is closed");
        }
        try {
            queue.put(new Pending(write, done, failed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a write", e);
        }
    }

    /** Waits without a timeout: an idle writer costs no wake-ups. {@link #STOP} ends it after what was queued. */
    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                stopping = batch.removeIf(p -> p == STOP);
                if (stopping) {
                    queue.drainTo(batch);
                    batch.removeIf(p -> p == STOP);
                }
                if (!batch.isEmpty()) {
                    commit(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        long start = System.nanoTime();
        List<WriteResult> results;
        try {
            results = dao.write(batch.stream().map(Pending::write).toList());
        } catch (RuntimeException batchFailure) {
            log.warn("batch of {} writes failed; retrying one by one", batch.size(), batchFailure);
            batch.forEach(this::commitAlone);
            return;
        }
        listener.committed(batch.size(), System.nanoTime() - start);
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    /** A failed batch is retried write by write, so one bad write cannot fail its neighbours. */
    private void commitAlone(Pending pending) {
        WriteResult result;
        try {
            result = dao.write(List.of(pending.write())).get(0);
        } catch (RuntimeException e) {
            log.error("write failed: {}", pending.write().getClass().getSimpleName(), e);
            pending.failed().accept(e);
            return;
        }
        complete(pending, result);
    }

    private static void complete(Pending pending, WriteResult result) {
        try {
            pending.done().accept(result);
        } catch (RuntimeException e) {
            log.error("completion handler failed after a successful commit", e);
        }
    }

    /** Stops taking writes, commits what is queued, and waits for the writer to finish. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
