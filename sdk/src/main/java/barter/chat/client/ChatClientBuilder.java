package barter.chat.client;

import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.storage.DedupStore;
import barter.chat.client.storage.OutboxStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/** Configures a {@link ChatClient}; each setter checks its value at once. */
public final class ChatClientBuilder {
    URI server = URI.create("http://localhost:8080");
    boolean allowCleartext;
    OkHttpClient http;
    Supplier<String> token;
    LocalKeyStore keyStore;
    OutboxStore outboxStore = OutboxStore.none();
    DedupStore dedupStore = DedupStore.none();
    MessageHandler handler = message -> { };
    ChatListener listener = event -> { };
    Duration timeout = Duration.ofSeconds(10);
    Duration initialBackoff = Duration.ofMillis(500);
    Duration maxBackoff = Duration.ofSeconds(30);
    Duration keyCacheTtl = Duration.ofMinutes(5);
    int dedupCapacity = 10_000;
    int maxFrameBytes = 1 << 20;
    Clock clock = Clock.systemUTC();

    ChatClientBuilder() {
    }

    /**
     * Base URL, {@code https://host[:port]} (the WebSocket is {@code /v1/ws} there); {@code http://} only to a
     * loopback address unless {@link #allowCleartext(boolean)}.
     */
    public ChatClientBuilder server(URI value) {
        ServerAddress.allowingCleartext(value);
        this.server = value;
        return this;
    }

    /** Allows plain {@code http}/{@code ws} to hosts other than loopback: token and frames travel in clear. */
    public ChatClientBuilder allowCleartext(boolean value) {
        this.allowCleartext = value;
        return this;
    }

    /** Shares the app's OkHttp client (its pool, proxy, certificate pinning); the default is a private one. */
    public ChatClientBuilder httpClient(OkHttpClient value) {
        this.http = Objects.requireNonNull(value, "httpClient");
        return this;
    }

    /** Called before every connection and request, so a refreshed token is picked up. */
    public ChatClientBuilder token(Supplier<String> value) {
        this.token = Objects.requireNonNull(value, "token");
        return this;
    }

    public ChatClientBuilder keyStore(LocalKeyStore value) {
        this.keyStore = Objects.requireNonNull(value, "keyStore");
        return this;
    }

    /** Where unsent messages survive a restart; default {@link OutboxStore#none()} (memory only). */
    public ChatClientBuilder outboxStore(OutboxStore value) {
        this.outboxStore = Objects.requireNonNull(value, "outboxStore");
        return this;
    }

    /** Where handled message ids survive a restart; default {@link DedupStore#none()} (memory only). */
    public ChatClientBuilder dedupStore(DedupStore value) {
        this.dedupStore = Objects.requireNonNull(value, "dedupStore");
        return this;
    }

    public ChatClientBuilder onMessage(MessageHandler value) {
        this.handler = Objects.requireNonNull(value, "handler");
        return this;
    }

    public ChatClientBuilder onEvent(ChatListener value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    public ChatClientBuilder timeout(Duration value) {
        this.timeout = positive("timeout", value);
        return this;
    }

    /** Reconnect delays: the first about {@code initial}, doubling up to {@code max}, each jittered. */
    public ChatClientBuilder backoff(Duration initial, Duration max) {
        new Backoff(positive("initial backoff", initial), max, new Random());
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    public ChatClientBuilder keyCacheTtl(Duration value) {
        this.keyCacheTtl = Objects.requireNonNull(value, "keyCacheTtl");
        return this;
    }

    /** How many handled message ids are remembered to drop redeliveries. */
    public ChatClientBuilder dedupCapacity(int value) {
        this.dedupCapacity = positive("dedupCapacity", value);
        return this;
    }

    /** The largest server frame accepted (default 1 MiB); a larger one closes the connection with 1009. */
    public ChatClientBuilder maxFrameBytes(int value) {
        this.maxFrameBytes = positive("maxFrameBytes", value);
        return this;
    }

    public ChatClientBuilder clock(Clock value) {
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
