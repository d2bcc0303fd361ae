package barter.chat;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command in the README works as written, and the server stops gracefully on SIGTERM. */
class ReadmeRunCommandIT {
    static final String RUN_LINE = "./mvnw -q -DskipTests package && java -jar server/target/barter-chat-server.jar";

    /** A line of the server's own log: {@code 2026-12-03T10:32:05.330Z INFO  [main] barter.chat.App  - ...}. */
    private static final Pattern SERVER_LINE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) +\\[.*");

    @TempDir
    Path dir;

    /** The repository root: the server module's parent, found from the jar failsafe built. */
    static Path repositoryRoot() {
        return ServerProcess.jar().getParent().getParent().getParent();
    }

    @Test
    void theReadmeRunCommandServesAndStopsGracefullyOnSigterm() throws Exception {
        Path readme = repositoryRoot().resolve("README.md");
        assertThat(readme).as("README.md at the repository root").exists();
        assertThat(Files.readAllLines(readme)).as("README.md holds the run command as a line of its own")
                .anySatisfy(line -> assertThat(line.strip()).isEqualTo(RUN_LINE));

        String runPart = RUN_LINE.substring(RUN_LINE.indexOf("&& ") + 3);
        assertThat(runPart).isEqualTo("java -jar server/target/barter-chat-server.jar");
        List<String> command = List.of(ServerProcess.java(), "-jar", runPart.split(" ")[2]);
        int port = ServerProcess.freePort();
        Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(command, repositoryRoot(),
                Map.of("CHAT_PORT", Integer.toString(port), "CHAT_DATA_DIR", dir.resolve("data").toString()), port, log)) {
            assertThat(server.readyStatus()).isEqualTo(200);
            assertThat(dir.resolve("data").resolve("chat.db")).as("embedded mode: SQLite in the data dir").exists();

            server.process().destroy();
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM; log:\n%s",
                    server.log()).isTrue();
            assertThat(server.process().exitValue()).as("the JVM's answer to SIGTERM").isEqualTo(143);
            assertThat(server.log()).as("the shutdown hook ran").contains("shutting down").contains("shut down");
            assertThat(server.log().lines()).as("the run prints only the server's own log lines (no JVM warnings)")
                    .allMatch(line -> SERVER_LINE.matcher(line).matches());
        }
    }
}
