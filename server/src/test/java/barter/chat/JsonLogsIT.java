package barter.chat;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.ServerProcess;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With CHAT_LOG_FORMAT=json every line the packaged server prints is one JSON object with a formatted message. */
class JsonLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLogLineIsAJsonObject(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.startJar(Map.of(
                "CHAT_LOG_FORMAT", "json",
                "CHAT_DATA_DIR", dir.resolve("data").toString(),
                "CHAT_JWT_SECRET", TestServer.SECRET), ServerProcess.freePort(), log)) {
            assertThat(server.readyStatus()).isEqualTo(200);
            List<String> lines = server.log().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                assertThat(event.path("level").asText()).isNotEmpty();
                assertThat(event.path("formattedMessage").asText()).isNotEmpty();
            }
            assertThat(lines).anyMatch(line -> line.contains("listening on port " + server.port()));
        }
    }
}
