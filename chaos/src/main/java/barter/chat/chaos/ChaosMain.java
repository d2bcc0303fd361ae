package barter.chat.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The long run from the command line, for example
 * {@code java -jar chaos/target/barter-chat-chaos.jar --store postgres --messages 100000 --kills 20 --seed 7}.
 * Exit status: 0 every message ok, 1 the checker found problems, 2 bad arguments or a missing prerequisite.
 */
public final class ChaosMain {
    private static final String USAGE = """
            usage: ChaosMain [--store sqlite|postgres] [--nodes N] [--messages TOTAL] [--rate MSGS_PER_S]
                             [--senders-per-node N] [--recipients N] [--window N]
                             [--kills N] [--pauses N] [--cuts N] [--redis-kills N] [--pg-restarts N]
                             [--seed N] [--grace PT30S] [--stuck-after PT15S]
                             [--server-jar server/target/barter-chat-server.jar] [--work-dir DIR]
            Fault counts not given follow --kills: pauses and cuts half as many, Redis kills and PostgreSQL
            restarts a quarter (cluster only).""";

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        Scenario scenario;
        try {
            scenario = scenario(options(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        try {
            ChaosRun.Result result = ChaosRun.run(scenario);
            System.out.println(result.report());
            System.exit(result.verdict().ok() ? 0 : 1);
        } catch (MissingPrerequisite e) {
            System.err.println("cannot run here: " + e.getMessage());
            System.exit(2);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    static Scenario scenario(Map<String, String> o) {
        Scenario.Store store = Scenario.Store.valueOf(o.getOrDefault("store", "sqlite").toUpperCase());
        boolean cluster = store == Scenario.Store.POSTGRES;
        int nodes = integer(o, "nodes", cluster ? 3 : 1);
        int perNode = integer(o, "senders-per-node", 10);
        int total = integer(o, "messages", 100_000);
        int rate = integer(o, "rate", 300);
        Scenario.Load load = new Scenario.Load(perNode, integer(o, "recipients", 3),
                Math.max(1, total / (nodes * perNode)), integer(o, "window", 32),
                Duration.ofSeconds(Math.max(10, total / rate)));
        int kills = integer(o, "kills", 20);
        Scenario.Faults faults = new Scenario.Faults(kills, integer(o, "pauses", kills / 2),
                integer(o, "redis-kills", cluster ? kills / 4 : 0), integer(o, "pg-restarts", cluster ? kills / 4 : 0),
                integer(o, "cuts", kills / 2));
        long seed = Long.parseLong(o.getOrDefault("seed", Long.toString(ThreadLocalRandom.current().nextLong(1L << 40))));
        Path workDir = Path.of(o.getOrDefault("work-dir", "chaos-runs/" + store.name().toLowerCase() + "-" + seed));
        Path jar = Path.of(o.getOrDefault("server-jar", System.getProperty("server.jar",
                "server/target/barter-chat-server.jar")));
        String[] existing = workDir.toFile().list();
        if (existing != null && existing.length > 0) {
            throw new IllegalArgumentException("--work-dir " + workDir + " is not empty; pick another or delete it");
        }
        if (!jar.toFile().isFile()) {
            throw new IllegalArgumentException("no server jar at " + jar + " (build it: ./mvnw -q -DskipTests package -pl server -am)");
        }
        return new Scenario(store, nodes, load, faults, seed, Duration.parse(o.getOrDefault("grace", "PT30S")),
                Duration.parse(o.getOrDefault("stuck-after", "PT15S")), workDir.toAbsolutePath(), jar.toAbsolutePath());
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " " + value + ": not a whole number");
        }
    }
}
