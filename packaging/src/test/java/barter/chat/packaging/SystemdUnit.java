package barter.chat.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code Key=value} lines of a systemd unit (sections merged; enough for the [Service] keys used here). */
record SystemdUnit(Map<String, List<String>> keys) {

    static SystemdUnit parse(String text) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("[") || eq < 0) {
                continue;
            }
            keys.computeIfAbsent(trimmed.substring(0, eq), k -> new ArrayList<>()).add(trimmed.substring(eq + 1));
        }
        return new SystemdUnit(keys);
    }

    List<String> values(String key) {
        return keys.getOrDefault(key, List.of());
    }

    String single(String key) {
        List<String> values = values(key);
        if (values.size() != 1) {
            throw new AssertionError("the unit has " + values.size() + " " + key + "= lines: " + values);
        }
        return values.get(0);
    }
}
