package barter.chat.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the specs in docs/ ({@code openapi.yaml}, {@code asyncapi.yaml}) as JSON Schemas to validate against, by
 * JSON pointer into the document ({@code $ref}s resolve inside it).
 *
 * <p>Read strictly: every schema that lists {@code properties} and says nothing about others gets
 * {@code additionalProperties: false} here, so a field the server sends that the spec does not document fails a
 * test. The published document stays open (clients must ignore fields they do not know; the contract grows).
 */
public final class SpecDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final String iri;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private SpecDocument(String name, JsonNode root) {
        this.root = root;
        this.iri = "https://barter-chat.invalid/docs/" + name.replace(".yaml", ".json");
        String strict = strictCopy(root).toString();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(iri, strict)));
    }

    /** Reads {@code docs/<name>} of this repository. */
    public static SpecDocument load(String name) {
        Path file = docs().resolve(name);
        try {
            return new SpecDocument(name, new YAMLMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The repository's docs/ folder (tests run in the server module's folder). */
    public static Path docs() {
        return Path.of(System.getProperty("docs.dir", "../docs"));
    }

    /** The document as written. */
    public JsonNode root() {
        return root;
    }

    /** What is wrong with {@code value} against the schema at {@code pointer}: empty when it is valid. */
    public List<String> violations(String pointer, JsonNode value) {
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of(iri + "#" + p)));
        return schema.validate(value).stream().map(Object::toString).toList();
    }

    /** Escapes one key for a JSON pointer ({@code /v1/keys} becomes {@code ~1v1~1keys}). */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode strictCopy(JsonNode node) {
        JsonNode copy = node.deepCopy();
        close(copy);
        return copy;
    }

    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("properties") && object.get("properties").isObject()
                && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        node.forEach(SpecDocument::close);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
