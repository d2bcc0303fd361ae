package barter.chat.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Caffeine cache of public keys by user id: entries expire {@code ttl} after they were written, at most
 * {@code maxSize} are kept, and rotation invalidates. Unknown users are not cached, so a first publish is visible at
 * once. Thread-safe. Time comes from the injected {@link Ticker} so tests move a fake one.
 */
public final class PublicKeyCache {
    private final Cache<String, PublicKeys> cache;
    private final long maxSize;

    private PublicKeyCache(Cache<String, PublicKeys> cache, long maxSize) {
        this.cache = cache;
        this.maxSize = maxSize;
    }

    public static PublicKeyCache create(Duration ttl, long maxSize, Ticker ticker) {
        Cache<String, PublicKeys> cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxSize)
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .build();
        return new PublicKeyCache(cache, maxSize);
    }

    /**
     * The cached keys ({@code CACHE}), or the loader's answer ({@code DB}, cached; {@code MISSING} when it has none);
     * counts a hit or a miss. The load is atomic with the entry: an {@link #invalidate} during it (a rotation) waits
     * for it and then removes what it loaded, so the old keys cannot be cached after the new ones were published.
     */
    public KeyLookup get(String userId, Function<String, Optional<PublicKeys>> loader) {
        boolean[] loaded = {false};
        PublicKeys keys = cache.get(userId, id -> {
            loaded[0] = true;
            return loader.apply(id).orElse(null);
        });
        if (keys == null) {
            return new KeyLookup(Optional.empty(), KeyLookup.Source.MISSING);
        }
        return new KeyLookup(Optional.of(keys), loaded[0] ? KeyLookup.Source.DB : KeyLookup.Source.CACHE);
    }

    public void put(String userId, PublicKeys keys) {
        cache.put(userId, keys);
    }

    public void invalidate(String userId) {
        cache.invalidate(userId);
    }

    /** Drops every entry (this node may have missed rotations while its pub/sub connection was down). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Runs pending expiry and size eviction now (Caffeine otherwise does it during other operations). */
    public void cleanUp() {
        cache.cleanUp();
    }

    public long size() {
        return cache.estimatedSize();
    }

    public long maxSize() {
        return maxSize;
    }

    public CacheStats stats() {
        return cache.stats();
    }
}
