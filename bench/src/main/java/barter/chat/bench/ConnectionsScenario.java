package barter.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * C idle authenticated connections spread over several 127.0.x.y source addresses. Server memory per connection is
 * the difference, after a full GC in the server, between before and after (live heap from /metrics, RSS from /proc).
 */
final class ConnectionsScenario {
    private final Context ctx;
    private final int count;
    private final int holdSeconds;
    private final int inFlight;

    ConnectionsScenario(Context ctx, int count, int holdSeconds, int inFlight) {
        this.ctx = ctx;
        this.count = count;
        this.holdSeconds = holdSeconds;
        this.inFlight = inFlight;
    }

    Result run() {
        Result r = new Result("connections");
        r.settings.put("connections", count);
        r.settings.put("holdSeconds", holdSeconds);
        r.settings.put("connectsInFlight", inFlight);
        LongAdder closedEarly = new LongAdder();
        Conn.Handler idle = new Conn.Handler() {
            @Override
            public void onFrame(Conn conn, String frame) {
            }

            @Override
            public void onClose(Conn conn, int status, String reason) {
                closedEarly.increment();
            }
        };
        List<Conn> conns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            conns.add(new Conn(ctx.user("c", i), i, idle, 1));
        }
        boolean gc = ctx.target().gc();
        Target.sleep(500);
        ServerMetrics before = ServerMetrics.scrape(ctx.net());
        long rssBefore = ctx.target().serverRssBytes();

        LongAdder ready = new LongAdder();
        conns.forEach(c -> c.queueEmpty.thenRun(ready::increment));
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1,
                Thread.ofPlatform().daemon().name("bench-timers").factory());
        long start = System.nanoTime();
        long[] last = {0};
        timers.scheduleAtFixedRate(() -> {
            long now = ready.sum();
            r.sample("connects/s", (System.nanoTime() - start) / 1e9, now - last[0]);
            last[0] = now;
        }, 1, 1, TimeUnit.SECONDS);
        double srv0 = ctx.target().serverCpuSeconds();
        double gen0 = Proc.generatorCpuSeconds();
        ctx.connectAll(conns, inFlight, 300);
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        double srv1 = ctx.target().serverCpuSeconds();
        double gen1 = Proc.generatorCpuSeconds();
        timers.shutdownNow();

        Target.sleep(holdSeconds * 1000L);
        ctx.target().gc();
        Target.sleep(500);
        ServerMetrics after = ServerMetrics.scrape(ctx.net());
        long rssAfter = ctx.target().serverRssBytes();
        long open = conns.stream().filter(c -> !c.closed).count();

        double heapBefore = before.sum("jvm_memory_used_bytes", "area=\"heap\"");
        double heapAfter = after.sum("jvm_memory_used_bytes", "area=\"heap\"");
        double nonHeapDelta = after.sum("jvm_memory_used_bytes", "area=\"nonheap\"")
                - before.sum("jvm_memory_used_bytes", "area=\"nonheap\"");
        double directDelta = after.sum("jvm_buffer_memory_used_bytes") - before.sum("jvm_buffer_memory_used_bytes");
        r.put("connected", count);
        r.put("open_after_hold", open);
        r.put("server_active_connections", (long) after.sum("chat_connections_active"));
        r.put("connect_seconds", connectSeconds);
        r.put("connects_per_s", count / connectSeconds);
        r.put("server_cpu_ms_per_connect", srv0 < 0 ? -1 : (srv1 - srv0) * 1000 / count);
        r.put("generator_cpu_ms_per_connect", (gen1 - gen0) * 1000 / count);
        r.put("heap_live_before_mib", heapBefore / (1 << 20));
        r.put("heap_live_after_mib", heapAfter / (1 << 20));
        r.put("heap_kib_per_connection", (heapAfter - heapBefore) / 1024 / count);
        r.put("nonheap_kib_per_connection", nonHeapDelta / 1024 / count);
        r.put("direct_buffers_kib_per_connection", directDelta / 1024 / count);
        r.put("rss_before_mib", rssBefore / (double) (1 << 20));
        r.put("rss_after_mib", rssAfter / (double) (1 << 20));
        r.put("rss_kib_per_connection", rssBefore < 0 ? -1 : (rssAfter - rssBefore) / 1024.0 / count);
        if (!gc) {
            r.note("no full GC could be requested in the server (no pid): heap figures include garbage");
        }
        r.note("RSS per connection includes heap growth the JVM keeps after GC; live heap per connection is the tighter figure");
        long t = System.nanoTime();
        conns.forEach(Conn::close);
        CompletableFuture.runAsync(() -> {
        }).join();
        while (conns.stream().anyMatch(c -> !c.closed) && System.nanoTime() - t < TimeUnit.SECONDS.toNanos(30)) {
            Target.sleep(100);
        }
        return r;
    }
}
