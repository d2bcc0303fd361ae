package barter.chat.client;

import barter.chat.client.crypto.Envelope;
import barter.chat.client.crypto.EnvelopeException;
import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.keys.KeyChangedException;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.keys.PeerKeys;
import barter.chat.protocol.Franking;
import barter.chat.protocol.ServerFrame;
import java.security.GeneralSecurityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming messages and receipts, on the client's event thread only (not thread-safe by design). A message is
 * decrypted, checked against the sender's pinned key, handed to the app, and acknowledged only after the handler
 * returned; the ids of handled messages are remembered ({@link HandledIds}, across restarts too) so a redelivery is
 * acknowledged but not shown twice.
 * A message from a peer whose identity key changed is held, unacknowledged, until the app accepts the new key.
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** What became of an incoming message. */
    enum Outcome { HANDLED, DUPLICATE, REJECTED, HELD, RETRY_LATER, HANDLER_FAILED }

    private final LocalKeyStore store;
    private final PeerKeys peers;
    private final MessageHandler handler;
    private final ChatListener events;
    private final LongConsumer ack;
    private final HandledIds handled;
    private final RecentIds receipts;
    private final Map<Long, ServerFrame.Message> held = new LinkedHashMap<>();
    private final Set<String> announced = new HashSet<>();

    Inbox(LocalKeyStore store, PeerKeys peers, MessageHandler handler, ChatListener events, LongConsumer ack,
            HandledIds handled) {
        this.store = store;
        this.peers = peers;
        this.handler = handler;
        this.events = events;
        this.ack = ack;
        this.handled = handled;
        this.receipts = new RecentIds(handled.capacity());
    }

    Outcome onMessage(ServerFrame.Message m) {
        if (handled.contains(m.messageId())) {
            ack.accept(m.messageId());
            return Outcome.DUPLICATE;
        }
        IncomingMessage message;
        try {
            message = open(m);
        } catch (EnvelopeException | IllegalArgumentException e) {
            LOG.warn("rejected message {} from {}: {}", m.messageId(), m.from(), e.getMessage());
            handled.remember(m.messageId());
            ack.accept(m.messageId());
            events.onEvent(new ChatEvent.MessageRejected(m.from(), m.messageId(), e.getMessage()));
            return Outcome.REJECTED;
        } catch (KeyChangedException e) {
            held.put(m.messageId(), m);
            if (announced.add(e.peer() + " " + e.newFingerprint())) {
                events.onEvent(new ChatEvent.KeyChanged(e.peer(), e.oldFingerprint(), e.newFingerprint()));
            }
            return Outcome.HELD;
        } catch (IOException e) {
            LOG.warn("cannot fetch keys of {} for message {}: {}", m.from(), m.messageId(), e.getMessage());
            return Outcome.RETRY_LATER;
        }
        return deliver(m, message);
    }

    /**
     * Verifies and decrypts; a franked message (one with a commitment) must open its commitment, or it is rejected:
     * its sender could deny it, so it could not be reported (docs/security.md, "Verifiable reports").
     */
    private IncomingMessage open(ServerFrame.Message m) throws EnvelopeException, KeyChangedException, IOException {
        Envelope.Parsed envelope = Envelope.parse(Base64.getDecoder().decode(m.body()));
        IdentityKeys me = store.forAgreementKey(envelope.recipientAgreementKey())
                .orElseThrow(() -> new EnvelopeException("sealed to an agreement key this key store does not hold"));
        byte[] signingKey = peers.forVerifying(m.from(), envelope.senderSigningKey());
        byte[] plaintext = envelope.open(m.from(), signingKey, store.userId(), me);
        Instant sentAt = Instant.ofEpochMilli(m.ts());
        if (m.commitment() == null) {
            return new IncomingMessage(m.messageId(), m.from(), new String(plaintext, StandardCharsets.UTF_8), sentAt,
                    null);
        }
        Franking.Opened opened;
        try {
            opened = Franking.unwrap(plaintext, Base64.getDecoder().decode(m.commitment()));
        } catch (GeneralSecurityException e) {
            throw new EnvelopeException("franked message: " + e.getMessage(), e);
        }
        return new IncomingMessage(m.messageId(), m.from(), new String(opened.message(), StandardCharsets.UTF_8),
                sentAt, Base64.getEncoder().encodeToString(opened.key()));
    }

    private Outcome deliver(ServerFrame.Message m, IncomingMessage message) {
        try {
            handler.onMessage(message);
        } catch (Exception e) {
            LOG.warn("message handler failed for message {}; not acknowledged", m.messageId(), e);
            events.onEvent(new ChatEvent.HandlerFailed(m.from(), m.messageId(), e));
            return Outcome.HANDLER_FAILED;
        }
        handled.remember(m.messageId());
        ack.accept(m.messageId());
        return Outcome.HANDLED;
    }

    void onReceipt(ServerFrame.Receipt r) {
        if (receipts.add(r.messageId())) {
            Instant at = Instant.ofEpochMilli(r.ts());
            switch (r.status()) {
                case DELIVERED:
                    events.onEvent(new ChatEvent.Delivered(r.id(), r.messageId(), at));
                    break;
                case EXPIRED:
                    events.onEvent(new ChatEvent.Expired(r.id(), r.messageId(), at));
                    break;
                default:
                    throw new IllegalStateException("unknown receipt status " + r.status());
            }
        }
        ack.accept(r.messageId());
    }

    /** Messages held for {@code peer}'s key change, removed from the hold so they can be run again. */
    List<ServerFrame.Message> release(String peer) {
        List<ServerFrame.Message> released = new ArrayList<>();
        held.values().removeIf(m -> m.from().equals(peer) && released.add(m));
        announced.removeIf(s -> s.startsWith(peer + " "));
        return released;
    }

    /** A new connection redelivers everything unacknowledged, so the holds of the old one are dropped. */
    void onReconnect() {
        held.clear();
    }
}
