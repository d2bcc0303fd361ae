package barter.chat.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, start to verdict: deploy, bring clients online, send while the nemesis injects faults, heal, give
 * accepted messages a grace period with every recipient online, reconnect the recipients once to see what was
 * still stored, then check the whole history. Writes {@code history.log} and {@code report.txt} to the work dir.
 */
public final class ChaosRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    private static final Duration FINAL_RECONNECT = Duration.ofSeconds(15);

    /** The verdict and the printed report (table, totals, node log summary). */
    public record Result(Verdict verdict, String report) {
    }

    private final Scenario scenario;
    private final History history = new History();

    private ChaosRun(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Runs {@code scenario}; throws {@link MissingPrerequisite} when this machine cannot host it. */
    public static Result run(Scenario scenario) throws Exception {
        Deployment.mkdirs(scenario.workDir());
        LOG.info("{}: work dir {}", scenario.title(), scenario.workDir());
        return new ChaosRun(scenario).execute();
    }

    private Result execute() throws Exception {
        long cutoff;
        List<ServerNode> nodes;
        try (Deployment deployment = Deployment.start(scenario);
             Clients clients = Clients.start(scenario, deployment.endpoints(), history)) {
            nodes = deployment.nodes();
            runTraffic(deployment, clients);
            cutoff = grace(clients);
            if (!clients.finalReconnect(FINAL_RECONNECT)) {
                LOG.warn("the final reconnect did not read every backlog within {}", FINAL_RECONNECT);
            }
        }
        history.write(scenario.workDir().resolve("history.log"));
        Verdict verdict = Checker.check(history.events(), new Checker.Options(cutoff, scenario.stuckAfter().toMillis()));
        String report = verdict.table(scenario.title()) + NodeLogs.summary(nodes)
                + "  work dir: " + scenario.workDir() + "\n";
        write("report.txt", report);
        return new Result(verdict, report);
    }

    /** Traffic and faults together, until the senders are done (or give up) and the nemesis has run its plan. */
    private void runTraffic(Deployment deployment, Clients clients) throws InterruptedException {
        List<Nemesis.Step> plan = Nemesis.plan(scenario.faults(), scenario.nodes(), scenario.load().traffic(),
                new Random(scenario.seed()));
        LOG.info("nemesis plan: {}", plan);
        Nemesis nemesis = new Nemesis(plan, deployment, history);
        Thread thread = Thread.ofVirtual().name("nemesis").start(nemesis);
        thread.join();
        // pacing spreads the sends over the traffic period; faults may have slowed them down further
        if (!Clients.await(scenario.load().traffic().plus(scenario.grace()), clients::allSent)) {
            LOG.warn("some senders had not sent every message once by the end of traffic plus grace");
        }
        if (nemesis.failure() != null) {
            throw new IllegalStateException("the nemesis could not inject or undo a fault", nemesis.failure());
        }
        deployment.heal();
        LOG.info("nemesis done, every node up; {} message(s) not accepted yet, {} accepted not delivered yet",
                clients.unaccepted(), clients.undelivered());
    }

    /** Waits, recipients online, until every message is accepted and delivered or the grace runs out. */
    private long grace(Clients clients) {
        boolean settled = Clients.await(scenario.grace(), clients::settled);
        long cutoff = history.now();
        LOG.info("grace {}: {} message(s) not accepted, {} accepted not delivered", settled ? "ended early" : "ran out",
                clients.unaccepted(), clients.undelivered());
        return cutoff;
    }

    private void write(String file, String text) {
        try {
            Files.writeString(scenario.workDir().resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
