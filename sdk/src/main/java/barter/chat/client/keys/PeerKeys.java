package barter.chat.client.keys;

import barter.chat.client.ServerException;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.protocol.ErrorCode;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peer keys with trust on first use: the first verified keys seen for a peer are pinned in the key store; later keys
 * with another signing key raise {@link KeyChangedException} until {@link #accept} pins them. A new agreement key
 * signed by the pinned signing key is a routine rotation and is pinned silently.
 *
 * <p>Directory answers are cached for {@code cacheTtl} so a conversation does not cost one lookup per message.
 * Thread-safe.
 */
public final class PeerKeys {
    private final KeyDirectoryClient directory;
    private final LocalKeyStore store;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

    private record Fetched(PublicKeys keys, Instant at) {
    }

    public PeerKeys(KeyDirectoryClient directory, LocalKeyStore store, Clock clock, Duration cacheTtl) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /**
     * The peer's current, trusted keys to encrypt to. When the directory cannot be reached (offline, server
     * restarting) the pinned keys are used, so messages can be queued while disconnected; a peer keeps its older
     * agreement keys for a while after rotating, so it can still open them.
     */
    public PublicKeys forSending(String peer) throws IOException, KeyChangedException {
        PublicKeys keys;
        try {
            keys = current(peer, false);
        } catch (ServerException e) {
            throw e;
        } catch (IOException e) {
            PeerPin pin = store.pin(peer).orElseThrow(() -> e);
            return pin.keys();
        }
        return trust(peer, keys);
    }

    /**
     * The signing key to verify a message from {@code peer} that claims {@code claimedSigningKey}: the pinned key
     * (pinning the directory's key on first contact). When the claim differs from the pin, the directory is asked
     * again; a changed identity there raises {@link KeyChangedException}.
     */
    public byte[] forVerifying(String peer, byte[] claimedSigningKey) throws IOException, KeyChangedException {
        PeerPin pin = store.pin(peer).orElse(null);
        if (pin != null && MessageDigest.isEqual(pin.keys().signingKey(), claimedSigningKey)) {
            return claimedSigningKey;
        }
        return trust(peer, current(peer, pin != null)).signingKey();
    }

    /**
     * Pins the peer's directory keys if, and only if, their fingerprint is {@code verifiedFingerprint}: the one the
     * user compared with the peer (from the {@link KeyChangedException} or the key-change event). If the directory
     * now serves another identity key (it changed again between the warning and the acceptance, whether by a second
     * rotation or a server swapping keys), nothing is pinned and {@link KeyChangedException} names the key it serves
     * now, which the user has to verify in turn.
     */
    public PublicKeys accept(String peer, String verifiedFingerprint) throws IOException, KeyChangedException {
        PublicKeys keys = current(peer, true);
        if (!SafetyNumbers.sameDigits(SafetyNumbers.fingerprint(peer, keys.signingKey()), verifiedFingerprint)) {
            PublicKeys pinned = store.pin(peer).map(PeerPin::keys).orElse(keys);
            throw new KeyChangedException(peer, pinned, keys);
        }
        store.pin(peer, keys);
        return keys;
    }

    private PublicKeys trust(String peer, PublicKeys keys) throws IOException, KeyChangedException {
        PeerPin pin = store.pin(peer).orElse(null);
        if (pin == null) {
            store.pin(peer, keys);
            return keys;
        }
        if (!MessageDigest.isEqual(pin.keys().signingKey(), keys.signingKey())) {
            throw new KeyChangedException(peer, pin.keys(), keys);
        }
        if (!pin.keys().equals(keys)) {
            store.pin(peer, keys);
        }
        return keys;
    }

    private PublicKeys current(String peer, boolean refresh) throws IOException {
        Fetched cached = fetched.get(peer);
        Instant now = clock.instant();
        if (!refresh && cached != null && cached.at().plus(cacheTtl).isAfter(now)) {
            return cached.keys();
        }
        PublicKeys keys = directory.lookup(peer)
                .orElseThrow(() -> new ServerException(ErrorCode.UNKNOWN_USER, peer + " has published no keys"));
        fetched.put(peer, new Fetched(keys, now));
        return keys;
    }
}
