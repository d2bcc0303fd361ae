package barter.chat.client;

import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.storage.DedupStore;
import barter.chat.client.storage.OutboxStore;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The separate process of {@link OutboxKillTest}: an app that queues {@code count} messages to {@code peer} and then
 * idles until it is killed. It prints {@code queued <i>} once {@code send} returned for message i (so the message is
 * in the outbox file), and never waits for the server's answer.
 *
 * <p>Arguments: server URL, token, key store file, outbox file, peer, count.
 */
public final class OutboxChild {
    private OutboxChild() {
    }

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String token = args[1];
        LocalKeyStore keys = LocalKeyStore.open(Path.of(args[2]), Clock.systemUTC());
        String peer = args[4];
        int count = Integer.parseInt(args[5]);
        ChatClient client = ChatClient.builder().server(server).token(() -> token).keyStore(keys)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).timeout(Duration.ofSeconds(2))
                .outboxStore(OutboxStore.file(new File(args[3]))).dedupStore(DedupStore.none()).build().connect();
        for (int i = 0; i < count; i++) {
            client.send(peer, "message " + i);
            System.out.println("queued " + i);
            System.out.flush();
        }
        System.out.println("all queued");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
