package barter.chat.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * docs/openapi.yaml as a checker of real responses: which routes it documents, and whether a response (status,
 * content type, body) is one the spec allows for its route.
 */
public final class OpenApiContract {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final SpecDocument spec;
    private final Map<String, Pattern> templates;

    private OpenApiContract(SpecDocument spec) {
        this.spec = spec;
        Map<String, Pattern> byTemplate = new java.util.LinkedHashMap<>();
        spec.root().path("paths").fieldNames().forEachRemaining(template -> byTemplate.put(template,
                Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+"))));
        this.templates = Map.copyOf(byTemplate);
    }

    /** The repository's spec (read once). */
    public static OpenApiContract get() {
        return Holder.SPEC;
    }

    private static final class Holder {
        static final OpenApiContract SPEC = new OpenApiContract(SpecDocument.load("openapi.yaml"));
    }

    /** Every documented operation as {@code "GET /v1/keys/{userId}"}. */
    public TreeSet<String> operations() {
        TreeSet<String> operations = new TreeSet<>();
        spec.root().path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(m -> {
            if (METHODS.contains(m)) {
                operations.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The documented path template {@code path} (without its query) falls under, if any. */
    public Optional<String> template(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return templates.entrySet().stream().filter(e -> e.getValue().matcher(bare).matches())
                .map(Map.Entry::getKey).findFirst();
    }

    /**
     * What is wrong with this response, empty when the spec allows it. A path the spec does not document must be
     * answered with an error body (the server's {@code 404 not_found}, or the {@code 401} every {@code /v1} path
     * gives without a token).
     */
    public List<String> violations(String method, String path, int status, String contentType, String body) {
        String where = method + " " + path + " -> " + status + ": ";
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            return status >= 400 && isErrorBody(body) ? List.of()
                    : List.of(where + "an undocumented route answered without an error body: " + body);
        }
        JsonNode operation = spec.root().path("paths").path(template.get()).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return status == 404 || status == 405 ? List.of()
                    : List.of(where + "the spec has no " + method + " on " + template.get());
        }
        String responsePointer = "/paths/" + SpecDocument.escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + status;
        JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
            return List.of(where + "status " + status + " is not documented for " + method + " " + template.get()
                    + "; body: " + body);
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            return body == null || body.isEmpty() ? List.of() : List.of(where + "no body documented, got " + body);
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!content.has(mediaType)) {
            return List.of(where + "content type '" + contentType + "' is not documented (" + content.fieldNames().next()
                    + " is)");
        }
        String schemaPointer = schemaPointer(operation.path("responses").path(Integer.toString(status)), responsePointer)
                + "/content/" + SpecDocument.escape(mediaType) + "/schema";
        JsonNode value = mediaType.equals("application/json") ? SpecDocument.json(body) : TextNode.valueOf(body);
        List<String> problems = new ArrayList<>();
        spec.violations(schemaPointer, value).forEach(v -> problems.add(where + v + " in " + body));
        return problems;
    }

    /** A response given as {@code $ref: '#/components/responses/X'} is validated where it is defined. */
    private static String schemaPointer(JsonNode response, String pointer) {
        JsonNode ref = response.path("$ref");
        return ref.isTextual() ? ref.textValue().substring(1) : pointer;
    }

    private JsonNode resolve(JsonNode response) {
        JsonNode ref = response.path("$ref");
        return ref.isTextual() ? spec.root().at(ref.textValue().substring(1)) : response;
    }

    private static boolean isErrorBody(String body) {
        try {
            JsonNode node = SpecDocument.json(body);
            return node.path("error").isTextual() && node.path("message").isTextual();
        } catch (AssertionError notJson) {
            return false;
        }
    }
}
