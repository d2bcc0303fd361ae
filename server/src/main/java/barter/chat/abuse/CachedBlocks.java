package barter.chat.abuse;

import barter.chat.store.BlockDao;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Each user's block list, cached whole: most users block nobody, so most lookups hit an empty set. */
final class CachedBlocks implements Blocks {
    private final BlockDao dao;
    private final Clock clock;
    private final BlockListener listener;
    private final LoadingCache<String, Set<String>> byBlocker;

    CachedBlocks(BlockDao dao, Clock clock, BlockListener listener) {
        this.dao = dao;
        this.clock = clock;
        this.listener = listener;
        this.byBlocker = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterWrite(Duration.ofMinutes(10))
                .build(blocker -> Set.copyOf(dao.blockedBy(blocker)));
    }

    @Override
    public void block(String blocker, String blocked) {
        dao.add(blocker, blocked, clock.millis());
        byBlocker.invalidate(blocker);
        listener.changed(blocker);
    }

    @Override
    public void unblock(String blocker, String blocked) {
        dao.remove(blocker, blocked);
        byBlocker.invalidate(blocker);
        listener.changed(blocker);
    }

    @Override
    public List<String> blockedBy(String blocker) {
        return dao.blockedBy(blocker);
    }

    @Override
    public void invalidate(String blocker) {
        byBlocker.invalidate(blocker);
    }

    @Override
    public void invalidateAll() {
        byBlocker.invalidateAll();
    }

    @Override
    public boolean isBlocked(String recipient, String sender) {
        return byBlocker.get(recipient).contains(sender);
    }
}
