package barter.chat.keys;

import barter.chat.ChatException;
import barter.chat.protocol.ErrorCode;
import barter.chat.store.KeyDao;
import barter.chat.store.UserKeys;
import java.time.Clock;
import java.util.Optional;

final class CachedKeyDirectory implements KeyDirectory {
    private final KeyDao dao;
    private final PublicKeyCache cache;
    private final Clock clock;
    private final KeyDirectoryListener listener;
    private final SharedKeyCache shared;

    CachedKeyDirectory(KeyDao dao, PublicKeyCache cache, Clock clock, KeyDirectoryListener listener,
                       SharedKeyCache shared) {
        this.dao = dao;
        this.shared = shared;
        this.cache = cache;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public PublicKeys publish(String userId, byte[] agreementKey, byte[] signingKey, byte[] signature) {
        PublicKeys keys = new PublicKeys(agreementKey, signingKey, signature, clock.millis());
        if (!Ed25519.verify(keys.signingKey(), keys.agreementKey(), keys.signature())) {
            throw new ChatException(ErrorCode.INVALID_KEYS,
                    "'signature' is not a valid Ed25519 signature of agreementKey by signingKey");
        }
        dao.upsert(new UserKeys(userId, agreementKey, signingKey, signature, keys.updatedAt()));
        shared.replace(userId, keys);
        cache.invalidate(userId);
        listener.rotated(userId);
        return keys;
    }

    @Override
    public KeyLookup lookup(String userId) {
        KeyLookup.Source[] from = {KeyLookup.Source.DB};
        KeyLookup found = cache.get(userId, id -> {
            Optional<PublicKeys> cluster = shared.get(id);
            if (cluster.isPresent()) {
                from[0] = KeyLookup.Source.SHARED;
                return cluster;
            }
            Optional<PublicKeys> stored = dao.find(id).map(row ->
                    new PublicKeys(row.agreementKey(), row.signingKey(), row.signature(), row.updatedAt()));
            stored.ifPresent(keys -> shared.offer(id, keys));
            return stored;
        });
        return found.source() == KeyLookup.Source.DB ? new KeyLookup(found.keys(), from[0]) : found;
    }

    @Override
    public void invalidate(String userId) {
        cache.invalidate(userId);
    }

    @Override
    public void invalidateAll() {
        cache.invalidateAll();
    }
}
