package barter.chat.client.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code key = value} vector file: '#' starts a comment, a blank line ends a group, and a key that repeats
 * inside a group starts a new entry in that group's list (as in aws-lc's HPKE vector files).
 */
final class VectorFile {
    record Group(Map<String, String> fields, List<Map<String, String>> entries) {
        String get(String key) {
            String value = fields.get(key);
            if (value == null) {
                throw new IllegalArgumentException("vector group has no field " + key);
            }
            return value;
        }

        byte[] hex(String key) {
            return HexFormat.of().parseHex(get(key));
        }
    }

    private VectorFile() {
    }

    static List<Group> read(String resource) {
        try (InputStream in = VectorFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Group> parse(String text) {
        List<Group> groups = new ArrayList<>();
        Group current = null;
        Map<String, String> entry = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                current = null;
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (current == null) {
                current = new Group(new LinkedHashMap<>(), new ArrayList<>());
                groups.add(current);
                entry = null;
            }
            if (entry == null && !key.equals("aad")) {
                current.fields().put(key, value);
                continue;
            }
            if (entry == null || entry.containsKey(key)) {
                entry = new LinkedHashMap<>();
                current.entries().add(entry);
            }
            entry.put(key, value);
        }
        return groups;
    }
}
