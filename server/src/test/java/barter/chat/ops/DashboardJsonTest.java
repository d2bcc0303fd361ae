package barter.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structural checks of the shipped Grafana dashboard, {@code ops/grafana/dashboard.json}: it is
 * JSON Grafana can import, every panel queries the data source chosen in the {@code datasource}
 * template variable, and every metric it queries is one the server documents (docs/reference/metrics.md),
 * so a renamed metric breaks this test instead of leaving an empty panel.
 */
class DashboardJsonTest {

  /** Relative to the server module, which is Surefire's working directory. */
  private static final Path DASHBOARD = Path.of("../ops/grafana/dashboard.json");

  private static final Path METRICS_DOC = Path.of("../docs/reference/metrics.md");

  private static final String DATASOURCE_REF = "${datasource}";

  /** Exposition names of the server's own metrics, as documented in docs/reference/metrics.md. */
  static final Set<String> DOCUMENTED_CHAT_METRICS =
      Set.of(
          "chat_connections_active",
          "chat_connections_limit",
          "chat_connections_opened_total",
          "chat_connections_closed_total",
          "chat_keys_cache_hits_total",
          "chat_keys_cache_misses_total",
          "chat_keys_cache_evictions_total",
          "chat_keys_cache_size",
          "chat_keys_cache_max_size",
          "chat_keys_db_reads_total",
          "chat_messaging_queue_size",
          "chat_messaging_queue_oldest_age_seconds",
          "chat_messaging_delivery_latency_seconds_bucket",
          "chat_messaging_delivery_latency_seconds_count",
          "chat_messaging_delivery_latency_seconds_sum",
          "chat_messaging_delivery_latency_seconds_max",
          "chat_messaging_ack_latency_seconds_bucket",
          "chat_messaging_ack_latency_seconds_count",
          "chat_messaging_ack_latency_seconds_sum",
          "chat_messaging_ack_latency_seconds_max",
          "chat_messaging_messages_total",
          "chat_messaging_rejected_total",
          "chat_cleanup_runs_total",
          "chat_cleanup_failures_total",
          "chat_cleanup_duration_seconds_count",
          "chat_cleanup_duration_seconds_sum",
          "chat_cleanup_duration_seconds_max",
          "chat_cleanup_last_success_timestamp_seconds",
          "chat_cleanup_interval_seconds",
          "chat_limits_rejected_total");

  /** Standard Micrometer binders (JVM, process, HikariCP, Jetty): any metric of theirs is fine. */
  private static final Pattern STANDARD_METRIC = Pattern.compile("(jvm|process|hikaricp|jetty)_\\w+");

  private static final Set<String> PROMQL_KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
          "group_left", "group_right", "inf", "nan");

  private static JsonNode dashboard;

  @BeforeAll
  static void readDashboard() throws IOException {
    assertThat(DASHBOARD).as("dashboard file, relative to the server module").isRegularFile();
    dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
  }

  @Test
  void dashboardHasIdentityAndSchemaVersion() {
    assertThat(dashboard.isObject()).isTrue();
    assertThat(dashboard.path("uid").asText()).isNotBlank().matches("[A-Za-z0-9_-]{1,40}");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").isInt()).isTrue();
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.has("id")).as("an exported id would clash on import").isFalse();
  }

  @Test
  void datasourceIsATemplateVariableOfTypeDatasourceForPrometheus() {
    JsonNode variable = variable("datasource");
    assertThat(variable).as("template variable 'datasource'").isNotNull();
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
  }

  @Test
  void everyQueryPanelHasTargetsWithAPromqlExpression() {
    List<JsonNode> queryPanels = queryPanels();
    assertThat(queryPanels).isNotEmpty();
    for (JsonNode panel : queryPanels) {
      String name = describe(panel);
      assertThat(panel.path("targets").isArray()).as(name + " targets").isTrue();
      assertThat(panel.path("targets")).as(name + " targets").isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as(name + " expr").isNotBlank();
        assertThat(target.path("refId").asText()).as(name + " refId").isNotBlank();
      }
    }
  }

  @Test
  void everyPanelAndTargetUsesTheDatasourceVariable() {
    for (JsonNode panel : queryPanels()) {
      String name = describe(panel);
      assertThat(panel.path("datasource").path("uid").asText()).as(name).isEqualTo(DATASOURCE_REF);
      assertThat(panel.path("datasource").path("type").asText()).as(name).isEqualTo("prometheus");
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).as(name + " target").isEqualTo(DATASOURCE_REF);
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        assertThat(variable.path("datasource").path("uid").asText())
            .as("variable " + variable.path("name").asText())
            .isEqualTo(DATASOURCE_REF);
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsAndAPlaceOnTheGrid() {
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : allPanels()) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + describe(panel)).isTrue();
      JsonNode grid = panel.path("gridPos");
      for (String field : List.of("h", "w", "x", "y")) {
        assertThat(grid.path(field).isInt()).as(describe(panel) + " gridPos." + field).isTrue();
      }
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(describe(panel) + " width").isLessThanOrEqualTo(24);
    }
  }

  @Test
  void everyQueriedMetricIsDocumentedOrStandard() {
    Set<String> used = metricsUsed();
    assertThat(used).isNotEmpty();
    assertThat(used)
        .allSatisfy(metric -> assertThat(DOCUMENTED_CHAT_METRICS.contains(metric)
                || STANDARD_METRIC.matcher(metric).matches())
            .as("metric %s is neither documented nor a standard jvm_/process_/hikaricp_/jetty_ one", metric)
            .isTrue());
  }

  @Test
  void dashboardCoversEveryAreaOfIssue6() {
    assertThat(metricsUsed())
        .contains(
            "chat_connections_active", "chat_connections_limit",
            "chat_connections_opened_total", "chat_connections_closed_total",
            "chat_messaging_messages_total",
            "chat_messaging_delivery_latency_seconds_bucket", "chat_messaging_ack_latency_seconds_bucket",
            "chat_messaging_queue_size", "chat_messaging_queue_oldest_age_seconds",
            "chat_keys_cache_hits_total", "chat_keys_cache_misses_total",
            "chat_keys_cache_size", "chat_keys_cache_max_size",
            "chat_cleanup_runs_total", "chat_cleanup_failures_total",
            "chat_cleanup_last_success_timestamp_seconds",
            "chat_messaging_rejected_total", "chat_limits_rejected_total",
            "hikaricp_connections_active", "hikaricp_connections_pending", "hikaricp_connections_max",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes");
    String exprs = String.join("\n", expressions());
    assertThat(exprs).contains("histogram_quantile(0.5,", "histogram_quantile(0.9,", "histogram_quantile(0.99,");
  }

  @Test
  void everyAllowedChatMetricIsDocumentedInOperationsDoc() throws IOException {
    String doc = Files.readString(METRICS_DOC);
    assertThat(DOCUMENTED_CHAT_METRICS)
        .allSatisfy(metric -> assertThat(doc)
            .as("docs/reference/metrics.md documents %s", metric)
            .contains("`" + metric.replaceFirst("_(bucket|count|sum|max)$", "") + "`"));
  }

  @Test
  void metricNameExtractionSkipsFunctionsLabelsKeywordsAndNumbers() {
    assertThat(metricNames(
            "histogram_quantile(0.99, sum by (le, instance) (rate(a_seconds_bucket{job=\"$job\", le!=\"x\"}"
                + "[$__rate_interval]))) > 1e3 and on (job) b_total offset 5m / ignoring(pool) c"))
        .containsExactlyInAnyOrder("a_seconds_bucket", "b_total", "c");
  }

  // ---------------------------------------------------------------------------------- helpers

  private static JsonNode variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    return null;
  }

  /** Top-level panels and the panels nested in collapsed rows. */
  private static List<JsonNode> allPanels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** Every panel but rows, which only group others and have no query. */
  private static List<JsonNode> queryPanels() {
    assertThat(dashboard.path("panels").isArray()).as("panels").isTrue();
    return allPanels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
  }

  private static List<String> expressions() {
    return queryPanels().stream()
        .flatMap(p -> StreamSupport.stream(p.path("targets").spliterator(), false))
        .map(t -> t.path("expr").asText())
        .toList();
  }

  private static Set<String> metricsUsed() {
    Set<String> names = new TreeSet<>();
    expressions().forEach(expr -> names.addAll(metricNames(expr)));
    return names;
  }

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\w+");
  /** An identifier not glued to a number (1e3, 5m) and not a function call. */
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[A-Za-z_:][A-Za-z0-9_:]*+(?!\\s*\\()");

  /**
   * The metric names a PromQL expression selects. Not a parser: it removes what can hold other
   * identifiers (strings, label matchers, ranges, grouping label lists, Grafana variables) and
   * keeps identifiers that are neither function calls nor keywords.
   */
  static Set<String> metricNames(String expr) {
    String rest = STRING.matcher(expr).replaceAll("\"\"");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    rest = VARIABLE.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      if (!PROMQL_KEYWORDS.contains(m.group().toLowerCase())) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static String describe(JsonNode panel) {
    return "panel " + panel.path("id").asText() + " '" + panel.path("title").asText() + "'";
  }
}
