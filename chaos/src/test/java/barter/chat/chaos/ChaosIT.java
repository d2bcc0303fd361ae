package barter.chat.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short seeded runs: every message the server answered {@code accepted} reaches its online recipient exactly
 * once, in per-sender order, without a reconnect, across SIGKILLs, pauses, proxy cuts and (in the cluster) a Redis
 * kill. {@code -Dchaos.seed=N} repeats a run's fault schedule; the report and the history are in
 * {@code target/chaos/<store>-<seed>/}.
 */
class ChaosIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosIT.class);
    private static final long SEED = Long.getLong("chaos.seed", ThreadLocalRandom.current().nextLong(1L << 40));
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration STUCK_AFTER = Duration.ofSeconds(15);

    @Test
    void embeddedSqliteDeliversEveryAcceptedMessageAcrossSigkills() throws Exception {
        Scenario.Load load = new Scenario.Load(6, 2, 150, 32, Duration.ofSeconds(20));
        Scenario.Faults faults = new Scenario.Faults(3, 1, 0, 0, 1);
        check(new Scenario(Scenario.Store.SQLITE, 1, load, faults, SEED, GRACE, STUCK_AFTER, workDir("sqlite"),
                serverJar()));
    }

    @Test
    void clusterDeliversEveryAcceptedMessageAcrossNodesUnderFaults() throws Exception {
        Scenario.Load load = new Scenario.Load(10, 1, 100, 32, Duration.ofSeconds(20));
        Scenario.Faults faults = new Scenario.Faults(1, 0, 1, 0, 1);
        check(new Scenario(Scenario.Store.POSTGRES, 3, load, faults, SEED, GRACE, STUCK_AFTER, workDir("postgres"),
                serverJar()));
    }

    /** Runs the scenario; skips (with the reason) where the machine cannot host it; fails with the report. */
    static void check(Scenario scenario) throws Exception {
        ChaosRun.Result result;
        try {
            result = ChaosRun.run(scenario);
        } catch (MissingPrerequisite e) {
            LOG.warn("skipped: {}", e.getMessage());
            Assumptions.abort("skipped, this machine cannot host the run: " + e.getMessage());
            return;
        }
        LOG.info("\n{}", result.report());
        if (!result.verdict().ok()) {
            throw new AssertionError("the checker found messages that are not ok\n" + result.report());
        }
    }

    static Path workDir(String name) throws IOException {
        return fresh(name + "-" + SEED);
    }

    /** A fresh directory under target/: a rerun with the same seed must not find the last run's databases. */
    static Path fresh(String name) throws IOException {
        Path dir = Path.of(System.getProperty("chaos.workDir", "target/chaos")).resolve(name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    static Path serverJar() {
        String jar = System.getProperty("server.jar");
        Assumptions.assumeTrue(jar != null && Path.of(jar).toFile().isFile(),
                "no server jar at " + jar + " (build it: ./mvnw -q -DskipTests package -pl server -am)");
        return Path.of(jar).toAbsolutePath();
    }
}
