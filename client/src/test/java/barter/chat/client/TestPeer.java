package barter.chat.client;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.keys.LocalKeyStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** One user in a test: a key store, a client, and everything the app layer saw. */
final class TestPeer implements AutoCloseable {
    final String userId;
    final LocalKeyStore store;
    final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    final List<ChatEvent> events = new CopyOnWriteArrayList<>();
    volatile MessageHandler beforeRecord = m -> { };
    private final TestServer server;
    private ChatClient client;

    TestPeer(TestServer server, Path dir, String userId) throws IOException {
        this.server = server;
        this.userId = userId;
        this.store = LocalKeyStore.create(dir.resolve(userId + ".keystore.json"), userId, IdentityKeys.generate(),
                Clock.systemUTC());
        this.client = newClient();
        client.publishKeys();
    }

    private ChatClient newClient() {
        return ChatClient.builder().server(server.uri()).token(() -> TestServer.token(userId)).keyStore(store)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).keyCacheTtl(Duration.ZERO)
                .timeout(Duration.ofSeconds(5))
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
        client.start();
        return this;
    }

    /** A new client process for the same user and key store (the old one closed). */
    TestPeer restartClient() {
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
