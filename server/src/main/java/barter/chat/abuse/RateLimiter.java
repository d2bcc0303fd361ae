package barter.chat.abuse;

import barter.chat.config.Limits;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Token-bucket rate limits, one bucket per (limit, key), where the key is a user id or a source address.
 * Thread-safe; a check never blocks. {@link #check} throws {@link barter.chat.ChatException} with
 * {@code rate_limited} and a retry hint when the bucket is empty.
 */
public interface RateLimiter {

    enum Limit {
        MESSAGES("messages"), CONNECTS("connects"), HTTP("http"), KEYS("keys"), REPORTS("reports"),
        TYPING("typing"), ACKS("acks"), INVALID("invalid");

        private final String tag;

        Limit(String tag) {
            this.tag = tag;
        }

        /** The {@code limit} label of the rejection counter. */
        public String tag() {
            return tag;
        }
    }

    default void check(Limit limit, String key) {
        check(limit, key, 1);
    }

    /** Takes {@code tokens} from the bucket at once, or none and throws. */
    void check(Limit limit, String key, long tokens);

    /** Buckets in this process's memory (embedded mode, or a single node). */
    static RateLimiter inMemory(Limits limits, MeterRegistry registry) {
        return new BucketRateLimiter(limits, registry, BucketRateLimiter.inMemory());
    }

    /** Buckets in Redis through Bucket4j's Lettuce backend, shared by every node (cluster mode). */
    static RateLimiter distributed(Limits limits, MeterRegistry registry, ProxyManager<String> buckets,
                                   String keyPrefix) {
        return new BucketRateLimiter(limits, registry, (key, bandwidth) -> buckets.builder()
                .build(keyPrefix + key, () -> BucketConfiguration.builder().addLimit(bandwidth).build()));
    }
}
