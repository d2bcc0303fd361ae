package barter.chat.keys;

import java.util.Optional;

/**
 * A key cache shared by every node (cluster mode: Redis), under each node's own in-memory cache, so that a user's
 * keys are read from the database once per cluster rather than once per node. Best effort: a failure reads as a
 * miss (the database answers), never as an error.
 */
public interface SharedKeyCache {

    Optional<PublicKeys> get(String userId);

    /** Keys just read from the database: stored only if nothing is there, so a rotation is never overwritten. */
    void offer(String userId, PublicKeys keys);

    /** Keys just published: replace whatever is there. */
    void replace(String userId, PublicKeys keys);

    SharedKeyCache NONE = new SharedKeyCache() {
        @Override
        public Optional<PublicKeys> get(String userId) {
            return Optional.empty();
        }

        @Override
        public void offer(String userId, PublicKeys keys) {
        }

        @Override
        public void replace(String userId, PublicKeys keys) {
        }
    };
}
