package barter.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * N recipients are offline while S senders queue K messages for each; then all recipients connect at once and
 * drain, acking in batches. Measures the time until every {@code queue_empty} (all backlogs sent), the drain rate,
 * and the time until the server's stored-message count is back to zero (every ack committed).
 */
final class OfflineScenario {
    record Settings(int recipients, int perRecipient, int senders, int bodyBytes, int ackBatch) {
    }

    private static final int SEND_WINDOW = 256;

    private final Context ctx;
    private final Settings s;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder errors = new LongAdder();

    OfflineScenario(Context ctx, Settings settings) {
        this.ctx = ctx;
        this.s = settings;
    }

    /** A sender with a window of un-accepted sends, cycling over its recipients. */
    private final class Sender {
        final Conn conn;
        final List<String> to = new ArrayList<>();
        final byte[] scratch = new byte[s.bodyBytes()];
        final long total;
        long sent;
        long inFlight;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Sender(int i, long total) {
            this.conn = new Conn(ctx.user("s", i), i, this::onFrame, 1);
            this.total = total;
        }

        synchronized void fill() {
            while (inFlight < SEND_WINDOW && sent < total) {
                long now = System.nanoTime();
                conn.send(Wire.send(now + "-" + sent, to.get((int) (sent % to.size())), Wire.body(now, scratch)));
                sent++;
                inFlight++;
            }
        }

        private void onFrame(Conn c, String frame) {
            switch (Wire.type(frame)) {
                case ACCEPTED -> {
                    accepted.increment();
                    boolean finished;
                    synchronized (this) {
                        inFlight--;
                        finished = sent == total && inFlight == 0;
                    }
                    if (finished) {
                        done.complete(null);
                    } else {
                        fill();
                    }
                }
                case ERROR -> {
                    errors.increment();
                    System.err.println("sender error: " + frame);
                }
                default -> {
                }
            }
        }
    }

    Result run() {
        Result r = new Result("offline");
        r.settings.put("recipients", s.recipients());
        r.settings.put("perRecipient", s.perRecipient());
        r.settings.put("senders", s.senders());
        r.settings.put("bodyBytes", s.bodyBytes());
        r.settings.put("ackBatch", s.ackBatch());
        long total = (long) s.recipients() * s.perRecipient();

        List<String> recipientIds = new ArrayList<>();
        for (int i = 0; i < s.recipients(); i++) {
            recipientIds.add(ctx.user("r", i));
        }
        ctx.publishKeys(recipientIds, 8);
        int senderCount = Math.min(s.senders(), s.recipients());
        List<Sender> senders = new ArrayList<>();
        for (int j = 0; j < senderCount; j++) {
            senders.add(new Sender(j, 0));
        }
        for (int i = 0; i < s.recipients(); i++) {
            senders.get(i % senderCount).to.add(recipientIds.get(i));
        }
        List<Sender> loaded = new ArrayList<>();
        for (int j = 0; j < senderCount; j++) {
            Sender plain = senders.get(j);
            Sender withTotal = new Sender(j, (long) plain.to.size() * s.perRecipient());
            withTotal.to.addAll(plain.to);
            loaded.add(withTotal);
        }
        ctx.connectAll(loaded.stream().map(x -> x.conn).toList(), 64, 60);

        long fillStart = System.nanoTime();
        loaded.forEach(Sender::fill);
        CompletableFuture.allOf(loaded.stream().map(x -> x.done).toArray(CompletableFuture[]::new))
                .orTimeout(600, TimeUnit.SECONDS).join();
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        loaded.forEach(x -> x.conn.close());
        double queued = ServerMetrics.scrape(ctx.net()).sum("chat_messaging_queue_size");

        List<Conn> recipients = new ArrayList<>();
        for (int i = 0; i < s.recipients(); i++) {
            recipients.add(new Conn(recipientIds.get(i), i, this::onRecipientFrame, s.ackBatch()));
        }
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1,
                Thread.ofPlatform().daemon().name("bench-timers").factory());
        timers.scheduleAtFixedRate(() -> recipients.forEach(Conn::flushAcks), 5, 5, TimeUnit.MILLISECONDS);
        AtomicLong lastQueueEmpty = new AtomicLong();
        double gen0 = Proc.generatorCpuSeconds();
        double srv0 = ctx.target().serverCpuSeconds();
        double db0 = ctx.target().databaseCpuSeconds();
        long start = System.nanoTime();
        long[] last = {0};
        timers.scheduleAtFixedRate(() -> {
            long now = received.sum();
            r.sample("received/s", (System.nanoTime() - start) / 1e9, (now - last[0]) * 4.0);
            last[0] = now;
        }, 250, 250, TimeUnit.MILLISECONDS);
        recipients.forEach(c -> c.queueEmpty.thenRun(() -> lastQueueEmpty.accumulateAndGet(System.nanoTime(), Math::max)));
        ctx.connectAll(recipients, s.recipients(), 600);
        double drainSeconds = (lastQueueEmpty.get() - start) / 1e9;
        long receivedAtQueueEmpty = received.sum();
        double gen1 = Proc.generatorCpuSeconds();
        double srv1 = ctx.target().serverCpuSeconds();
        double db1 = ctx.target().databaseCpuSeconds();

        // every ack committed: the stored-message gauge is back to zero
        double ackedSeconds = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (ServerMetrics.scrape(ctx.net()).sum("chat_messaging_queue_size") == 0) {
                ackedSeconds = (System.nanoTime() - start) / 1e9;
                break;
            }
            Target.sleep(50);
        }
        timers.shutdownNow();
        recipients.forEach(Conn::close);

        r.put("queued", total);
        r.put("fill_accepted_per_s", total / fillSeconds);
        r.put("server_queue_size_before_drain", (long) queued);
        r.put("drain_seconds", drainSeconds);
        r.put("drained_per_s", receivedAtQueueEmpty / drainSeconds);
        r.put("all_acked_seconds", ackedSeconds);
        r.put("received", received.sum());
        r.put("errors", errors.sum());
        r.put("generator_cpu_s_per_100k", Result.per100k(gen1 - gen0, receivedAtQueueEmpty));
        r.put("server_cpu_s_per_100k", Result.per100k(srv0 < 0 ? -1 : srv1 - srv0, receivedAtQueueEmpty));
        r.put("db_cpu_s_per_100k", Result.per100k(db0 < 0 ? -1 : db1 - db0, receivedAtQueueEmpty));
        if (received.sum() != total) {
            r.note("received " + received.sum() + " of " + total + " queued messages");
        }
        return r;
    }

    private void onRecipientFrame(Conn conn, String frame) {
        switch (Wire.type(frame)) {
            case MESSAGE -> {
                received.increment();
                conn.ack(Wire.messageId(frame));
            }
            case ERROR -> errors.increment();
            default -> {
            }
        }
    }
}
