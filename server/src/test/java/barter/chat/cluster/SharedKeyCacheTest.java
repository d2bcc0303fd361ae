package barter.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes share one key cache in Redis under their own: a user's keys are read from the database at most once
 * per cluster, not once per node, and a rotation replaces the shared copy.
 */
class SharedKeyCacheTest {
    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final List<TestServer> nodes = new ArrayList<>();

    @BeforeEach
    void startNodes(@TempDir Path dir) {
        String db = TestDatabases.postgres();
        for (int i = 0; i < 3; i++) {
            nodes.add(TestServer.start(db, dir.resolve("n" + i), Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0",
                    "CHAT_REDIS_PREFIX", prefix, "CHAT_NODE_ID", "n" + i)));
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestServer::close);
    }

    @Test
    void keysAreReadFromTheDatabaseOncePerClusterNotOncePerNode() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add("trader" + i);
            nodes.get(0).register("trader" + i);
        }
        forgetSharedCopies();
        double before = databaseReads();
        for (int i = 0; i < 100; i++) {
            TestServer node = nodes.get(i % 3);
            assertThat(node.request("GET", "/v1/keys/" + users.get(i % 10), node.token("reader"), null).statusCode())
                    .isEqualTo(200);
        }
        double reads = databaseReads() - before;
        assertThat(reads).as("database reads for 100 lookups of 10 users over 3 nodes").isLessThanOrEqualTo(10);
    }

    @Test
    void aRotationReplacesTheSharedCopy() {
        nodes.get(0).register("rotator");
        assertThat(nodes.get(1).request("GET", "/v1/keys/rotator", nodes.get(1).token("r"), null).statusCode())
                .isEqualTo(200);
        TestKeys rotated = TestKeys.generate();
        assertThat(nodes.get(2).request("PUT", "/v1/keys", nodes.get(2).token("rotator"), rotated.json())
                .statusCode()).isEqualTo(200);
        String agreement = Base64.getEncoder().encodeToString(rotated.agreementKey());
        for (TestServer node : nodes) {
            assertThat(node.request("GET", "/v1/keys/rotator", node.token("r"), null).body()).contains(agreement);
        }
    }

    /** Publishing writes the shared copy; drop it, so the lookups below must start from the database. */
    private void forgetSharedCopies() {
        try (RedisClient redis = RedisClient.create("redis://127.0.0.1:6379/0")) {
            var commands = redis.connect().sync();
            List<String> keys = commands.keys(prefix + "keys:*");
            assertThat(keys).hasSize(10);
            commands.del(keys.toArray(String[]::new));
        }
    }

    private double databaseReads() {
        return nodes.stream().mapToDouble(node -> node.request("GET", "/metrics", null, null).body().lines()
                .filter(l -> l.startsWith("chat_keys_db_reads_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).sum();
    }
}
