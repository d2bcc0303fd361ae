package barter.chat.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * U users publish keys; then {@code GET /v1/keys/{id}} with Zipf popularity (exponent {@code s}) over them, starting
 * from a cold cache. The first lookup of a key in the run is a cache miss by construction; later ones should be hits.
 */
final class KeysScenario {
    private final Context ctx;
    private final int users;
    private final int lookups;
    private final double exponent;
    private final int concurrency;

    /** SQLite serialises writers with a sleeping busy handler: parallel publishes only collide, so publish one at a time there. */
    private int publishParallelism = 1;

    KeysScenario publishParallelism(int n) {
        this.publishParallelism = n;
        return this;
    }

    KeysScenario(Context ctx, int users, int lookups, double exponent, int concurrency) {
        this.ctx = ctx;
        this.users = users;
        this.lookups = lookups;
        this.exponent = exponent;
        this.concurrency = concurrency;
    }

    /** Inverse-CDF sampling over ranks 0..n-1 with P(k) proportional to 1/(k+1)^s. */
    static final class Zipf {
        private final double[] cdf;

        Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1 / Math.pow(k + 1, s);
                cdf[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int next(SplittableRandom random) {
            int at = java.util.Arrays.binarySearch(cdf, random.nextDouble());
            return Math.min(cdf.length - 1, at >= 0 ? at : -at - 1);
        }
    }

    /**
     * Up to 2,000 sequential lookups of the most popular (cached) key after the load: with nothing queued, the round trip
     * on loopback is the closest client-side bound of the server's own time for a cached key.
     */
    private Histogram probe(String token, String userId) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < Math.min(2000, lookups / 4); i++) {
            long t = System.nanoTime();
            try {
                ctx.net().http().newRequest(ctx.net().base().resolve("/v1/keys/" + userId))
                        .headers(x -> x.put("Authorization", "Bearer " + token)).timeout(10, TimeUnit.SECONDS).send();
            } catch (Exception e) {
                throw new IllegalStateException("probe lookup failed", e);
            }
            h.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
        }
        return h;
    }

    Result run() {
        Result r = new Result("keys");
        r.settings.put("users", users);
        r.settings.put("lookups", lookups);
        r.settings.put("zipfExponent", exponent);
        r.settings.put("concurrency", concurrency);
        List<String> ids = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            ids.add(ctx.user("k", i));
        }
        long publishStart = System.nanoTime();
        ctx.publishKeys(ids, publishParallelism);
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
        String token = ctx.identity().token(ctx.user("reader", 0));

        Zipf zipf = new Zipf(users, exponent);
        SplittableRandom random = new SplittableRandom(42);
        BitSet seen = new BitSet(users);
        Recorder first = new Recorder(3);
        Recorder repeat = new Recorder(3);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        Semaphore permits = new Semaphore(concurrency);

        ServerMetrics m0 = ServerMetrics.scrape(ctx.net());
        double gen0 = Proc.generatorCpuSeconds();
        double srv0 = ctx.target().serverCpuSeconds();
        double db0 = ctx.target().databaseCpuSeconds();
        long start = System.nanoTime();
        long lastSample = start;
        long lastOk = 0;
        for (int i = 0; i < lookups; i++) {
            int k = zipf.next(random);
            boolean firstTime = !seen.get(k);
            seen.set(k);
            Recorder into = firstTime ? first : repeat;
            permits.acquireUninterruptibly();
            long sentAt = System.nanoTime();
            ctx.net().http().newRequest(ctx.net().base().resolve("/v1/keys/" + ids.get(k)))
                    .headers(h -> h.put("Authorization", "Bearer " + token))
                    .timeout(30, TimeUnit.SECONDS)
                    .send(result -> {
                        into.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
                        if (result.isSucceeded() && result.getResponse().getStatus() == 200) {
                            ok.increment();
                        } else {
                            failed.increment();
                        }
                        permits.release();
                    });
            long now = System.nanoTime();
            if (now - lastSample >= 1_000_000_000L) {
                long o = ok.sum();
                r.sample("lookups/s", (now - start) / 1e9, (o - lastOk) * 1e9 / (now - lastSample));
                lastOk = o;
                lastSample = now;
            }
        }
        permits.acquireUninterruptibly(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        double gen1 = Proc.generatorCpuSeconds();
        double srv1 = ctx.target().serverCpuSeconds();
        double db1 = ctx.target().databaseCpuSeconds();
        ServerMetrics m1 = ServerMetrics.scrape(ctx.net());

        double hits = m1.sum("chat_keys_cache_hits_total") - m0.sum("chat_keys_cache_hits_total");
        double misses = m1.sum("chat_keys_cache_misses_total") - m0.sum("chat_keys_cache_misses_total");
        double reads = m1.sum("chat_keys_db_reads_total") - m0.sum("chat_keys_db_reads_total");
        Histogram hFirst = first.getIntervalHistogram();
        Histogram hRepeat = repeat.getIntervalHistogram();
        Histogram all = hFirst.copy();
        all.add(hRepeat);
        r.put("publish_per_s", users / publishSeconds);
        r.put("lookups_per_s", lookups / seconds);
        r.put("ok", ok.sum());
        r.put("failed", failed.sum());
        r.put("distinct_keys_looked_up", seen.cardinality());
        r.put("cache_hit_ratio", hits + misses > 0 ? hits / (hits + misses) : -1);
        r.put("db_reads_per_100_lookups", reads * 100 / lookups);
        r.put("db_reads_saved_percent", 100 - reads * 100 / lookups);
        r.put("generator_cpu_s_per_100k", Result.per100k(gen1 - gen0, lookups));
        r.put("server_cpu_s_per_100k", Result.per100k(srv0 < 0 ? -1 : srv1 - srv0, lookups));
        r.put("db_cpu_s_per_100k", Result.per100k(db0 < 0 ? -1 : db1 - db0, lookups));
        Histogram idle = probe(token, ids.get(0));
        serverSideOfProbe(r, m1, ServerMetrics.scrape(ctx.net()));
        r.latency("all lookups (client side)", all);
        r.latency("first lookup of a key (cache miss)", hFirst);
        r.latency("repeat lookup (cached)", hRepeat);
        r.latency("cached key, one at a time (probe)", idle);
        r.note("latency is measured in the generator (HTTP round trip on loopback with " + concurrency
                + " in flight): an upper bound of the server-side time");
        return r;
    }

    /**
     * The server's own time for the probe's cached lookups, from the difference of its {@code chat_keys_lookup_seconds}
     * buckets around the probe (nothing else looks keys up meanwhile), so the load before it is not mixed in; -1 when
     * the server has no such timer.
     */
    private static void serverSideOfProbe(Result r, ServerMetrics before, ServerMetrics after) {
        String name = "chat_keys_lookup_seconds";
        String cached = "source=\"cache\"";
        var b0 = before.buckets(name, cached);
        var b1 = after.buckets(name, cached);
        for (double q : new double[] {0.5, 0.99}) {
            double seconds = ServerMetrics.quantile(q, b0, b1);
            r.put("server_cached_p" + Math.round(q * 100) + "_ms", Double.isNaN(seconds) ? -1 : seconds * 1000);
        }
        r.note("server_cached_p50_ms/p99_ms: the server's chat_keys_lookup_seconds{source=\"cache\"} over the probe"
                + " only (request arrival to response handed to Javalin: parsing, auth and rate limit included,"
                + " the socket write not),"
                + " interpolated within histogram buckets about 10-30% wide");
    }
}
