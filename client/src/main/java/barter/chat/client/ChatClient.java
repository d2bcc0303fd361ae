package barter.chat.client;

import barter.chat.client.crypto.Envelope;
import barter.chat.client.crypto.Hpke;
import barter.chat.client.crypto.PublicKeys;
import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.client.keys.KeyChangedException;
import barter.chat.client.keys.KeyDirectoryClient;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.keys.PeerKeys;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.UserIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An end-to-end-encrypted barter-chat client for one user.
 *
 * <p>{@link #start()} connects in the background and keeps reconnecting, with jittered exponential backoff, until
 * {@link #close()}. {@link #send} encrypts on the calling thread and returns a future completed when the server
 * says the message is durable ({@code accepted}); until then it is retransmitted with the same client id on every
 * new connection, so a reconnect neither loses nor doubles it. Incoming messages are decrypted, verified against
 * the sender's pinned key and passed to the {@link MessageHandler}; they are acknowledged only after it returns.
 * Handler and {@link ChatListener} run on one event thread, in order. All public methods are thread-safe.
 */
public final class ChatClient implements AutoCloseable {
    private final LocalKeyStore store;
    private final KeyDirectoryClient directory;
    private final PeerKeys peers;
    private final Outbox outbox = new Outbox();
    private final Session session;
    private final Inbox inbox;
    private final ScheduledExecutorService loop;
    private final ExecutorService httpExecutor;
    private final Hpke.Sealer sealer = Hpke.randomSealer();

    private ChatClient(Builder b) {
        this.store = b.keyStore;
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("barter-chat-events-" + store.userId()));
        this.httpExecutor = Executors.newCachedThreadPool(daemon("barter-chat-http-" + store.userId()));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpExecutor)
                .connectTimeout(b.timeout).build();
        this.directory = new KeyDirectoryClient(http, b.server, b.token, b.timeout);
        this.peers = new PeerKeys(directory, store, b.clock, b.keyCacheTtl);
        this.session = new Session(loop, http, webSocketUri(b.server), b.token, b.timeout,
                new Backoff(b.initialBackoff, b.maxBackoff, new Random()), outbox, b.listener);
        this.inbox = new Inbox(store, peers, b.handler, b.listener, session::ack, b.dedupCapacity);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts connecting in the background; returns at once. Watch for {@link ChatEvent.Connected}. */
    public ChatClient start() {
        session.start(inbox);
        return this;
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
     * Encrypts {@code text} for {@code to} and queues it. The future completes with the server's ids once the
     * message is durable, or fails with {@link KeyChangedException} (nothing sent), {@link ServerException}
     * (refused, e.g. {@code unknown_user}, {@code too_large}), {@link IOException} (keys unavailable), or
     * {@link IllegalStateException} when the client is closed first (the message may or may not have been stored).
     */
    public CompletableFuture<Sent> send(String to, String text) {
        if (!UserIds.isValid(to)) {
            throw new IllegalArgumentException("not a valid user id: " + to);
        }
        String body;
        try {
            PublicKeys keys = peers.forSending(to);
            byte[] envelope = Envelope.seal(sealer, store.userId(), store.current(), to, keys.agreementKey(),
                    text.getBytes(StandardCharsets.UTF_8));
            body = Base64.getEncoder().encodeToString(envelope);
        } catch (KeyChangedException | IOException | GeneralSecurityException e) {
            return CompletableFuture.failedFuture(e);
        }
        Outbox.Pending p = outbox.add(to, body);
        loop.execute(() -> session.transmit(p));
        return p.result();
    }

    /** Tells {@code to} that this user is typing (ephemeral; dropped if offline). */
    public void sendTyping(String to) {
        loop.execute(() -> session.write(new ClientFrame.Typing(to)));
    }

    /** Trusts {@code peer}'s new identity key (after the user compared fingerprints) and runs held messages. */
    public void acceptKeyChange(String peer) throws IOException {
        peers.accept(peer);
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

    /** Closes the connection, stops reconnecting and fails sends not yet accepted. Waits up to 5 s. Idempotent. */
    @Override
    public synchronized void close() {
        if (loop.isShutdown()) {
            return;
        }
        session.close();
        loop.execute(() -> outbox.failAll(new IllegalStateException("client closed before the server accepted")));
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpExecutor.shutdownNow();
    }

    static URI webSocketUri(URI server) {
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + server.getRawAuthority() + "/v1/ws");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures a {@link ChatClient}; each setter checks its value at once. */
    public static final class Builder {
        private URI server = URI.create("http://localhost:8080");
        private Supplier<String> token;
        private LocalKeyStore keyStore;
        private MessageHandler handler = message -> { };
        private ChatListener listener = event -> { };
        private Duration timeout = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration keyCacheTtl = Duration.ofMinutes(5);
        private int dedupCapacity = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Base URL, {@code http://host:port} or {@code https://...}; the WebSocket is {@code /v1/ws} there. */
        public Builder server(URI value) {
            String scheme = Objects.requireNonNull(value, "server").getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("server must be an http or https URL: " + value);
            }
            this.server = value;
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
            Backoff check = new Backoff(positive("initial backoff", initial), max, new Random());
            check.delay(0);
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
            if (value <= 0) {
                throw new IllegalArgumentException("dedupCapacity must be positive: " + value);
            }
            this.dedupCapacity = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public ChatClient build() {
            if (token == null || keyStore == null) {
                throw new IllegalStateException("token and keyStore are required");
            }
            return new ChatClient(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
