package barter.chat.abuse;

import barter.chat.ChatException;
import barter.chat.config.Limits;
import barter.chat.config.RateLimit;
import barter.chat.protocol.ErrorCode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Bucket4j token buckets. Where the buckets live is the {@link BucketSource}'s business: this process's memory
 * (a bounded Caffeine cache, so idle keys do not hold memory forever) or Redis (shared by every node).
 */
final class BucketRateLimiter implements RateLimiter {
    /** Finds or creates the bucket for a key, configured with the given bandwidth. */
    interface BucketSource {
        Bucket bucket(String key, Bandwidth bandwidth);
    }

    private final Map<Limit, Bandwidth> limits = new EnumMap<>(Limit.class);
    private final BucketSource buckets;
    private final MeterRegistry registry;

    BucketRateLimiter(Limits configured, MeterRegistry registry, BucketSource buckets) {
        this.registry = registry;
        this.buckets = buckets;
        limits.put(Limit.MESSAGES, bandwidth(configured.messages()));
        limits.put(Limit.CONNECTS, bandwidth(configured.connects()));
        limits.put(Limit.HTTP, bandwidth(configured.http()));
        limits.put(Limit.KEYS, bandwidth(configured.keys()));
        limits.put(Limit.REPORTS, bandwidth(configured.reports()));
        limits.put(Limit.TYPING, bandwidth(configured.typing()));
        limits.put(Limit.ACKS, bandwidth(configured.acks()));
        limits.put(Limit.INVALID, bandwidth(configured.invalid()));
        for (Limit limit : Limit.values()) {
            registry.counter("chat.limits.rejected", "limit", limit.tag());
        }
    }

    @Override
    public void check(Limit limit, String key, long tokens) {
        Bucket bucket = buckets.bucket(limit.tag() + ":" + key, limits.get(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (!probe.isConsumed()) {
            registry.counter("chat.limits.rejected", "limit", limit.tag()).increment();
            long retryMs = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis());
            throw new ChatException(ErrorCode.RATE_LIMITED,
                    "rate limit '" + limit.tag() + "' exceeded; retry in " + retryMs + " ms", retryMs);
        }
    }

    private static Bandwidth bandwidth(RateLimit limit) {
        return Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.refill(), limit.period()).build();
    }

    /** Buckets in this process's memory. */
    static BucketSource inMemory() {
        Cache<String, Bucket> cache = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(2))
                .maximumSize(1_000_000)
                .build();
        return (key, bandwidth) -> cache.get(key, k -> Bucket.builder().addLimit(bandwidth).build());
    }
}
