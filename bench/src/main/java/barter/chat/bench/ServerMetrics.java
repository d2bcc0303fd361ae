package barter.chat.bench;

import java.util.HashMap;
import java.util.Map;

/** One scrape of the server's Prometheus text: sums of series by metric name, with an optional label filter. */
final class ServerMetrics {
    private final Map<String, Double> series = new HashMap<>();

    private ServerMetrics() {
    }

    static ServerMetrics scrape(Net net) {
        ServerMetrics m = new ServerMetrics();
        var response = net.request("GET", "/metrics", null, null);
        if (response.getStatus() != 200) {
            return m;
        }
        for (String line : response.getContentAsString().split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            try {
                m.series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException e) {
                // NaN and friends are skipped
            }
        }
        return m;
    }

    /** Sum of every series named {@code name} whose labels contain each of {@code labelParts}. */
    double sum(String name, String... labelParts) {
        double total = 0;
        for (var e : series.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            String metric = brace < 0 ? key : key.substring(0, brace);
            if (!metric.equals(name)) {
                continue;
            }
            boolean match = true;
            for (String part : labelParts) {
                match &= key.contains(part);
            }
            if (match) {
                total += e.getValue();
            }
        }
        return total;
    }
}
