package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message accepted into the outbox survives SIGKILL of the process holding it (a separate JVM, {@link OutboxChild})
 * and is delivered exactly once after the app restarts with the same outbox file, against the real server.
 */
class OutboxKillTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private TestServer server;
    private TestPeer alice;
    private TestPeer bob;
    private Process child;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("server"));
        alice = new TestPeer(server, dir, "alice").connect();
        bob = new TestPeer(server, dir, "bob").connect();
        // Alice pins bob's keys, so a process of hers can encrypt to him while the server is unreachable.
        alice.client().send("bob", "hello").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
        alice.client().close();
    }

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        alice.close();
        bob.close();
        server.close();
    }

    @Test
    void unsentMessagesOfAKilledProcessAreDeliveredOnceAfterRestart() throws Exception {
        server.stop();
        List<String> queued = runChildUntil("all queued", 10);
        kill();
        assertThat(queued).hasSize(10);

        server.start();
        restartAlice();
        await().atMost(WAIT).until(() -> bob.received.size() == 11);
        assertThat(bob.texts()).containsExactlyElementsOf(expected(10));
        await().atMost(WAIT).until(() -> alice.client().pendingSends() == 0);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> bob.received.size() == 11);
    }

    @Test
    void aProcessKilledWhileSendingLosesAndDoublesNothing() throws Exception {
        List<String> queued = runChildUntil("queued 40", 200);
        kill();

        restartAlice();
        int atLeast = queued.size() + 1;
        await().atMost(WAIT).until(() -> bob.received.size() >= atLeast
                && alice.client().pendingSends() == 0 && !bob.events(ChatEvent.QueueDrained.class).isEmpty());
        List<String> texts = bob.texts();
        assertThat(texts).doesNotHaveDuplicates();
        assertThat(texts.subList(0, atLeast)).containsExactlyElementsOf(expected(queued.size()));
        assertThat(texts).containsExactlyElementsOf(expected(texts.size() - 1));
    }

    /** Starts the child and reads its output until {@code last}; returns the messages it reported queued. */
    private List<String> runChildUntil(String last, int count) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OutboxChild.class.getName(), server.uri().toString(), TestServer.token("alice"),
                dir.resolve("alice.keystore.json").toString(), dir.resolve("alice.outbox").toString(), "bob",
                Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> queued = new CopyOnWriteArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("queued ")) {
                queued.add("message " + line.substring("queued ".length()));
            }
            if (line.equals(last)) {
                return queued;
            }
        }
        throw new IllegalStateException("the child ended before '" + last + "': exit " + child.exitValue());
    }

    /** SIGKILL: no shutdown hook, no close, nothing flushed that was not flushed already. */
    private void kill() throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
    }

    private void restartAlice() throws IOException {
        alice.restartClient().connect();
    }

    private static List<String> expected(int count) {
        List<String> texts = new ArrayList<>(List.of("hello"));
        texts.addAll(IntStream.range(0, count).mapToObj(i -> "message " + i).collect(Collectors.toList()));
        return texts;
    }
}
