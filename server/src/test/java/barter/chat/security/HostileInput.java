package barter.chat.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of hostile text: random strings, random JSON values shaped like frames or bodies, and valid
 * documents damaged by a few byte-level mutations (so the parser sees inputs that are almost right).
 */
final class HostileInput {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Characters that break JSON, strings and encodings: structure, escapes, controls, a lone surrogate, emoji. */
    private static final String NASTY = "{}[]\":,\\ \t\n\r\u0000\u001f0123456789-+.eEtrufalsn/=AZaz_\u00e9\ud800\u2028";

    private HostileInput() {
    }

    /** Any string, from plain noise to JSON-looking fragments. */
    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars(NASTY).ofMaxLength(200),
                Arbitraries.strings().withChars(NASTY + "😀").ofMaxLength(40).map(s -> "{\"type\":\"" + s));
    }

    /** {@code text} damaged by 1 to 5 mutations: replace, insert or delete a character, duplicate a span, truncate. */
    static Arbitrary<String> mutated(Arbitrary<String> valid) {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.chars().with(NASTY.toCharArray()),
                Arbitraries.integers().between(1, 40)).as(Mutation::new);
        return Combinators.combine(valid, mutation.list().ofMinSize(1).ofMaxSize(5)).as((text, mutations) -> {
            StringBuilder out = new StringBuilder(text);
            mutations.forEach(m -> m.apply(out));
            return out.toString();
        });
    }

    /** Random JSON: mostly objects whose keys are the field names the server reads, with values of any type. */
    static Arbitrary<String> jsonDocuments(List<String> fieldNames, List<String> plausibleTexts) {
        Arbitrary<JsonNode> value = value(plausibleTexts, 2);
        Arbitrary<ObjectNode> shaped = Arbitraries.maps(
                        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(fieldNames)),
                                Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(6))),
                        value)
                .ofMaxSize(fieldNames.size() + 1)
                .map(HostileInput::object);
        return Arbitraries.frequencyOf(Tuple.of(5, shaped), Tuple.of(1, value)).map(HostileInput::write);
    }

    private static Arbitrary<JsonNode> value(List<String> plausibleTexts, int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.of(plausibleTexts).map(NODES::textNode),
                Arbitraries.strings().all().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.just(NODES.numberNode(new BigInteger("123456789012345678901234567890"))),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> value(plausibleTexts, depth - 1));
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(HostileInput::array);
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), child)
                .ofMaxSize(3).map(HostileInput::object);
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(2, array), Tuple.of(1, object));
    }

    private static ObjectNode object(Map<String, JsonNode> fields) {
        ObjectNode node = NODES.objectNode();
        fields.forEach(node::set);
        return node;
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode node = NODES.arrayNode();
        items.forEach(node::add);
        return node;
    }

    static String write(JsonNode node) {
        try {
            return Wire.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One edit at a relative position, so a shrunk input stays meaningful. */
    private record Mutation(int kind, double at, char c, int span) {
        void apply(StringBuilder text) {
            int pos = (int) (at * text.length());
            switch (kind) {
                case 0 -> {
                    if (pos < text.length()) {
                        text.setCharAt(pos, c);
                    }
                }
                case 1 -> text.insert(pos, c);
                case 2 -> {
                    if (pos < text.length()) {
                        text.deleteCharAt(pos);
                    }
                }
                case 3 -> text.insert(pos, text.substring(pos, Math.min(text.length(), pos + span)));
                default -> text.setLength(pos);
            }
        }
    }

    /** Valid client frame texts naming the given users and message ids, with an occasional forged {@code from}. */
    static Arbitrary<String> validFrames(List<String> users, List<Long> messageIds, List<String> tokens) {
        Arbitrary<String> user = Arbitraries.of(users);
        Arbitrary<String> send = Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(36),
                        user, user, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30))
                .as((id, to, from, text) -> "{\"type\":\"send\",\"id\":\"" + id + "\",\"to\":\"" + to
                        + "\",\"from\":\"" + from + "\",\"body\":\"" + Wire.base64(text) + "\"}");
        Arbitrary<String> ack = Arbitraries.of(messageIds).list().ofMinSize(1).ofMaxSize(5)
                .map(ids -> "{\"type\":\"ack\",\"ids\":" + ids + "}");
        Arbitrary<String> typing = user.map(to -> "{\"type\":\"typing\",\"to\":\"" + to + "\"}");
        Arbitrary<String> auth = Arbitraries.of(tokens).map(t -> "{\"type\":\"auth\",\"token\":\"" + t + "\"}");
        return Arbitraries.oneOf(send, ack, typing, auth);
    }

    /** Everything a hostile client might send as one frame, valid frames included. */
    static Arbitrary<String> frames(List<String> users, List<Long> messageIds, List<String> tokens) {
        List<String> plausible = new ArrayList<>(users);
        plausible.addAll(tokens);
        plausible.addAll(List.of("send", "ack", "typing", "auth", "aGVsbG8=", "", "====", "x".repeat(129)));
        Arbitrary<String> valid = validFrames(users, messageIds, tokens);
        return Arbitraries.frequencyOf(
                Tuple.of(2, strings()),
                Tuple.of(3, jsonDocuments(List.of("type", "id", "to", "body", "ids", "token", "from"), plausible)),
                Tuple.of(4, mutated(valid)),
                Tuple.of(2, valid));
    }
}
