package barter.chat.client.keys;

import barter.chat.client.crypto.PublicKeys;
import java.time.Instant;

/** A peer's keys as first seen (trust on first use) or last accepted, and when. */
public record PeerPin(PublicKeys keys, Instant pinnedAt) {
}
