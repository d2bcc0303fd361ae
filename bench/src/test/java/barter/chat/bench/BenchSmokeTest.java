package barter.chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.App;
import barter.chat.config.ChatConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each scenario, tiny, against a real server started in this JVM: the bench works end to end and reports fully. */
class BenchSmokeTest {
    @TempDir
    static Path dir;
    private static App app;
    private static Target target;
    private static Net net;

    @BeforeAll
    static void startServer() {
        app = App.start(ChatConfig.fromEnv(Map.of(
                "CHAT_PORT", "0",
                "CHAT_DATA_DIR", dir.resolve("data").toString(),
                "CHAT_JWT_SECRET", Target.DEFAULT_SECRET,
                "CHAT_LIMIT_MESSAGES", "1000000,1000000/s",
                "CHAT_LIMIT_CONNECTS", "1000000,1000000/s",
                "CHAT_LIMIT_HTTP", "1000000,1000000/s",
                "CHAT_LIMIT_KEYS", "1000000,1000000/s")));
        URI url = URI.create("http://127.0.0.1:" + app.port());
        target = Target.running(url, Target.DEFAULT_SECRET, ProcessHandle.current().pid(), "sqlite");
        net = new Net(url, 4, 2);
    }

    @AfterAll
    static void stopServer() {
        net.close();
        app.close();
    }

    private static Context context() {
        return new Context(target, net, new Identity(target.secret()), Context.newRunId());
    }

    @Test
    void onlineDeliversAndAcksEverySentMessageAndWritesAReport() throws Exception {
        Result r = new OnlineScenario(context(), new OnlineScenario.Settings(2, 8, 0, 200, 1, 2, 100, 5)).run();

        assertThat((long) r.figures.get("sent")).isPositive();
        assertThat(r.figures.get("received")).isEqualTo(r.figures.get("sent"));
        assertThat(r.figures.get("receipts")).isEqualTo(r.figures.get("sent"));
        assertThat(r.figures.get("errors")).isEqualTo(0L);
        assertThat((double) r.figures.get("delivered_acked_per_s")).isPositive();
        assertThat(r.latencies.get("send->received").getTotalCount()).isPositive();

        Path json = Report.write(dir.resolve("out"), "smoke", List.of(r), Map.of("store", "sqlite"));
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.path("machine").path("cpus").asInt()).isPositive();
        JsonNode run = doc.path("runs").get(0);
        assertThat(run.path("results").path("delivered_acked_per_s").asDouble()).isPositive();
        assertThat(run.path("latency").path("send->received").path("p99_ms").isNumber()).isTrue();
        assertThat(run.path("charts")).hasSize(2);
        for (JsonNode chart : run.path("charts")) {
            assertThat(dir.resolve("out").resolve(chart.asText())).isNotEmptyFile();
        }
        assertThat(Files.readString(json.resolveSibling(json.getFileName().toString().replace(".json", ".md"))))
                .contains("delivered_acked_per_s");
    }

    @Test
    void offlineDrainsEveryQueuedMessage() {
        Result r = new OfflineScenario(context(), new OfflineScenario.Settings(3, 20, 2, 200, 10)).run();

        assertThat(r.figures.get("received")).isEqualTo(60L);
        assertThat((double) r.figures.get("drain_seconds")).isPositive();
        assertThat((double) r.figures.get("all_acked_seconds")).isPositive();
    }

    @Test
    void keysReportsCacheHitsDatabaseReadsAndServerSideCachedLatency() {
        Result r = new KeysScenario(context(), 50, 2000, 1.0, 4).run();

        assertThat(r.figures.get("ok")).isEqualTo(2000L);
        assertThat((double) r.figures.get("cache_hit_ratio")).isBetween(0.5, 1.0);
        assertThat((double) r.figures.get("db_reads_per_100_lookups")).isBetween(0.0, 50.0);
        assertThat((double) r.figures.get("server_cached_p50_ms")).as("from the server's own timer").isPositive();
        assertThat((double) r.figures.get("server_cached_p99_ms"))
                .isGreaterThanOrEqualTo((double) r.figures.get("server_cached_p50_ms"));
    }

    @Test
    void connectionsHoldsIdleSocketsOverSeveralSourceAddresses() {
        Result r = new ConnectionsScenario(context(), 40, 0, 16).run();

        assertThat(r.figures.get("open_after_hold")).isEqualTo(40L);
        assertThat((long) r.figures.get("server_active_connections")).isGreaterThanOrEqualTo(40L);
    }
}
