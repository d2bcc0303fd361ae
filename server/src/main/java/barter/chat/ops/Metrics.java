package barter.chat.ops;

import barter.chat.keys.PublicKeyCache;
import barter.chat.store.KeyDao;
import barter.chat.store.UserKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.thread.ThreadPool;

/** Builds the Prometheus registry and binds the meters that wrap other features' objects. */
public final class Metrics {
    private Metrics() {
    }

    /** A fresh registry with JVM and process meters; one per server, never global. */
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** Jetty's request thread pool ({@code jetty_threads_*}). */
    public static void bindJetty(MeterRegistry registry, ThreadPool threadPool) {
        new JettyServerThreadPoolMetrics(threadPool, List.of()).bindTo(registry);
    }

    /** Hits, misses, evictions and size of the public-key cache. */
    public static void bindKeyCache(MeterRegistry registry, PublicKeyCache cache) {
        FunctionCounter.builder("chat.keys.cache.hits", cache, c -> c.stats().hitCount()).register(registry);
        FunctionCounter.builder("chat.keys.cache.misses", cache, c -> c.stats().missCount()).register(registry);
        FunctionCounter.builder("chat.keys.cache.evictions", cache, c -> c.stats().evictionCount()).register(registry);
        Gauge.builder("chat.keys.cache.size", cache, PublicKeyCache::size).register(registry);
        Gauge.builder("chat.keys.cache.max.size", cache, PublicKeyCache::maxSize).register(registry);
    }

    /** Wraps the key table so every database read is counted ({@code chat_keys_db_reads_total}). */
    public static KeyDao countingReads(KeyDao dao, MeterRegistry registry) {
        Counter reads = Counter.builder("chat.keys.db.reads").register(registry);
        return new KeyDao() {
            @Override
            public void upsert(UserKeys keys) {
                dao.upsert(keys);
            }

            @Override
            public Optional<UserKeys> find(String userId) {
                reads.increment();
                return dao.find(userId);
            }
        };
    }
}
