package barter.chat.abuse;

import barter.chat.ChatException;
import barter.chat.config.Limits;
import barter.chat.config.RateLimit;
import barter.chat.protocol.ErrorCode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Bucket4j buckets kept in a bounded Caffeine cache, so idle keys do not hold memory forever. */
final class LocalRateLimiter implements RateLimiter {
    private record Key(Limit limit, String key) {
    }

    private final Map<Limit, RateLimit> limits = new EnumMap<>(Limit.class);
    private final Cache<Key, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(2))
            .maximumSize(1_000_000)
            .build();
    private final MeterRegistry registry;

    LocalRateLimiter(Limits configured, MeterRegistry registry) {
        this.registry = registry;
        limits.put(Limit.MESSAGES, configured.messages());
        limits.put(Limit.CONNECTS, configured.connects());
        limits.put(Limit.HTTP, configured.http());
        limits.put(Limit.KEYS, configured.keys());
        limits.put(Limit.REPORTS, configured.reports());
    }

    @Override
    public void check(Limit limit, String key) {
        Bucket bucket = buckets.get(new Key(limit, key), k -> newBucket(limits.get(limit)));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            registry.counter("chat.limits.rejected", "limit", limit.tag()).increment();
            long retryMs = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis());
            throw new ChatException(ErrorCode.RATE_LIMITED,
                    "rate limit '" + limit.tag() + "' exceeded; retry in " + retryMs + " ms", retryMs);
        }
    }

    private static Bucket newBucket(RateLimit limit) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.refill(), limit.period()))
                .build();
    }
}
