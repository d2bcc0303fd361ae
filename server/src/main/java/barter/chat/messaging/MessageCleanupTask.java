package barter.chat.messaging;

import barter.chat.store.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires messages older than the retention period, queueing an {@code expired} receipt for each sender, and drops
 * old receipts and send records. Runs every interval; a failed run is logged and counted and the next run tries
 * again. Expired messages are deleted in chunks so one run never holds the writer for long.
 */
public final class MessageCleanupTask implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageCleanupTask.class);
    private static final int CHUNK = 1000;

    private final MessageQueue queue;
    private final MessagingMetrics messagingMetrics;
    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private final Counter runs;
    private final Counter failures;
    private final Timer duration;
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private ScheduledExecutorService scheduler;

    public MessageCleanupTask(MessageQueue queue, MessagingMetrics messagingMetrics, Duration retention,
                              Duration interval, Clock clock, MeterRegistry registry) {
        this.queue = queue;
        this.messagingMetrics = messagingMetrics;
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
        // starts at "now" so a fresh node does not look as if cleanup had never succeeded
        lastSuccessMillis.set(clock.millis());
        this.runs = Counter.builder("chat.cleanup.runs").register(registry);
        this.failures = Counter.builder("chat.cleanup.failures").register(registry);
        this.duration = Timer.builder("chat.cleanup.duration").register(registry);
        Gauge.builder("chat.cleanup.last.success.timestamp", lastSuccessMillis, v -> v.get() / 1000.0)
                .baseUnit("seconds").register(registry);
        Gauge.builder("chat.cleanup.interval", () -> interval.toMillis() / 1000.0).baseUnit("seconds")
                .register(registry);
    }

    /** Schedules runs every interval, the first one interval from now. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("message-cleanup").factory());
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    public synchronized boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** Stops scheduling and waits for a run in progress. */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // counted and logged in runOnce; the schedule must survive for the next run
        }
    }

    /** One cleanup pass now; returns how many messages expired. Throws after logging and counting a failure. */
    public int runOnce() {
        runs.increment();
        long start = System.nanoTime();
        try {
            int expired = expireAll();
            lastSuccessMillis.set(clock.millis());
            return expired;
        } catch (RuntimeException e) {
            failures.increment();
            log.error("message cleanup failed (retention {}); the next run is in {}", retention, interval, e);
            throw e;
        } finally {
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private int expireAll() {
        long now = clock.millis();
        long cutoff = now - retention.toMillis();
        int total = 0;
        while (true) {
            Expiry expiry = queue.expire(cutoff, now, CHUNK);
            messagingMetrics.expired(expiry.messagesExpired());
            total += expiry.messagesExpired();
            if (expiry.messagesExpired() < CHUNK) {
                if (total > 0 || expiry.receiptsDropped() > 0) {
                    log.info("cleanup expired {} messages, dropped {} receipts and {} send records", total,
                            expiry.receiptsDropped(), expiry.sendsDropped());
                }
                return total;
            }
        }
    }
}
