package barter.chat.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The key cache's contract, with time moved by a fake Caffeine ticker instead of sleeps. */
class PublicKeyCacheTest {
    private static final Duration TTL = Duration.ofMinutes(60);

    private final FakeTicker ticker = new FakeTicker();
    private final PublicKeyCache cache = PublicKeyCache.create(TTL, 100, ticker);
    private final List<String> loads = new ArrayList<>();

    private Function<String, Optional<PublicKeys>> loaderOf(PublicKeys keys) {
        return userId -> {
            loads.add(userId);
            return Optional.ofNullable(keys);
        };
    }

    static PublicKeys keys(int seed) {
        byte[] agreement = new byte[PublicKeys.KEY_LENGTH];
        byte[] signing = new byte[PublicKeys.KEY_LENGTH];
        byte[] signature = new byte[PublicKeys.SIGNATURE_LENGTH];
        agreement[0] = (byte) seed;
        signing[0] = (byte) seed;
        signature[0] = (byte) seed;
        return new PublicKeys(agreement, signing, signature, seed);
    }

    @Test
    void firstGetLoadsAndCachesAndTheSecondIsServedFromTheCache() {
        PublicKeys alice = keys(1);
        assertThat(cache.get("alice", loaderOf(alice)).keys()).containsSame(alice);
        assertThat(cache.get("alice", loaderOf(keys(2))).keys()).containsSame(alice);
        assertThat(loads).containsExactly("alice");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void anEntryIsServedUntilTheTtlAndReloadedAfterIt() {
        PublicKeys first = keys(1);
        PublicKeys second = keys(2);
        cache.get("alice", loaderOf(first));
        ticker.advance(TTL.minusSeconds(1));
        assertThat(cache.get("alice", loaderOf(second)).keys()).as("one second before the TTL").containsSame(first);
        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.get("alice", loaderOf(second)).keys()).as("one second after the TTL").containsSame(second);
        assertThat(loads).containsExactly("alice", "alice");
    }

    @Test
    void expiryCountsFromTheWriteNotFromTheLastRead() {
        PublicKeys first = keys(1);
        cache.get("alice", loaderOf(first));
        for (int i = 0; i < 5; i++) {
            ticker.advance(Duration.ofMinutes(15));
            cache.get("alice", loaderOf(keys(9)));
        }
        assertThat(loads).as("reads do not extend the TTL: reloaded after 60 minutes").hasSize(2);
    }

    @Test
    void unknownUsersAreNotCachedSoAFirstPublishIsVisibleAtOnce() {
        assertThat(cache.get("bob", loaderOf(null)).keys()).isEmpty();
        PublicKeys bob = keys(3);
        assertThat(cache.get("bob", loaderOf(bob)).keys()).containsSame(bob);
        assertThat(loads).containsExactly("bob", "bob");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aLookupSaysWhetherTheCacheTheLoaderOrNeitherHadTheKeys() {
        assertThat(cache.get("alice", loaderOf(keys(1))).source()).isEqualTo(KeyLookup.Source.DB);
        assertThat(cache.get("alice", loaderOf(keys(1))).source()).isEqualTo(KeyLookup.Source.CACHE);
        assertThat(cache.get("bob", loaderOf(null)).source()).isEqualTo(KeyLookup.Source.MISSING);
    }

    @Test
    void putReplacesTheCachedKeysWithoutALoad() {
        cache.get("alice", loaderOf(keys(1)));
        PublicKeys rotated = keys(2);
        cache.put("alice", rotated);
        assertThat(cache.get("alice", loaderOf(keys(9))).keys()).containsSame(rotated);
        assertThat(loads).containsExactly("alice");
    }

    @Test
    void invalidateDropsTheEntrySoTheNextGetLoadsAgain() {
        cache.get("alice", loaderOf(keys(1)));
        cache.invalidate("alice");
        PublicKeys rotated = keys(2);
        assertThat(cache.get("alice", loaderOf(rotated)).keys()).containsSame(rotated);
        assertThat(loads).containsExactly("alice", "alice");
        cache.invalidate("nobody");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void cleanUpRemovesExpiredEntriesWithoutARead() {
        cache.put("alice", keys(1));
        cache.put("bob", keys(2));
        ticker.advance(Duration.ofMinutes(30));
        cache.put("carol", keys(3));
        ticker.advance(Duration.ofMinutes(31));
        cache.cleanUp();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("carol", loaderOf(null)).keys()).isPresent();
        assertThat(cache.stats().evictionCount()).isEqualTo(2);
    }

    @Test
    void theCacheNeverHoldsMoreThanMaxSizeEntries() {
        PublicKeyCache small = PublicKeyCache.create(TTL, 3, ticker);
        for (int i = 0; i < 10; i++) {
            small.put("user" + i, keys(i));
        }
        small.cleanUp();
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.maxSize()).isEqualTo(3);
        assertThat(small.stats().evictionCount()).isEqualTo(7);
    }

    @Test
    void statsCountEveryHitAndMiss() {
        PublicKeys alice = keys(1);
        cache.get("alice", loaderOf(alice));
        cache.get("alice", loaderOf(alice));
        cache.get("alice", loaderOf(alice));
        cache.get("nobody", loaderOf(null));
        assertThat(cache.stats().hitCount()).isEqualTo(2);
        assertThat(cache.stats().missCount()).isEqualTo(2);
        ticker.advance(TTL.plusSeconds(1));
        cache.get("alice", loaderOf(alice));
        assertThat(cache.stats().missCount()).as("an expired entry is a miss").isEqualTo(3);
        assertThat(cache.stats().hitCount()).isEqualTo(2);
    }

    /** Time that moves only when the test says so. */
    static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    /**
     * A rotation lands while a lookup is loading the old keys from the database: the invalidation waits for the load
     * and removes what it loaded, so the next lookup reads the new keys instead of the stale ones for a whole TTL.
     */
    @Test
    void aRotationDuringALoadDoesNotLeaveTheOldKeysCached() throws Exception {
        java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch rotated = new java.util.concurrent.CountDownLatch(1);
        Thread lookup = Thread.ofVirtual().start(() -> cache.get("carol", id -> {
            loading.countDown();
            try {
                rotated.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(keys(1));
        }));
        loading.await();
        Thread rotation = Thread.ofVirtual().start(() -> cache.invalidate("carol"));
        // the rotation is under way (waiting for the load, or done) before the load may finish
        org.awaitility.Awaitility.await().until(() -> rotation.getState() != Thread.State.NEW
                && rotation.getState() != Thread.State.RUNNABLE);
        rotated.countDown();
        lookup.join();
        rotation.join();
        KeyLookup after = cache.get("carol", loaderOf(keys(2)));
        assertThat(after.source()).isEqualTo(KeyLookup.Source.DB);
        assertThat(after.keys()).get().extracting(PublicKeys::updatedAt).isEqualTo(2L);
    }
}
