package barter.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric that the shipped alert rules and the Grafana dashboard query is on a running server's /metrics, after
 * a little traffic: a renamed or never-registered metric would leave an alert that cannot fire or an empty panel.
 */
class ScrapedMetricsTest {
    private static final Path ALERTS = Path.of("../ops/prometheus/alerts.yml");
    private static final Path DASHBOARD = Path.of("../ops/grafana/dashboard.json");
    private static final Pattern EXPR = Pattern.compile("expr:\\s*(\\|[^\\n]*\\n((?:\\s{10,}.*\\n)+)|(.*))");
    /** Produced by Prometheus itself, not by the server. */
    private static final Set<String> SCRAPER_SERIES = Set.of("up");

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExposed(@TempDir Path dir) throws IOException {
        Set<String> queried = new TreeSet<>();
        alertExpressions().forEach(expr -> queried.addAll(DashboardJsonTest.metricNames(expr)));
        dashboardExpressions().forEach(expr -> queried.addAll(DashboardJsonTest.metricNames(expr)));
        queried.removeAll(SCRAPER_SERIES);
        assertThat(queried).as("metrics found in the queries").hasSizeGreaterThan(5);

        try (TestServer server = TestServer.start(TestDatabases.Kind.SQLITE, dir)) {
            server.register("alice");
            server.register("bob");
            try (TestClient alice = server.online("alice"); TestClient bob = server.online("bob")) {
                alice.send(new ClientFrame.Send("m1", "bob", "aGk="));
                alice.next(ServerFrame.Accepted.class);
                bob.send(new ClientFrame.Ack(List.of(bob.next(ServerFrame.Message.class).messageId())));
                alice.next(ServerFrame.Receipt.class);
            }
            server.request("GET", "/v1/keys/alice", server.token("bob"), null);
            Set<String> exposed = server.request("GET", "/metrics", null, null).body().lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.replaceFirst("[{ ].*", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(queried).allSatisfy(name -> assertThat(exposed)
                    .as("%s (queried by the alerts or the dashboard) on /metrics", name).contains(name));
        }
    }

    @Test
    void theDatabasePoolHasTheConfiguredSize(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, java.util.Map.of(
                "CHAT_DB_POOL_SIZE", "5"))) {
            assertThat(server.request("GET", "/metrics", null, null).body().lines())
                    .contains("hikaricp_connections_max{pool=\"sqlite\"} 5.0");
        }
    }

    private static List<String> alertExpressions() throws IOException {
        Matcher m = EXPR.matcher(Files.readString(ALERTS));
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(2) != null ? m.group(2) : m.group(3));
        }
        return found;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> found = new java.util.ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            collect(panel, found);
            panel.path("panels").forEach(nested -> collect(nested, found));
        }
        return found;
    }

    private static void collect(JsonNode panel, List<String> into) {
        panel.path("targets").forEach(t -> into.add(t.path("expr").asText()));
    }
}
