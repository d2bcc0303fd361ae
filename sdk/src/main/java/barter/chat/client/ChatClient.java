package barter.chat.client;

import barter.chat.client.crypto.Envelope;
import barter.chat.client.crypto.Hpke;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.client.keys.KeyChangedException;
import barter.chat.client.keys.KeyDirectoryClient;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.keys.PeerKeys;
import barter.chat.client.storage.DedupStore;
import barter.chat.client.storage.OutboxStore;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.UserIds;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    private final KeyDirectoryClient directory;
    private final PeerKeys peers;
    private final Outbox outbox;
    private final Session session;
    private final ScheduledExecutorService loop;
    private final OkHttpClient ownHttp;
    private final Hpke.Sealer sealer = Hpke.randomSealer();

    private ChatClient(Builder b, ServerAddress server) throws IOException {
        this.store = b.keyStore;
        this.ownHttp = b.http == null ? defaultHttp(b.timeout) : null;
        OkHttpClient http = b.http != null ? b.http : ownHttp;
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("barter-chat-events-" + store.userId()));
        this.directory = new KeyDirectoryClient(http, server, b.token);
        this.peers = new PeerKeys(directory, store, b.clock, b.keyCacheTtl);
        this.outbox = new Outbox(b.outboxStore, b.listener);
        this.session = new Session(loop, new Session.Transport(http, server, b.token, b.timeout, b.maxFrameBytes),
                new Backoff(b.initialBackoff, b.maxBackoff, new Random()), outbox, b.listener);
        session.attach(new Inbox(store, peers, b.handler, b.listener, session::ack, b.dedupCapacity, b.dedupStore));
    }

    public static Builder builder() {
        return new Builder();
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
            byte[] envelope = Envelope.seal(sealer, store.userId(), store.current(), to, keys.agreementKey(),
                    text.getBytes(StandardCharsets.UTF_8));
            p = outbox.add(to, Base64.getEncoder().encodeToString(envelope));
        } catch (KeyChangedException | IOException | GeneralSecurityException e) {
            // Not CompletableFuture.failedFuture: that needs Android API 31.
            CompletableFuture<Sent> failed = new CompletableFuture<>();
            failed.completeExceptionally(e);
            return failed;
        }
        loop.execute(() -> session.transmit(p));
        return p.result();
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

    /** Configures a {@link ChatClient}; each setter checks its value at once. */
    public static final class Builder {
        private URI server = URI.create("http://localhost:8080");
        private boolean allowCleartext;
        private OkHttpClient http;
        private Supplier<String> token;
        private LocalKeyStore keyStore;
        private OutboxStore outboxStore = OutboxStore.none();
        private DedupStore dedupStore = DedupStore.none();
        private MessageHandler handler = message -> { };
        private ChatListener listener = event -> { };
        private Duration timeout = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration keyCacheTtl = Duration.ofMinutes(5);
        private int dedupCapacity = 10_000;
        private int maxFrameBytes = 1 << 20;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Base URL, {@code https://host[:port]} (the WebSocket is {@code /v1/ws} there); {@code http://} only to a
         * loopback address unless {@link #allowCleartext(boolean)}.
         */
        public Builder server(URI value) {
            ServerAddress.allowingCleartext(value);
            this.server = value;
            return this;
        }

        /** Allows plain {@code http}/{@code ws} to hosts other than loopback: token and frames travel in clear. */
        public Builder allowCleartext(boolean value) {
            this.allowCleartext = value;
            return this;
        }

        /** Shares the app's OkHttp client (its pool, proxy, certificate pinning); the default is a private one. */
        public Builder httpClient(OkHttpClient value) {
            this.http = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /** Called before every connection and request, so a refreshed token is picked up. */
        public Builder token(Supplier<String> value) {
            this.token = Objects.requireNonNull(value, "token");
            return this;
        }

        public Builder keyStore(LocalKeyStore value) {
            this.keyStore = Objects.requireNonNull(value, "keyStore");
            return this;
        }

        /** Where unsent messages survive a restart; default {@link OutboxStore#none()} (memory only). */
        public Builder outboxStore(OutboxStore value) {
            this.outboxStore = Objects.requireNonNull(value, "outboxStore");
            return this;
        }

        /** Where handled message ids survive a restart; default {@link DedupStore#none()} (memory only). */
        public Builder dedupStore(DedupStore value) {
            this.dedupStore = Objects.requireNonNull(value, "dedupStore");
            return this;
        }

        public Builder onMessage(MessageHandler value) {
            this.handler = Objects.requireNonNull(value, "handler");
            return this;
        }

        public Builder onEvent(ChatListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = positive("timeout", value);
            return this;
        }

        /** Reconnect delays: the first about {@code initial}, doubling up to {@code max}, each jittered. */
        public Builder backoff(Duration initial, Duration max) {
            new Backoff(positive("initial backoff", initial), max, new Random());
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Builder keyCacheTtl(Duration value) {
            this.keyCacheTtl = Objects.requireNonNull(value, "keyCacheTtl");
            return this;
        }

        /** How many handled message ids are remembered to drop redeliveries. */
        public Builder dedupCapacity(int value) {
            this.dedupCapacity = positive("dedupCapacity", value);
            return this;
        }

        /** The largest server frame accepted (default 1 MiB); a larger one closes the connection with 1009. */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = positive("maxFrameBytes", value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds the client, loading the outbox and dedup stores (file I/O: off Android's main thread). */
        public ChatClient build() throws IOException {
            if (token == null || keyStore == null) {
                throw new IllegalStateException("token and keyStore are required");
            }
            return new ChatClient(this, allowCleartext ? ServerAddress.allowingCleartext(server)
                    : ServerAddress.of(server));
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
