package barter.chat.keys;

import barter.chat.store.KeyDao;
import java.time.Clock;

/**
 * The public-key directory. Thread-safe. {@link #publish} is durable on return and throws
 * {@link barter.chat.ChatException} ({@code invalid_keys}) when the signature does not verify.
 */
public interface KeyDirectory {

    /** Publishes or rotates {@code userId}'s keys; the cached copy is invalidated. */
    PublicKeys publish(String userId, byte[] agreementKey, byte[] signingKey, byte[] signature);

    /** Cache first, then the database; the answer says which of them had the keys, or that neither did. */
    KeyLookup lookup(String userId);

    /** Drops a cached copy (another node rotated the keys). */
    void invalidate(String userId);

    /** Drops every cached copy (rotations elsewhere may have gone unheard). */
    void invalidateAll();

    static KeyDirectory cached(KeyDao dao, PublicKeyCache cache, Clock clock, KeyDirectoryListener listener,
                               SharedKeyCache shared) {
        return new CachedKeyDirectory(dao, cache, clock, listener, shared);
    }

    /** Told when keys change, so other nodes can drop their cached copy. */
    interface KeyDirectoryListener {
        void rotated(String userId);

        KeyDirectoryListener NONE = userId -> { };
    }
}
