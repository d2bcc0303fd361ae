package barter.chat.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.client.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI entry point, run in-process twice against the real server, with piped stdin and captured stdout. */
class CliTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private TestServer server;
    /* Chat sessions block on their stdin pipes, so they get their own threads rather than the common pool's. */
    private final ExecutorService sessions = Executors.newCachedThreadPool();
    private final List<Session> running = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestServer(dir.resolve("server"));
    }

    @AfterEach
    void stop() throws IOException {
        for (Session session : running) {
            session.endInput();
        }
        sessions.shutdownNow();
        server.close();
    }

    @Test
    void twoChatSessionsExchangeMessagesAndReceipts() throws Exception {
        assertThat(run("alice", "init").code()).isZero();
        assertThat(run("bob", "init").code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore("alice"))))
                .isEqualTo("rw-------");

        Session aliceChat = chat("alice", "bob");
        Session bobChat = chat("bob", "alice");
        aliceChat.type("is the bike still for trade?");
        await().atMost(WAIT).until(() -> bobChat.output().contains("alice: is the bike still for trade?"));
        await().atMost(WAIT).until(() -> aliceChat.output().contains("me: is the bike still for trade?  [delivered]"));
        bobChat.type("yes, for your guitar");
        await().atMost(WAIT).until(() -> aliceChat.output().contains("bob: yes, for your guitar"));

        aliceChat.type("/quit");
        bobChat.endInput();
        assertThat(aliceChat.exitCode()).isZero();
        assertThat(bobChat.exitCode()).isZero();
        assertThat(aliceChat.output()).containsPattern("\\d\\d:\\d\\d:\\d\\d bob: yes, for your guitar");
    }

    @Test
    void sendAndFingerprintCommands() throws Exception {
        run("alice", "init");
        run("bob", "init");
        Result sent = run("alice", "send", "bob", "hello from the shell");
        assertThat(sent.code()).isZero();
        assertThat(sent.out()).containsPattern("accepted as message \\d+");

        Result aliceView = run("alice", "fingerprint", "bob");
        Result bobView = run("bob", "fingerprint", "alice");
        assertThat(aliceView.code()).isZero();
        String aliceNumber = line(aliceView.out(), "safety number: ");
        assertThat(aliceNumber).matches("(\\d{5} ){11}\\d{5}");
        assertThat(line(bobView.out(), "safety number: ")).isEqualTo(aliceNumber);

        assertThat(run("bob", "init", "--rotate").code()).isZero();
        Result changed = run("alice", "fingerprint", "bob");
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).contains("identity key of bob changed");
        String shown = changed.out().lines().filter(l -> l.contains("--accept")).findFirst().orElseThrow()
                .replaceAll(".*--accept \"([0-9 ]+)\".*", "$1");
        Result wrong = run("alice", "fingerprint", "bob", "--accept", "00000 00000 00000 00000 00000 00000");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(run("alice", "send", "bob", "not yet").code()).isEqualTo(1);

        assertThat(run("alice", "fingerprint", "bob", "--accept", shown).code()).isZero();
        assertThat(run("alice", "send", "bob", "ok, verified").code()).isZero();
    }

    @Test
    void plainHttpToANonLoopbackHostNeedsInsecure() {
        Map<String, String> env = Map.of("CHAT_SERVER", "http://chat.example.org:8080", "CHAT_TOKEN",
                TestServer.token("alice"), "CHAT_KEYSTORE", keystore("alice").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"init"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), env);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing plain http to chat.example.org")
                .contains("--insecure");
    }

    @Test
    void missingTokenIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"send", "bob", "hi"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Map.of());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--token or CHAT_TOKEN");
    }

    @Test
    void initTwiceWithoutRotateRefusesToOverwriteKeys() {
        assertThat(run("alice", "init").code()).isZero();
        Result again = run("alice", "init");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("--rotate");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String user, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out), new PrintStream(err),
                env(user));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> env(String user) {
        return Map.of("CHAT_SERVER", server.uri().toString(), "CHAT_TOKEN", TestServer.token(user),
                "CHAT_KEYSTORE", keystore(user).toString());
    }

    private Path keystore(String user) {
        return dir.resolve(user + ".keystore.json");
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    /** A running {@code chat} command: its stdin is a pipe, its stdout a buffer. */
    private final class Session {
        private final PipedOutputStream stdin;
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit;

        Session(String user, String peer) throws IOException {
            PipedInputStream in = new PipedInputStream();
            stdin = new PipedOutputStream(in);
            PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
            exit = CompletableFuture.supplyAsync(() -> Cli.run(new String[] {"chat", peer}, in, out,
                    new PrintStream(new ByteArrayOutputStream()), env(user)), sessions);
        }

        void type(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        void endInput() throws IOException {
            stdin.close();
        }

        String output() {
            synchronized (stdout) {
                return stdout.toString(StandardCharsets.UTF_8);
            }
        }

        int exitCode() throws Exception {
            return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private Session chat(String user, String peer) throws IOException {
        Session session = new Session(user, peer);
        running.add(session);
        return session;
    }
}
