package barter.chat.cluster;

import barter.chat.keys.PublicKeys;
import barter.chat.keys.SharedKeyCache;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's key cache in Redis: {@code <prefix>keys:<user>} holds
 * {@code updatedAt|agreementKey|signingKey|signature} (base64) for the key-cache TTL, which is so also the central
 * TTL. A load from the database only sets an absent entry (SET NX) and a publish always replaces it, so a load that
 * read the old row just before a rotation can never overwrite the rotated keys.
 */
final class RedisKeyCache implements SharedKeyCache {
    private static final Logger log = LoggerFactory.getLogger(RedisKeyCache.class);
    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final Duration ttl;
    private final AtomicBoolean failing = new AtomicBoolean();

    RedisKeyCache(StatefulRedisConnection<String, String> connection, String prefix, Duration ttl) {
        this.connection = connection;
        this.prefix = prefix;
        this.ttl = ttl;
    }

    @Override
    public Optional<PublicKeys> get(String userId) {
        try {
            String value = connection.sync().get(prefix + userId);
            worked();
            return value == null ? Optional.empty() : Optional.of(decode(value));
        } catch (RuntimeException e) {
            failed("read", e);
            return Optional.empty();
        }
    }

    @Override
    public void offer(String userId, PublicKeys keys) {
        set(userId, keys, SetArgs.Builder.nx().px(ttl.toMillis()));
    }

    @Override
    public void replace(String userId, PublicKeys keys) {
        set(userId, keys, SetArgs.Builder.px(ttl.toMillis()));
    }

    private void set(String userId, PublicKeys keys, SetArgs args) {
        try {
            connection.sync().set(prefix + userId, encode(keys), args);
            worked();
        } catch (RuntimeException e) {
            failed("write", e);
        }
    }

    /** One line per outage, not per lookup: the database answers meanwhile. */
    private void failed(String what, RuntimeException e) {
        if (failing.compareAndSet(false, true)) {
            log.warn("shared key cache: {} failed, reading keys from the database until Redis answers: {}", what,
                    e.toString());
        }
    }

    private void worked() {
        if (failing.compareAndSet(true, false)) {
            log.info("shared key cache: Redis answers again");
        }
    }

    static String encode(PublicKeys keys) {
        return keys.updatedAt() + "|" + ENCODER.encodeToString(keys.agreementKey()) + "|"
                + ENCODER.encodeToString(keys.signingKey()) + "|" + ENCODER.encodeToString(keys.signature());
    }

    static PublicKeys decode(String value) {
        String[] f = value.split("\\|");
        return new PublicKeys(DECODER.decode(f[1]), DECODER.decode(f[2]), DECODER.decode(f[3]), Long.parseLong(f[0]));
    }
}
