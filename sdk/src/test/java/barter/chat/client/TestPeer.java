package barter.chat.client;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.storage.DedupStore;
import barter.chat.client.storage.OutboxStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** One user in a test: a key store, file-backed outbox and dedup stores, a client, and everything the app saw. */
final class TestPeer implements AutoCloseable {
    final String userId;
    final LocalKeyStore store;
    final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    final List<ChatEvent> events = new CopyOnWriteArrayList<>();
    volatile MessageHandler beforeRecord = m -> { };
    private final TestServer server;
    private final Path dir;
    private ChatClient client;

    TestPeer(TestServer server, Path dir, String userId) throws IOException {
        this.server = server;
        this.dir = dir;
        this.userId = userId;
        this.store = LocalKeyStore.create(dir.resolve(userId + ".keystore.json"), userId, IdentityKeys.generate(),
                Clock.systemUTC());
        this.client = newClient();
        client.publishKeys();
    }

    private ChatClient newClient() throws IOException {
        return ChatClient.builder().server(server.uri()).token(() -> TestServer.token(userId)).keyStore(store)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).keyCacheTtl(Duration.ZERO)
                .timeout(Duration.ofSeconds(5))
                .outboxStore(OutboxStore.file(dir.resolve(userId + ".outbox").toFile()))
                .dedupStore(DedupStore.file(dir.resolve(userId + ".handled").toFile(), 1000))
                .onMessage(m -> {
                    beforeRecord.onMessage(m);
                    received.add(m);
                })
                .onEvent(events::add).build();
    }

    ChatClient client() {
        return client;
    }

    TestPeer connect() {
        client.connect();
        return this;
    }

    /** A new client process for the same user and key store (the old one closed). */
    TestPeer restartClient() throws IOException {
        client.close();
        client = newClient();
        return this;
    }

    List<String> texts() {
        return received.stream().map(IncomingMessage::text).collect(Collectors.toList());
    }

    <T extends ChatEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    @Override
    public void close() {
        client.close();
    }
}
