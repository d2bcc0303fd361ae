package barter.chat.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the {@link Checker} found: a count per {@link Outcome} (with the first few examples of each) and the totals of
 * the run.
 */
public record Verdict(Map<Outcome, Integer> counts, Map<Outcome, List<String>> examples, Totals totals) {
    private static final int EXAMPLES = 8;

    /**
     * @param messages            distinct client ids sent
     * @param accepted            of those, how many were answered {@code accepted}
     * @param orderExcluded       delivered messages left out of the order check because the server refused them once
     * @param deliveredUnanswered delivered although the sender never saw {@code accepted} (fine: at-least-once)
     */
    public record Totals(int messages, int accepted, int sendFrames, int refusals, int redeliveries,
                         int deliveredUnanswered, int orderExcluded, Map<FaultKind, Integer> faults,
                         List<Long> latencies) {
    }

    public int count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    /** True when every message is {@link Outcome#OK} and nothing unexpected was delivered. */
    public boolean ok() {
        return counts.entrySet().stream().noneMatch(e -> e.getKey() != Outcome.OK && e.getValue() > 0);
    }

    /** The report: class -> count with examples, then the totals. */
    public String table(String title) {
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append("  %-11s %8s  %s%n".formatted("class", "count", "examples"));
        for (Outcome outcome : Outcome.values()) {
            List<String> shown = examples.getOrDefault(outcome, List.of());
            out.append("  %-11s %8d  %s%n".formatted(outcome.name().toLowerCase(), count(outcome),
                    shown.isEmpty() ? "" : shown.getFirst()));
            shown.stream().skip(1).forEach(e -> out.append("  %-11s %8s  %s%n".formatted("", "", e)));
        }
        return out.append(totalsLine()).toString();
    }

    private String totalsLine() {
        Totals t = totals;
        String faults = Arrays.stream(FaultKind.values())
                .map(k -> t.faults().getOrDefault(k, 0) + " " + k.total()).collect(Collectors.joining(", "));
        return ("  totals: %d messages, %d accepted, %d send frames, %d refused by error frames, %d redeliveries "
                + "dropped by dedup, %d delivered though unanswered, %d left out of the order check%n"
                + "  faults: %s%n  accept -> first delivery: p50 %s, p99 %s, max %s%n").formatted(
                t.messages(), t.accepted(), t.sendFrames(), t.refusals(), t.redeliveries(), t.deliveredUnanswered(),
                t.orderExcluded(), faults, percentile(0.50), percentile(0.99), percentile(1.0));
    }

    private String percentile(double p) {
        List<Long> sorted = totals.latencies();
        if (sorted.isEmpty()) {
            return "-";
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) + " ms";
    }

    /** Collects counts while the checker walks the history. */
    static final class Builder {
        final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        final Map<Outcome, List<String>> examples = new EnumMap<>(Outcome.class);
        final Map<FaultKind, Integer> faults = new EnumMap<>(FaultKind.class);
        final List<Long> latencies = new ArrayList<>();
        int sendFrames;
        int refusals;
        int redeliveries;
        int deliveredUnanswered;
        int orderExcluded;

        void flag(Outcome outcome, String example) {
            counts.merge(outcome, 1, Integer::sum);
            List<String> list = examples.computeIfAbsent(outcome, o -> new ArrayList<>());
            if (list.size() < EXAMPLES) {
                list.add(example);
            }
        }

        Verdict build(Collection<Fate> fates) {
            int ok = (int) fates.stream().filter(f -> f.outcomes.isEmpty()).count();
            counts.put(Outcome.OK, ok);
            int accepted = (int) fates.stream().filter(Fate::accepted).count();
            Collections.sort(latencies);
            Totals totals = new Totals(fates.size(), accepted, sendFrames, refusals, redeliveries, deliveredUnanswered,
                    orderExcluded, Map.copyOf(faults), List.copyOf(latencies));
            return new Verdict(Map.copyOf(counts), Map.copyOf(examples), totals);
        }
    }
}
