package barter.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * P sender/recipient pairs, all online. Closed loop ({@code rate == 0}): each pair keeps {@code window} messages
 * between send and receipt by the recipient. Open loop: a pacer sends {@code rate} messages a second in total,
 * round-robin over the pairs, and latency counts from the intended send time (coordinated-omission correction).
 * Recipients ack in batches; a message counts as delivered+acked when its sender gets the delivery receipt.
 */
final class OnlineScenario {
    record Settings(int pairs, int window, int rate, int bodyBytes, int warmupSeconds, int durationSeconds,
                    int ackBatch, int ackIntervalMs) {
    }

    private final Context ctx;
    private final Settings s;
    private final Recorder accepted = new Recorder(3);
    private final Recorder received = new Recorder(3);
    private final Recorder receipted = new Recorder(3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder acceptedCount = new LongAdder();
    private final LongAdder receivedCount = new LongAdder();
    private final LongAdder receiptCount = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong firstError = new AtomicLong();
    private volatile boolean sending = true;

    OnlineScenario(Context ctx, Settings settings) {
        this.ctx = ctx;
        this.s = settings;
    }

    private final class Pair {
        final Conn sender;
        final Conn recipient;
        final byte[] scratch = new byte[s.bodyBytes()];
        int seq;
        int inFlight;

        Pair(int i) {
            this.sender = new Conn(ctx.user("s", i), i, OnlineScenario.this::onSenderFrame, s.ackBatch());
            this.recipient = new Conn(ctx.user("r", i), i, OnlineScenario.this::onRecipientFrame, s.ackBatch());
        }

        /** Closed loop: top the window up. */
        synchronized void fill() {
            while (sending && inFlight < s.window()) {
                sendOne(System.nanoTime());
            }
        }

        synchronized void received() {
            inFlight--;
        }

        synchronized void sendOne(long intendedNanos) {
            inFlight++;
            seq++;
            sender.send(Wire.send(intendedNanos + "-" + seq, recipient.userId, Wire.body(intendedNanos, scratch)));
            sent.increment();
        }
    }

    private List<Pair> pairs;

    private void onSenderFrame(Conn conn, String frame) {
        long now = System.nanoTime();
        switch (Wire.type(frame)) {
            case ACCEPTED -> {
                acceptedCount.increment();
                accepted.recordValue(micros(now - Wire.idNanos(frame)));
            }
            case RECEIPT -> {
                receiptCount.increment();
                receipted.recordValue(micros(now - Wire.idNanos(frame)));
                conn.ack(Wire.messageId(frame));
            }
            case ERROR -> error(frame);
            default -> {
            }
        }
    }

    private void onRecipientFrame(Conn conn, String frame) {
        long now = System.nanoTime();
        switch (Wire.type(frame)) {
            case MESSAGE -> {
                receivedCount.increment();
                received.recordValue(micros(now - Wire.bodyNanos(frame)));
                conn.ack(Wire.messageId(frame));
                Pair pair = pairs.get(conn.index);
                pair.received();
                if (s.rate() == 0) {
                    pair.fill();
                }
            }
            case ERROR -> error(frame);
            default -> {
            }
        }
    }

    private void error(String frame) {
        errors.increment();
        if (firstError.compareAndSet(0, 1)) {
            System.err.println("first error frame: " + frame);
        }
    }

    private static long micros(long nanos) {
        return Math.max(1, nanos / 1000);
    }

    Result run() {
        Result r = new Result("online");
        r.settings.put("pairs", s.pairs());
        r.settings.put("mode", s.rate() == 0 ? "closed loop, window " + s.window() + " per pair" : "open loop, " + s.rate() + " msgs/s");
        r.settings.put("bodyBytes", s.bodyBytes());
        r.settings.put("warmupSeconds", s.warmupSeconds());
        r.settings.put("durationSeconds", s.durationSeconds());
        r.settings.put("ackBatch", s.ackBatch());
        r.settings.put("ackIntervalMs", s.ackIntervalMs());

        pairs = new ArrayList<>();
        List<Conn> conns = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < s.pairs(); i++) {
            Pair p = new Pair(i);
            pairs.add(p);
            conns.add(p.sender);
            conns.add(p.recipient);
            recipients.add(p.recipient.userId);
        }
        ctx.publishKeys(recipients, 8);
        ctx.connectAll(conns, 64, 60);

        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1,
                Thread.ofPlatform().daemon().name("bench-timers").factory());
        timers.scheduleAtFixedRate(() -> conns.forEach(Conn::flushAcks), s.ackIntervalMs(), s.ackIntervalMs(),
                TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long[] last = new long[3];
        timers.scheduleAtFixedRate(() -> {
            double t = (System.nanoTime() - start) / 1e9;
            long a = acceptedCount.sum();
            long rc = receivedCount.sum();
            long d = receiptCount.sum();
            r.sample("accepted/s", t, a - last[0]);
            r.sample("received/s", t, rc - last[1]);
            r.sample("delivered+acked/s", t, d - last[2]);
            last[0] = a;
            last[1] = rc;
            last[2] = d;
        }, 1, 1, TimeUnit.SECONDS);

        Thread pacer = null;
        if (s.rate() == 0) {
            pairs.forEach(Pair::fill);
        } else {
            pacer = Thread.ofPlatform().name("bench-pacer").daemon().start(() -> pace(start));
        }
        Target.sleep(s.warmupSeconds() * 1000L);
        accepted.getIntervalHistogram();
        received.getIntervalHistogram();
        receipted.getIntervalHistogram();
        ServerMetrics m0 = ServerMetrics.scrape(ctx.net());
        long a0 = acceptedCount.sum();
        long rc0 = receivedCount.sum();
        long d0 = receiptCount.sum();
        double gen0 = Proc.generatorCpuSeconds();
        double srv0 = ctx.target().serverCpuSeconds();
        double db0 = ctx.target().databaseCpuSeconds();
        long t0 = System.nanoTime();

        Target.sleep(s.durationSeconds() * 1000L);

        long t1 = System.nanoTime();
        double gen1 = Proc.generatorCpuSeconds();
        double srv1 = ctx.target().serverCpuSeconds();
        double db1 = ctx.target().databaseCpuSeconds();
        long a1 = acceptedCount.sum();
        long rc1 = receivedCount.sum();
        long d1 = receiptCount.sum();
        ServerMetrics m1 = ServerMetrics.scrape(ctx.net());
        Histogram hAccepted = accepted.getIntervalHistogram();
        Histogram hReceived = received.getIntervalHistogram();
        Histogram hReceipt = receipted.getIntervalHistogram();

        sending = false;
        if (pacer != null) {
            pacer.interrupt();
        }
        // let every sent message arrive and be receipted, so "lost" means lost
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && (receivedCount.sum() < sent.sum() || receiptCount.sum() < sent.sum())) {
            Target.sleep(50);
        }
        timers.shutdownNow();
        conns.forEach(Conn::close);

        double seconds = (t1 - t0) / 1e9;
        long delivered = d1 - d0;
        r.put("accepted_per_s", (a1 - a0) / seconds);
        r.put("received_per_s", (rc1 - rc0) / seconds);
        r.put("delivered_acked_per_s", delivered / seconds);
        r.put("sent", sent.sum());
        r.put("received", receivedCount.sum());
        r.put("receipts", receiptCount.sum());
        r.put("errors", errors.sum());
        r.put("not_received_after_drain", sent.sum() - receivedCount.sum());
        r.put("generator_cpu_s_per_100k", Result.per100k(gen1 - gen0, delivered));
        r.put("server_cpu_s_per_100k", Result.per100k(srv0 < 0 ? -1 : srv1 - srv0, delivered));
        r.put("db_cpu_s_per_100k", Result.per100k(db0 < 0 ? -1 : db1 - db0, delivered));
        r.put("generator_cores", (gen1 - gen0) / seconds);
        r.put("server_cores", srv0 < 0 ? -1 : (srv1 - srv0) / seconds);
        r.put("db_cores", db0 < 0 ? -1 : (db1 - db0) / seconds);
        double batches = m1.sum("chat_messaging_commit_batch_count") - m0.sum("chat_messaging_commit_batch_count");
        double writes = m1.sum("chat_messaging_commit_batch_sum") - m0.sum("chat_messaging_commit_batch_sum");
        r.put("commits_per_s", batches / seconds);
        r.put("writes_per_commit", batches > 0 ? writes / batches : 0);
        r.latency("send->accepted", hAccepted);
        r.latency("send->received", hReceived);
        r.latency("send->receipt", hReceipt);
        if (gen1 - gen0 > srv1 - srv0 && srv0 >= 0) {
            r.note("the generator used more CPU than the server in this run: the figure may be generator-bound");
        }
        return r;
    }

    /** Open loop: sends on schedule whatever happens to earlier messages; intended times feed the latency. */
    private void pace(long start) {
        double interval = 1e9 / s.rate();
        long k = 0;
        int n = pairs.size();
        while (sending) {
            long now = System.nanoTime();
            long due = (long) ((now - start) / interval);
            while (k <= due && sending) {
                pairs.get((int) (k % n)).sendOne(start + (long) (k * interval));
                k++;
            }
            LockSupport.parkNanos(200_000);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
