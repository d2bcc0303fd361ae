package barter.chat.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the nodes said: WARN and ERROR lines per node, grouped by logger and message shape, for the report. */
final class NodeLogs {
    /** The server's pattern: time, level, [thread], logger, optional connection id, " - ", message. */
    private static final Pattern LINE = Pattern.compile("^\\S+ (WARN|ERROR) +\\[[^]]*] (\\S+) .*?- (.*)$");
    private static final int SHOWN = 6;

    private NodeLogs() {
    }

    static String summary(List<ServerNode> nodes) {
        StringBuilder out = new StringBuilder("  node logs (WARN/ERROR, grouped):\n");
        for (ServerNode node : nodes) {
            Map<String, Integer> groups = groups(node);
            int total = groups.values().stream().mapToInt(Integer::intValue).sum();
            out.append("    %s: %d line(s), %s%n".formatted(node.name(), total, node.log()));
            groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(SHOWN)
                    .forEach(e -> out.append("      %5d x %s%n".formatted(e.getValue(), e.getKey())));
        }
        return out.toString();
    }

    /** Counts per "LEVEL logger: message", numbers and hex ids blanked so they do not split a group. */
    private static Map<String, Integer> groups(ServerNode node) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        if (!Files.exists(node.log())) {
            return groups;
        }
        try (Stream<String> lines = Files.lines(node.log())) {
            lines.forEach(line -> {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    String message = m.group(3).replaceAll("[0-9a-fA-F]*\\d[0-9a-fA-F]*", "#");
                    String key = m.group(1) + " " + m.group(2) + ": "
                            + (message.length() > 140 ? message.substring(0, 140) + "..." : message);
                    groups.merge(key, 1, Integer::sum);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            groups.put("(log unreadable: " + e + ")", 1);
        }
        return groups;
    }
}
