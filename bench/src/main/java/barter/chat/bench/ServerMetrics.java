package barter.chat.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One scrape of the server's Prometheus text: sums of series by metric name, with an optional label filter, and a
 * histogram's buckets for quantiles between two scrapes.
 */
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
            if (metric.equals(name) && hasAll(key, labelParts)) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Cumulative counts by upper bound ({@code le}) of histogram {@code name}, over series matching {@code labelParts}. */
    NavigableMap<Double, Double> buckets(String name, String... labelParts) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (var e : series.entrySet()) {
            String key = e.getKey();
            int le = key.indexOf("le=\"");
            if (key.startsWith(name + "_bucket{") && le >= 0 && hasAll(key, labelParts)) {
                String bound = key.substring(le + 4, key.indexOf('"', le + 4));
                buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        e.getValue(), Double::sum);
            }
        }
        return buckets;
    }

    private static boolean hasAll(String key, String... labelParts) {
        for (String part : labelParts) {
            if (!key.contains(part)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code q} quantile of what a histogram observed between two scrapes, interpolated within its bucket as
     * Prometheus's {@code histogram_quantile} does (so within one bucket width of the truth); NaN with no observations.
     */
    static double quantile(double q, NavigableMap<Double, Double> before, NavigableMap<Double, Double> after) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (var e : after.entrySet()) {
            double cumulative = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (cumulative >= rank) {
                if (e.getKey().isInfinite()) {
                    return lower;
                }
                return lower + (e.getKey() - lower) * (rank - below) / (cumulative - below);
            }
            lower = e.getKey();
            below = cumulative;
        }
        return lower;
    }
}
