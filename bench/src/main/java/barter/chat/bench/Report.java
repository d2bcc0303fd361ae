package barter.chat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes a run as JSON (machine, commit, settings, results), a Markdown table and PNG charts. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {
    }

    /** Writes {@code <stamp>-<name>.json/.md} and charts into {@code out}; returns the JSON path. */
    static Path write(Path out, String name, List<Result> results, Map<String, Object> common) throws IOException {
        Files.createDirectories(out);
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String base = stamp + "-" + name;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("date", ZonedDateTime.now(ZoneOffset.UTC).toString());
        doc.put("machine", machine());
        doc.put("gitCommit", gitCommit());
        doc.putAll(common);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("scenario", r.scenario);
            run.put("settings", r.settings);
            run.put("results", r.figures);
            Map<String, Object> lat = new LinkedHashMap<>();
            r.latencies.forEach((k, h) -> lat.put(k, Result.summary(h)));
            run.put("latency", lat);
            run.put("series", r.series);
            run.put("notes", r.notes);
            List<String> charts = charts(out, base, r);
            run.put("charts", charts);
            runs.add(run);
        }
        doc.put("runs", runs);
        Path json = out.resolve(base + ".json");
        JSON.writeValue(json.toFile(), doc);
        Files.writeString(out.resolve(base + ".md"), markdown(doc, results));
        return json;
    }

    static String markdown(Map<String, Object> doc, List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("# barter-chat benchmark ").append(doc.get("date")).append("\n\n");
        md.append("commit `").append(doc.get("gitCommit")).append("`, store ").append(doc.get("store"))
                .append(", machine ").append(((Map<?, ?>) doc.get("machine")).get("cpus")).append(" CPUs (")
                .append(((Map<?, ?>) doc.get("machine")).get("cpuModel")).append(")\n\n");
        for (Result r : results) {
            md.append("## ").append(r.scenario).append("\n\n");
            md.append("settings: ").append(r.settings).append("\n\n");
            md.append("| figure | value |\n|---|---|\n");
            r.figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            if (!r.latencies.isEmpty()) {
                md.append("\n| latency | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|---|---|\n");
                r.latencies.forEach((k, h) -> {
                    Map<String, Object> s = Result.summary(h);
                    md.append("| ").append(k).append(" | ").append(s.get("count")).append(" | ").append(s.get("p50_ms"))
                            .append(" | ").append(s.get("p90_ms")).append(" | ").append(s.get("p99_ms"))
                            .append(" | ").append(s.get("p99_9_ms")).append(" | ").append(s.get("max_ms")).append(" |\n");
                });
            }
            for (String note : r.notes) {
                md.append("\n- ").append(note);
            }
            md.append("\n\n");
        }
        return md.toString();
    }

    private static List<String> charts(Path out, String base, Result r) throws IOException {
        List<String> files = new ArrayList<>();
        System.setProperty("java.awt.headless", "true");
        if (!r.latencies.isEmpty()) {
            XYChart chart = new XYChartBuilder().width(800).height(500)
                    .title(r.scenario + ": latency by percentile").xAxisTitle("percentile (1/(1-p), log)")
                    .yAxisTitle("ms").build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setMarkerSize(0);
            for (var e : r.latencies.entrySet()) {
                Histogram h = e.getValue();
                if (h.getTotalCount() == 0) {
                    continue;
                }
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (HistogramIterationValue v : h.percentiles(5)) {
                    double p = v.getPercentileLevelIteratedTo() / 100.0;
                    if (p >= 0.99999) {
                        break;
                    }
                    xs.add(1 / (1 - p));
                    ys.add(h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0);
                }
                if (xs.size() > 1) {
                    chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.NONE);
                }
            }
            if (!chart.getSeriesCollection().isEmpty()) {
                String file = base + "-" + r.scenario + "-latency.png";
                BitmapEncoder.saveBitmap(chart, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
                files.add(file);
            }
        }
        if (!r.series.isEmpty()) {
            XYChart chart = new XYChartBuilder().width(800).height(500)
                    .title(r.scenario + ": over time").xAxisTitle("seconds").yAxisTitle("per second").build();
            chart.getStyler().setMarkerSize(3);
            for (var e : r.series.entrySet()) {
                if (e.getValue().size() < 2) {
                    continue;
                }
                double[] xs = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
                double[] ys = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
                chart.addSeries(e.getKey(), xs, ys);
            }
            if (!chart.getSeriesCollection().isEmpty()) {
                String file = base + "-" + r.scenario + "-throughput.png";
                BitmapEncoder.saveBitmap(chart, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
                files.add(file);
            }
        }
        return files;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", cpuModel());
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            m.put("memoryBytes", sun.getTotalMemorySize());
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0) {
                Process dirty = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
                String changes = new String(dirty.getInputStream().readAllBytes()).trim();
                dirty.waitFor(10, TimeUnit.SECONDS);
                return changes.isEmpty() ? out : out + "-dirty";
            }
        } catch (IOException e) {
            // no git
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
