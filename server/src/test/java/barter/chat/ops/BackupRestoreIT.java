package barter.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.ServerProcess;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup --to} while the server takes sends, then {@code restore --from} into a fresh data dir: every message
 * accepted before the backup started is there, and tokens signed with the generated secret still verify.
 */
class BackupRestoreIT {

    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderLoadRestoresEveryMessageAcceptedBeforeIt() throws Exception {
        Path original = dir.resolve("original");
        Path backup = dir.resolve("backup").resolve("chat-backup.db");
        java.nio.file.Files.createDirectories(backup.getParent());
        String seller = command(original, "token", "seller").trim();
        String buyer = command(original, "token", "buyer").trim();
        Set<Long> beforeBackup = new HashSet<>();
        try (ServerProcess server = ServerProcess.startJar(Map.of("CHAT_DATA_DIR", original.toString(),
                "CHAT_LIMIT_MESSAGES", "100000,100000/s"), ServerProcess.freePort(), dir.resolve("original.log"))) {
            register(server.port(), seller);
            register(server.port(), buyer);
            try (TestClient client = TestClient.connect(server.port(), seller)) {
                client.untilQueueEmpty();
                beforeBackup.addAll(send(client, "before", 200));
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread load = Thread.ofVirtual().start(() -> {
                    for (int round = 0; sending.get(); round++) {
                        send(client, "during" + round, 20);
                    }
                });
                String printed = command(original, "backup", "--to", backup.toString());
                sending.set(false);
                load.join();
                assertThat(printed).contains("backed up").contains(".jwt-secret");
            }
        }
        Path restored = dir.resolve("restored");
        assertThat(command(restored, "restore", "--from", backup.toString())).contains("with its token secret");
        assertThat(java.nio.file.Files.getPosixFilePermissions(restored.resolve("chat.db")))
                .hasSize(2).allMatch(p -> p.name().startsWith("OWNER"));
        try (ServerProcess server = ServerProcess.startJar(Map.of("CHAT_DATA_DIR", restored.toString()),
                ServerProcess.freePort(), dir.resolve("restored.log"));
             TestClient reader = TestClient.connect(server.port(), buyer)) {
            List<Long> delivered = new ArrayList<>();
            for (ServerFrame frame : reader.untilQueueEmpty()) {
                delivered.add(((ServerFrame.Message) frame).messageId());
            }
            assertThat(delivered).containsAll(beforeBackup).isSorted();
        }
    }

    /** Sends {@code count} messages and returns their ids once all are accepted. */
    private static List<Long> send(TestClient client, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            client.send(new ClientFrame.Send(prefix + "-" + i, "buyer",
                    Base64.getEncoder().encodeToString((prefix + i).getBytes(StandardCharsets.UTF_8))));
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.nextOf(ServerFrame.Accepted.class).messageId());
        }
        return ids;
    }

    /** Runs the server jar's command line with {@code dataDir} and returns what it printed; it must succeed. */
    private static String command(Path dataDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ServerProcess.java(), "-jar", ServerProcess.jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("CHAT_"));
        builder.environment().put("CHAT_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void register(int port, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/keys"))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(TestKeys.generate().json())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
