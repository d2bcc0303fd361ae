package barter.chat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one scenario run measured: named figures (in order), latency histograms (microseconds) and time series
 * (per-second samples), plus the settings that produced them.
 */
final class Result {
    final String scenario;
    final Map<String, Object> settings = new LinkedHashMap<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    final Map<String, Histogram> latencies = new LinkedHashMap<>();
    final Map<String, List<double[]>> series = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    Result(String scenario) {
        this.scenario = scenario;
    }

    Result put(String name, Object value) {
        figures.put(name, value instanceof Double d ? round(d) : value);
        return this;
    }

    void latency(String name, Histogram microseconds) {
        latencies.put(name, microseconds);
    }

    void sample(String series, double seconds, double value) {
        this.series.computeIfAbsent(series, k -> new ArrayList<>()).add(new double[] {round(seconds), round(value)});
    }

    void note(String text) {
        notes.add(text);
    }

    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double scale = Math.abs(v) >= 100 ? 10 : 1000;
        return Math.round(v * scale) / scale;
    }

    /** p50, p90, p99, p99.9, max and count of a histogram, in milliseconds. */
    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", h.getTotalCount());
        s.put("p50_ms", ms(h.getValueAtPercentile(50)));
        s.put("p90_ms", ms(h.getValueAtPercentile(90)));
        s.put("p99_ms", ms(h.getValueAtPercentile(99)));
        s.put("p99_9_ms", ms(h.getValueAtPercentile(99.9)));
        s.put("max_ms", ms(h.getMaxValue()));
        return s;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** CPU seconds per 100,000 operations, or -1 when unknown. */
    static double per100k(double cpuSeconds, long operations) {
        return cpuSeconds < 0 || operations <= 0 ? -1 : round(cpuSeconds / operations * 100_000);
    }
}
