package barter.chat.abuse;

import barter.chat.ChatException;
import barter.chat.protocol.ErrorCode;
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
    private final int maxBlocks;
    private final LoadingCache<String, Set<String>> byBlocker;

    CachedBlocks(BlockDao dao, Clock clock, BlockListener listener, int maxBlocks) {
        this.maxBlocks = maxBlocks;
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
        if (dao.add(blocker, blocked, clock.millis(), maxBlocks) == BlockDao.Added.FULL) {
            // each block is a set entry cached for every send to the blocker: the list must stay bounded
            throw new ChatException(ErrorCode.FORBIDDEN,
                    "you have blocked " + maxBlocks + " users, the most allowed; unblock some first");
        }
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
    public List<String> blockedPage(String blocker, String after, int limit) {
        return dao.blockedPage(blocker, after, limit);
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
