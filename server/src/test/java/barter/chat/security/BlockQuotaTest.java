package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A user's block list is bounded ({@code CHAT_MAX_BLOCKS}) and listed in pages. */
class BlockQuotaTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theBlockListIsBoundedAndPaged(TestDatabases.Kind kind, @TempDir Path dir) {
        try (TestServer server = TestServer.start(kind.url(dir), dir, Map.of("CHAT_MAX_BLOCKS", "5"))) {
            String token = server.token("victim");
            for (int i = 0; i < 5; i++) {
                assertThat(server.request("PUT", "/v1/blocks/spammer" + i, token, null).statusCode()).isEqualTo(204);
            }
            HttpResponse<String> full = server.request("PUT", "/v1/blocks/spammer5", token, null);
            assertThat(full.statusCode()).isEqualTo(403);
            assertThat(Wire.json(full.body()).path("error").asText()).isEqualTo("forbidden");
            assertThat(Wire.json(full.body()).path("message").asText()).contains("5 users");
            assertThat(server.request("PUT", "/v1/blocks/spammer2", token, null).statusCode())
                    .as("blocking someone already blocked is not a new block").isEqualTo(204);

            List<String> listed = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                HttpResponse<String> page = server.request("GET", "/v1/blocks?limit=2"
                        + (after == null ? "" : "&after=" + after), token, null);
                assertThat(page.statusCode()).isEqualTo(200);
                JsonNode body = Wire.json(page.body());
                body.path("blocked").forEach(user -> listed.add(user.asText()));
                after = body.hasNonNull("next") ? body.path("next").asText() : null;
                pages++;
            } while (after != null && pages < 10);
            assertThat(listed).containsExactly("spammer0", "spammer1", "spammer2", "spammer3", "spammer4");
            assertThat(pages).isEqualTo(3);
            assertThat(server.request("GET", "/v1/blocks?limit=0", token, null).statusCode()).isEqualTo(400);
            assertThat(server.request("GET", "/v1/blocks?after=not%20a%20user", token, null).statusCode())
                    .isEqualTo(400);
        }
    }
}
