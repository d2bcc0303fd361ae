package barter.chat.client.keys;

import barter.chat.client.crypto.PublicKeys;
import barter.chat.client.crypto.SafetyNumbers;

/**
 * A peer's identity (signing) key is not the one pinned for them. Until the user compares the new safety number
 * with the peer and calls {@code ChatClient.acceptKeyChange(peer)}, nothing is sent to or accepted from the new key.
 */
public final class KeyChangedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String peer;
    private final String oldFingerprint;
    private final String newFingerprint;
    private final transient PublicKeys newKeys;

    public KeyChangedException(String peer, PublicKeys oldKeys, PublicKeys newKeys) {
        super(null, null, false, false);
        this.peer = peer;
        this.oldFingerprint = SafetyNumbers.fingerprint(peer, oldKeys.signingKey());
        this.newFingerprint = SafetyNumbers.fingerprint(peer, newKeys.signingKey());
        this.newKeys = newKeys;
    }

    @Override
    public String getMessage() {
        return "the identity key of " + peer + " changed: pinned fingerprint " + oldFingerprint
                + ", new fingerprint " + newFingerprint + "; verify it with " + peer + " before accepting";
    }

    public String peer() {
        return peer;
    }

    public String oldFingerprint() {
        return oldFingerprint;
    }

    public String newFingerprint() {
        return newFingerprint;
    }

    public PublicKeys newKeys() {
        return newKeys;
    }
}
