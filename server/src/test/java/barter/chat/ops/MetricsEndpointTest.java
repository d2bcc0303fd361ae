package barter.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives traffic through a real server and reads /metrics over HTTP, as Prometheus would. */
class MetricsEndpointTest {
    private TestServer server;

    @BeforeEach
    void start(@TempDir Path dir) {
        server = TestServer.start(TestDatabases.Kind.SQLITE, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private double metric(String series) {
        return server.metric(series);
    }

    private static ClientFrame.Send send(String to) {
        return new ClientFrame.Send(UUID.randomUUID().toString(), to, Base64.getEncoder().encodeToString(new byte[32]));
    }

    @Test
    void connectionGaugeAndCountersFollowConnectsAndDisconnects() {
        server.register("alice");
        TestClient alice = server.online("alice");
        assertThat(metric("chat_connections_active")).isEqualTo(1.0);
        assertThat(metric("chat_connections_opened_total")).isEqualTo(1.0);
        TestClient again = server.online("alice");
        assertThat(again.isClosed()).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(metric("chat_connections_closed_total{reason=\"displaced\"}")).isEqualTo(1.0));
        again.close();
        alice.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(metric("chat_connections_active")).isZero());
    }

    @Test
    void aSecondKeyLookupIsACacheHitAndReadsTheDatabaseOnce() {
        server.register("bob");
        String token = server.token("carol");
        assertThat(server.request("GET", "/v1/keys/bob", token, null).statusCode()).isEqualTo(200);
        assertThat(server.request("GET", "/v1/keys/bob", token, null).statusCode()).isEqualTo(200);
        assertThat(metric("chat_keys_cache_misses_total")).isEqualTo(1.0);
        assertThat(metric("chat_keys_cache_hits_total")).isEqualTo(1.0);
        assertThat(metric("chat_keys_db_reads_total")).isEqualTo(1.0);
        assertThat(metric("chat_keys_cache_size")).isEqualTo(1.0);
    }

    @Test
    void keyLookupsAreTimedBySourceInAHistogramWithABucketAtOneMillisecond() {
        server.register("bob");
        String token = server.token("carol");
        double cache = metric("chat_keys_lookup_seconds_count{source=\"cache\"}");
        double db = metric("chat_keys_lookup_seconds_count{source=\"db\"}");
        double missing = metric("chat_keys_lookup_seconds_count{source=\"missing\"}");
        for (int i = 0; i < 4; i++) {
            assertThat(server.request("GET", "/v1/keys/bob", token, null).statusCode()).isEqualTo(200);
        }
        assertThat(server.request("GET", "/v1/keys/nobody-has-this-id", token, null).statusCode()).isEqualTo(404);
        assertThat(metric("chat_keys_lookup_seconds_count{source=\"db\"}") - db).as("the first read").isEqualTo(1.0);
        assertThat(metric("chat_keys_lookup_seconds_count{source=\"cache\"}") - cache).isEqualTo(3.0);
        assertThat(metric("chat_keys_lookup_seconds_count{source=\"missing\"}") - missing).isEqualTo(1.0);
        assertThat(metric("chat_keys_lookup_seconds_bucket{source=\"cache\",le=\"+Inf\"}") - cache).isEqualTo(3.0);
        assertThat(metric("chat_keys_lookup_seconds_bucket{source=\"cache\",le=\"0.001\"}"))
                .as("an exact bucket at the 1 ms aim").isNotNegative();
    }

    @Test
    void backlogGrowsWhileTheRecipientIsOfflineAndShrinksAfterTheAck() {
        server.register("alice");
        server.register("bob");
        try (TestClient alice = server.online("alice")) {
            alice.send(send("bob"));
            alice.send(send("bob"));
            alice.next(ServerFrame.Accepted.class);
            alice.next(ServerFrame.Accepted.class);
        }
        assertThat(metric("chat_messaging_queue_size")).isEqualTo(2.0);
        assertThat(metric("chat_messaging_messages_total{event=\"accepted\"}")).isEqualTo(2.0);
        try (TestClient bob = server.connect("bob")) {
            List<ServerFrame> backlog = bob.untilQueueEmpty();
            bob.send(new ClientFrame.Ack(backlog.stream().map(f -> ((ServerFrame.Message) f).messageId()).toList()));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(metric("chat_messaging_queue_size")).isZero());
        }
        assertThat(metric("chat_messaging_messages_total{event=\"acked\"}")).isEqualTo(2.0);
        assertThat(metric("chat_messaging_messages_total{event=\"delivered\"}")).isEqualTo(2.0);
        assertThat(metric("chat_messaging_ack_latency_seconds_count")).isEqualTo(2.0);
        assertThat(metric("chat_messaging_delivery_latency_seconds_count"))
                .as("backlog deliveries are not delivery latency").isZero();
    }

    @Test
    void liveDeliveriesFillTheLatencyHistogram() {
        server.register("alice");
        server.register("bob");
        try (TestClient alice = server.online("alice"); TestClient bob = server.online("bob")) {
            for (int i = 0; i < 3; i++) {
                alice.send(send("bob"));
                bob.next(ServerFrame.Message.class);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(metric("chat_messaging_delivery_latency_seconds_count")).isEqualTo(3.0));
            assertThat(metric("chat_messaging_delivery_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(3.0);
        }
    }

    @Test
    void rejectedFramesAreCountedByReason() {
        server.register("alice");
        try (TestClient alice = server.online("alice")) {
            alice.send(send("nobody-has-this-id"));
            alice.next(ServerFrame.Error.class);
            alice.sendText("{not json");
            alice.next(ServerFrame.Error.class);
        }
        assertThat(metric("chat_messaging_rejected_total{reason=\"unknown_user\"}")).isEqualTo(1.0);
        assertThat(metric("chat_messaging_rejected_total{reason=\"invalid_frame\"}")).isEqualTo(1.0);
    }

    @Test
    void aScrapeTokenProtectsTheEndpoint(@TempDir Path dir) {
        try (TestServer guarded = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_METRICS_TOKEN", "scrape-me"))) {
            assertThat(guarded.request("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
            assertThat(guarded.request("GET", "/metrics", "wrong", null).statusCode()).isEqualTo(401);
            assertThat(guarded.request("GET", "/metrics", "scrape-me", null).body()).contains("chat_connections_active");
        }
    }
}
