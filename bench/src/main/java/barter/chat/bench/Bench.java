package barter.chat.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar bench/target/barter-chat-bench.jar <scenario> [options]}; see docs/benchmarks.md. */
@Command(name = "barter-chat-bench", mixinStandardHelpOptions = true,
        description = "Load generator for barter-chat: drives a real server, writes JSON, Markdown and PNG reports.",
        subcommands = {Bench.Online.class, Bench.Offline.class, Bench.Connections.class, Bench.Keys.class, Bench.All.class})
public final class Bench {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    /** Where the server is, where results go. */
    static final class Common {
        @Option(names = "--url", description = "a running server (e.g. http://127.0.0.1:8080); default: start --server-jar")
        URI url;
        @Option(names = "--secret", description = "HS256 secret of the running server (with --url)")
        String secret = Target.DEFAULT_SECRET;
        @Option(names = "--server-pid", description = "pid of the running server (with --url), for CPU and RSS")
        long serverPid = -1;
        @Option(names = "--server-jar", description = "server jar to start (default: ${DEFAULT-VALUE})")
        Path serverJar = Path.of("server/target/barter-chat-server.jar");
        @Option(names = "--store", description = "sqlite or postgres (when the bench starts the server; default: ${DEFAULT-VALUE})")
        String store = "sqlite";
        @Option(names = "--server-jvm", split = " ", description = "JVM options for the started server (default: ${DEFAULT-VALUE})")
        List<String> serverJvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
        @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})")
        Path out = Path.of("bench/results");
        @Option(names = "--threads", description = "generator I/O threads (default: ${DEFAULT-VALUE})")
        int threads = 4;

        Target target() {
            if (url != null) {
                return Target.running(url, secret, serverPid, store);
            }
            if (!store.equals("sqlite") && !store.equals("postgres")) {
                throw new CommandLine.ParameterException(new CommandLine(new Bench()), "--store must be sqlite or postgres");
            }
            return Target.start(serverJar, store, serverJvm, out, Map.of());
        }
    }

    /** Runs {@code scenario} against a target, writes the report, prints the Markdown path. */
    static Path runAndReport(Common common, String name, int sourceAddresses, List<Function<Context, Result>> scenarios)
            throws Exception {
        List<Result> results = new ArrayList<>();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("store", common.store);
        for (Function<Context, Result> scenario : scenarios) {
            try (Target target = common.target();
                 Net net = new Net(target.url(), common.threads, sourceAddresses)) {
                info.put("server", target.settings());
                Context ctx = new Context(target, net, new Identity(target.secret()), Context.newRunId());
                Result result;
                try {
                    result = scenario.apply(ctx);
                } catch (RuntimeException e) {
                    if (scenarios.size() == 1) {
                        throw e;
                    }
                    e.printStackTrace();
                    result = new Result("failed");
                    result.note("scenario failed: " + e);
                }
                results.add(result);
                System.out.println(Report.markdown(Map.of("date", "", "gitCommit", "", "store", common.store,
                        "machine", Report.machine()), List.of(result)));
            }
        }
        Path json = Report.write(common.out, name + "-" + common.store, results, info);
        System.out.println("report: " + json);
        return json;
    }

    @Command(name = "online", description = "P connected pairs send and ack; throughput and latency.")
    static final class Online implements Callable<Integer> {
        @Mixin Common common = new Common();
        @Option(names = "--pairs", description = "sender/recipient pairs (default: ${DEFAULT-VALUE})") int pairs = 50;
        @Option(names = "--window", description = "closed loop: messages in flight per pair (default: ${DEFAULT-VALUE})") int window = 32;
        @Option(names = "--rate", description = "open loop: total msgs/s; 0 = closed loop (default: ${DEFAULT-VALUE})") int rate = 0;
        @Option(names = "--body-bytes", description = "ciphertext bytes per message (default: ${DEFAULT-VALUE})") int bodyBytes = 200;
        @Option(names = "--warmup", description = "seconds (default: ${DEFAULT-VALUE})") int warmup = 5;
        @Option(names = "--duration", description = "measured seconds (default: ${DEFAULT-VALUE})") int duration = 20;
        @Option(names = "--ack-batch", description = "ids per ack frame (default: ${DEFAULT-VALUE})") int ackBatch = 100;
        @Option(names = "--ack-interval-ms", description = "flush partial ack batches every (default: ${DEFAULT-VALUE})") int ackIntervalMs = 5;

        OnlineScenario.Settings settings() {
            return new OnlineScenario.Settings(pairs, window, rate, bodyBytes, warmup, duration, ackBatch, ackIntervalMs);
        }

        @Override
        public Integer call() throws Exception {
            runAndReport(common, "online", 1, List.of(ctx -> new OnlineScenario(ctx, settings()).run()));
            return 0;
        }
    }

    @Command(name = "offline", description = "N offline recipients with K queued messages each connect at once; drain time.")
    static final class Offline implements Callable<Integer> {
        @Mixin Common common = new Common();
        @Option(names = "--recipients", description = "(default: ${DEFAULT-VALUE})") int recipients = 100;
        @Option(names = "--per-recipient", description = "queued messages each (default: ${DEFAULT-VALUE})") int perRecipient = 1000;
        @Option(names = "--senders", description = "(default: ${DEFAULT-VALUE})") int senders = 20;
        @Option(names = "--body-bytes", description = "(default: ${DEFAULT-VALUE})") int bodyBytes = 200;
        @Option(names = "--ack-batch", description = "(default: ${DEFAULT-VALUE})") int ackBatch = 100;

        OfflineScenario.Settings settings() {
            return new OfflineScenario.Settings(recipients, perRecipient, senders, bodyBytes, ackBatch);
        }

        @Override
        public Integer call() throws Exception {
            runAndReport(common, "offline", 1, List.of(ctx -> new OfflineScenario(ctx, settings()).run()));
            return 0;
        }
    }

    @Command(name = "connections", description = "C idle authenticated connections; memory per connection, connect rate.")
    static final class Connections implements Callable<Integer> {
        @Mixin Common common = new Common();
        @Option(names = "--count", description = "connections (default: ${DEFAULT-VALUE}; the open-file hard limit here is 20000 per process)") int count = 19_000;
        @Option(names = "--source-addresses", description = "127.0.x.y source addresses to spread over (default: ${DEFAULT-VALUE})") int sources = 8;
        @Option(names = "--hold", description = "seconds to hold them before measuring (default: ${DEFAULT-VALUE})") int hold = 10;
        @Option(names = "--connects-in-flight", description = "(default: ${DEFAULT-VALUE})") int inFlight = 256;

        @Override
        public Integer call() throws Exception {
            runAndReport(common, "connections", sources,
                    List.of(ctx -> new ConnectionsScenario(ctx, count, hold, inFlight).run()));
            return 0;
        }
    }

    @Command(name = "keys", description = "GET /v1/keys/{id} with Zipf popularity over U users; cache effect.")
    static final class Keys implements Callable<Integer> {
        @Mixin Common common = new Common();
        @Option(names = "--users", description = "(default: ${DEFAULT-VALUE})") int users = 10_000;
        @Option(names = "--lookups", description = "(default: ${DEFAULT-VALUE})") int lookups = 100_000;
        @Option(names = "--zipf", description = "Zipf exponent (default: ${DEFAULT-VALUE})") double zipf = 1.0;
        @Option(names = "--concurrency", description = "requests in flight (default: ${DEFAULT-VALUE})") int concurrency = 16;

        @Override
        public Integer call() throws Exception {
            runAndReport(common, "keys", 1, List.of(ctx -> new KeysScenario(ctx, users, lookups, zipf, concurrency).run()));
            return 0;
        }
    }

    @Command(name = "all", description = "Every scenario with its defaults (a fresh server each), one report.")
    static final class All implements Callable<Integer> {
        @Mixin Common common = new Common();
        @Option(names = "--open-rate", description = "open-loop online run at this total rate (default: ${DEFAULT-VALUE}, half the 20k aim)")
        int openRate = 10_000;

        @Override
        public Integer call() throws Exception {
            Online online = new Online();
            Offline offline = new Offline();
            Connections connections = new Connections();
            Keys keys = new Keys();
            OnlineScenario.Settings half = new OnlineScenario.Settings(online.pairs, online.window, openRate,
                    online.bodyBytes, online.warmup, online.duration, online.ackBatch, online.ackIntervalMs);
            runAndReport(common, "all", connections.sources, List.of(
                    ctx -> new OnlineScenario(ctx, online.settings()).run(),
                    ctx -> rename(new OnlineScenario(ctx, half).run(), "online-open"),
                    ctx -> new OfflineScenario(ctx, offline.settings()).run(),
                    ctx -> new ConnectionsScenario(ctx, connections.count, connections.hold, connections.inFlight).run(),
                    ctx -> new KeysScenario(ctx, keys.users, keys.lookups, keys.zipf, keys.concurrency).run()));
            return 0;
        }

        private static Result rename(Result r, String scenario) {
            Result copy = new Result(scenario);
            copy.settings.putAll(r.settings);
            copy.figures.putAll(r.figures);
            copy.latencies.putAll(r.latencies);
            copy.series.putAll(r.series);
            copy.notes.addAll(r.notes);
            return copy;
        }
    }
}
