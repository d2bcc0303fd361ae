package barter.chat.client;

import barter.chat.client.crypto.Envelope;
import barter.chat.client.crypto.Hpke;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.client.keys.KeyChangedException;
import barter.chat.client.keys.KeyDirectoryClient;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.keys.PeerKeys;
import barter.chat.client.storage.OutboxStore;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.UserIds;
import java.io.IOException;
import barter.chat.protocol.Franking;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * An end-to-end-encrypted barter-chat client for one user, on the JVM or on Android (API 26+).
 *
 * <p>{@link #connect()} connects in the background and keeps reconnecting, with jittered exponential backoff, until
 * {@link #disconnect()}, {@link #close()} or a close code that a retry cannot fix (see {@link ChatEvent.Disconnected}).
 * {@link #send} encrypts on the calling thread, writes the sealed message to the {@link OutboxStore} (so it survives
 * the process being killed) and returns a future completed when the server says it is durable ({@code accepted});
 * until then it is retransmitted with the same client id on every new connection, so a reconnect or a restart neither
 * loses nor doubles it. Incoming messages are decrypted, verified against the sender's pinned key and passed to the
 * {@link MessageHandler}; they are acknowledged only after it returns. Handler and {@link ChatListener} run on one
 * event thread, in order. All public methods are thread-safe; {@code send}, {@link #publishKeys} and
 * {@link #acceptKeyChange} do file or network I/O, so call them off Android's main thread.
 */
public final class ChatClient implements AutoCloseable {
    private final LocalKeyStore store;
    private final RestClient rest;
    private final KeyDirectoryClient directory;
    private final PeerKeys peers;
    private final Outbox outbox;
    private final Session session;
    private final ScheduledExecutorService loop;
    private final OkHttpClient ownHttp;
    private final Hpke.Sealer sealer = Hpke.randomSealer();
    private final SecureRandom random = new SecureRandom();

    ChatClient(ChatClientBuilder b, ServerAddress server) throws IOException {
        this.store = b.keyStore;
        this.ownHttp = b.http == null ? defaultHttp(b.timeout) : null;
        OkHttpClient http = b.http != null ? b.http : ownHttp;
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("barter-chat-events-" + store.userId()));
        this.rest = new RestClient(http, server, b.token);
        this.directory = new KeyDirectoryClient(rest);
        this.peers = new PeerKeys(directory, store, b.clock, b.keyCacheTtl);
        this.outbox = new Outbox(b.outboxStore, b.listener);
        this.session = new Session(loop, new Session.Transport(http, server, b.token, b.timeout, b.maxFrameBytes),
                new Backoff(b.initialBackoff, b.maxBackoff, new Random()), outbox, b.listener);
        session.attach(new Inbox(store, peers, b.handler, b.listener, session::ack,
                HandledIds.load(b.dedupStore, b.dedupCapacity)));
    }

    public static ChatClientBuilder builder() {
        return new ChatClientBuilder();
    }

    /**
     * Starts connecting in the background, or resumes after {@link #disconnect()} or a stop; returns at once. Watch
     * for {@link ChatEvent.Connected}. Sends restored from the {@link OutboxStore} go out on the first connection.
     */
    public ChatClient connect() {
        session.resume();
        return this;
    }

    /**
     * Closes the connection and stops reconnecting, keeping everything else (the outbox, pins); {@link #connect()}
     * resumes. An Android app calls it when it goes to the background.
     */
    public void disconnect() {
        session.pause();
    }

    /** This client's user id (from its key store). */
    public String userId() {
        return store.userId();
    }

    /** Publishes this user's current public keys ({@code PUT /v1/keys}). Blocking. */
    public void publishKeys() throws IOException {
        directory.publish(store.current().publicKeys());
    }

    /**
     * Encrypts {@code text} for {@code to} and queues it durably. The future completes with the server's ids once the
     * message is stored there, or fails with {@link KeyChangedException} (nothing sent), {@link ServerException}
     * (refused, e.g. {@code unknown_user}, {@code too_large}), {@link IOException} (keys unavailable, or the outbox
     * store failed: nothing queued), or {@link IllegalStateException} when the client is closed first (the message
     * stays in the outbox store and is sent by the next client of this user).
     */
    public CompletableFuture<Sent> send(String to, String text) {
        if (!UserIds.isValid(to)) {
            throw new IllegalArgumentException("not a valid user id: " + to);
        }
        Outbox.Pending p;
        try {
            PublicKeys keys = peers.forSending(to);
            // franked (docs/security.md, "Verifiable reports"): the key travels sealed, the commitment beside
            byte[] message = text.getBytes(StandardCharsets.UTF_8);
            byte[] frankingKey = Franking.newKey(random);
            byte[] envelope = Envelope.seal(sealer, store.userId(), store.current(), to, keys.agreementKey(),
                    Franking.wrap(frankingKey, message));
            p = outbox.add(to, Base64.getEncoder().encodeToString(envelope),
                    Base64.getEncoder().encodeToString(Franking.commit(frankingKey, message)));
        } catch (KeyChangedException | IOException | GeneralSecurityException e) {
            // Not CompletableFuture.failedFuture: that needs Android API 31.
            CompletableFuture<Sent> failed = new CompletableFuture<>();
            failed.completeExceptionally(e);
            return failed;
        }
        loop.execute(() -> session.transmit(p));
        return p.result();
    }

    /**
     * Reports {@code message}'s sender ({@code POST /v1/reports}) with its text as evidence and, when it was franked,
     * its franking key, so the server can prove the text ({@link AbuseReport#evidenceVerified()}). {@code reason}
     * is one of {@code spam}, {@code scam}, {@code harassment}, {@code inappropriate}, {@code other}. Blocking.
     */
    public AbuseReport report(IncomingMessage message, String reason) throws IOException {
        var body = RestClient.object().put("reportedUser", message.from()).put("messageId", message.messageId())
                .put("reason", reason).put("evidence", message.text());
        if (message.isFranked()) {
            body.put("frankingKey", message.frankingKey());
        }
        RestClient.Answer answer = rest.post("/v1/reports", body);
        if (!answer.isSuccessful()) {
            throw RestClient.failure(answer);
        }
        var json = answer.json();
        return new AbuseReport(json.path("id").asLong(), json.path("verified").asBoolean(),
                json.path("evidenceVerified").asBoolean(), json.path("status").asText());
    }

    /** Tells {@code to} that this user is typing (ephemeral; dropped if offline). */
    public void sendTyping(String to) {
        loop.execute(() -> session.write(new ClientFrame.Typing(to)));
    }

    /**
     * Trusts {@code peer}'s new identity key, the one whose fingerprint the user compared with the peer
     * ({@code verifiedFingerprint}, from {@link ChatEvent.KeyChanged#newFingerprint()}), and runs the messages held
     * for it. Throws {@link KeyChangedException}, pinning nothing, if the directory now serves another key.
     */
    public void acceptKeyChange(String peer, String verifiedFingerprint) throws IOException, KeyChangedException {
        peers.accept(peer, verifiedFingerprint);
        session.replayHeld(peer);
    }

    /** The 60-digit safety number of the conversation with {@code peer}, from the pinned (or first fetched) key. */
    public String safetyNumber(String peer) throws IOException, KeyChangedException {
        byte[] theirs = store.pin(peer).isPresent() ? store.pin(peer).get().keys().signingKey()
                : peers.forSending(peer).signingKey();
        return SafetyNumbers.safetyNumber(store.userId(), store.current().publicKeys().signingKey(), peer, theirs);
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    /** Sends not yet accepted by the server. */
    public int pendingSends() {
        return outbox.size();
    }

    /**
     * Closes the connection, stops reconnecting and fails the futures of sends not yet accepted (they stay in the
     * outbox store). Waits up to 5 s. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (loop.isShutdown()) {
            return;
        }
        session.pause();
        loop.execute(() -> outbox.abandon(new IllegalStateException("client closed before the server accepted")));
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownHttp != null) {
            ownHttp.dispatcher().executorService().shutdown();
            ownHttp.connectionPool().evictAll();
        }
    }

    private static OkHttpClient defaultHttp(Duration timeout) {
        long millis = timeout.toMillis();
        // OkHttp pings too, so a dead network is noticed even when the server's pings cannot arrive.
        return new OkHttpClient.Builder().connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS).writeTimeout(millis, TimeUnit.MILLISECONDS)
                .pingInterval(20, TimeUnit.SECONDS).build();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
