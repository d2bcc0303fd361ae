package barter.chat.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects faults on a schedule drawn from the run's seed: which fault, on which node, when, and for how long. The
 * faults are spread over the traffic period so they hit while messages flow; they run one after another.
 */
final class Nemesis implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

    /** One fault: at {@code atMs} after traffic starts, on {@code node}, held for {@code holdMs} where that applies. */
    record Step(long atMs, FaultKind kind, int node, long holdMs) {
    }

    private final List<Step> plan;
    private final Deployment deployment;
    private final History history;
    private final long startMs;
    private volatile RuntimeException failure;

    Nemesis(List<Step> plan, Deployment deployment, History history) {
        this.plan = List.copyOf(plan);
        this.deployment = deployment;
        this.history = history;
        this.startMs = history.now();
    }

    /** The schedule for {@code faults} over {@code traffic}: evenly spaced slots, jittered, kinds shuffled. */
    static List<Step> plan(Scenario.Faults faults, int nodes, Duration traffic, Random random) {
        List<FaultKind> kinds = new ArrayList<>();
        addTimes(kinds, FaultKind.KILL, faults.kills());
        addTimes(kinds, FaultKind.PAUSE, faults.pauses());
        addTimes(kinds, FaultKind.REDIS_KILL, faults.redisKills());
        addTimes(kinds, FaultKind.PG_RESTART, faults.pgRestarts());
        addTimes(kinds, FaultKind.CUT, faults.cuts());
        Collections.shuffle(kinds, random);
        long slot = traffic.toMillis() / (kinds.size() + 1);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            long at = slot * (i + 1) + (long) ((random.nextDouble() - 0.5) * slot * 0.6);
            steps.add(new Step(at, kinds.get(i), random.nextInt(nodes), hold(kinds.get(i), random)));
        }
        return steps;
    }

    private static void addTimes(List<FaultKind> kinds, FaultKind kind, int times) {
        kinds.addAll(Collections.nCopies(times, kind));
    }

    /** Downtime of a killed node or Redis, or the length of a pause; cuts and PostgreSQL restarts take none. */
    private static long hold(FaultKind kind, Random random) {
        return switch (kind) {
            case KILL, REDIS_KILL -> 200 + random.nextInt(1_800);
            case PAUSE -> 2_000 + random.nextInt(3_000);
            case PG_RESTART, CUT -> 0;
        };
    }

    @Override
    public void run() {
        try {
            for (Step step : plan) {
                sleepUntil(startMs + step.atMs());
                inject(step);
            }
        } catch (RuntimeException e) {
            LOG.error("nemesis failed", e);
            failure = e;
        }
    }

    private void inject(Step step) {
        String target = switch (step.kind()) {
            case REDIS_KILL -> "redis";
            case PG_RESTART -> "postgres";
            case KILL, PAUSE, CUT -> deployment.nodeName(step.node());
        };
        LOG.info("nemesis at {} ms: {} {} (hold {} ms)", history.now() - startMs, step.kind(), target, step.holdMs());
        history.add(new Event.Fault(history.now(), step.kind(), target));
        switch (step.kind()) {
            case KILL -> {
                deployment.kill(step.node());
                sleep(step.holdMs());
                deployment.restart(step.node());
            }
            case PAUSE -> {
                deployment.pause(step.node());
                sleep(step.holdMs());
                deployment.resume(step.node());
            }
            case REDIS_KILL -> {
                deployment.killRedis();
                sleep(step.holdMs());
                deployment.startRedis();
            }
            case PG_RESTART -> deployment.restartPostgres();
            case CUT -> LOG.info("cut {} connection(s) to {}", deployment.cut(step.node()), target);
        }
    }

    /** The first fault that could not be injected or undone (a node that did not come back), or null. */
    RuntimeException failure() {
        return failure;
    }

    private void sleepUntil(long atMs) {
        sleep(atMs - history.now());
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("nemesis interrupted", e);
        }
    }
}
