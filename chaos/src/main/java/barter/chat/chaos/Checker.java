package barter.chat.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies every scripted message of a run's history, in the manner of Jepsen's total-queue checker: each client id
 * that was sent is ok, or lost, duplicated, reordered, stuck or unanswered; each delivery that matches no send is
 * unexpected. The checker is a pure function of the history, so it is tested with small handmade histories.
 *
 * <p>Deliveries after {@link Options#cutoff} (the end of the grace period, while every recipient was online) do not
 * count as delivered: they come from the final reconnect, which only tells a lost message that was still stored
 * apart from one that is gone.
 */
public final class Checker {
    /**
     * @param cutoff       history time after which deliveries no longer count (end of the grace period)
     * @param stuckAfterMs how long a connection must have stayed open after an accept, without delivering the
     *                     message, for a delivery on a later connection to count as stuck
     */
    public record Options(long cutoff, long stuckAfterMs) {
    }

    private record Indexed(int index, Event.Deliver delivery) {
    }

    private final Options options;
    private final Map<String, Fate> fates = new LinkedHashMap<>();
    private final List<Indexed> deliveries = new ArrayList<>();
    private final Connections connections = new Connections();
    private final Verdict.Builder verdict = new Verdict.Builder();

    private Checker(Options options) {
        this.options = options;
    }

    public static Verdict check(List<Event> events, Options options) {
        Checker checker = new Checker(options);
        for (int i = 0; i < events.size(); i++) {
            checker.observe(i, events.get(i));
        }
        checker.resolveDeliveries();
        checker.classifyMessages();
        checker.checkOrder();
        return checker.verdict.build(checker.fates.values());
    }

    private void observe(int index, Event event) {
        switch (event) {
            case Event.Send s -> {
                fates.computeIfAbsent(s.clientId(), id -> new Fate(s));
                verdict.sendFrames++;
            }
            case Event.Accept a -> accept(a);
            case Event.Refuse r -> {
                verdict.refusals++;
                fates.computeIfPresent(r.clientId(), (id, f) -> {
                    f.refused = true;
                    return f;
                });
            }
            case Event.Deliver d -> deliveries.add(new Indexed(index, d));
            case Event.Connect c -> connections.open(c);
            case Event.Disconnect d -> connections.close(d);
            case Event.Fault f -> verdict.faults.merge(f.kind(), 1, Integer::sum);
        }
    }

    private void accept(Event.Accept a) {
        Fate fate = fates.get(a.clientId());
        if (fate == null) {
            verdict.flag(Outcome.UNEXPECTED, a.clientId() + " accepted as " + a.messageId() + " but never sent");
            return;
        }
        fate.acceptedIds.add(a.messageId());
        if (fate.acceptedAt < 0) {
            fate.acceptedAt = a.at();
        }
    }

    /** Drops redeliveries of a message id (as the SDK does) and ties each first delivery to its send. */
    private void resolveDeliveries() {
        Map<Long, Event.Deliver> byId = new HashMap<>();
        for (Indexed indexed : deliveries) {
            Event.Deliver d = indexed.delivery();
            Event.Deliver earlier = byId.putIfAbsent(d.messageId(), d);
            if (earlier != null) {
                verdict.redeliveries++;
                if (!sameMessage(earlier, d)) {
                    verdict.flag(Outcome.DUPLICATED, "message id " + d.messageId() + " came as " + earlier.text()
                            + " and as " + d.text());
                }
                continue;
            }
            Fate fate = Messages.clientIdOf(d.text()).map(fates::get).orElse(null);
            if (fate == null || !fate.sender.equals(d.from()) || !fate.recipient.equals(d.recipient())) {
                verdict.flag(Outcome.UNEXPECTED, d.text() + " (id " + d.messageId() + ") from " + d.from() + " to "
                        + d.recipient() + (fate == null ? ": never sent" : ": sent as " + fate.sender + " -> "
                        + fate.recipient));
                continue;
            }
            attach(fate, indexed);
        }
    }

    private static boolean sameMessage(Event.Deliver a, Event.Deliver b) {
        return a.text().equals(b.text()) && a.from().equals(b.from()) && a.recipient().equals(b.recipient());
    }

    private void attach(Fate fate, Indexed indexed) {
        Event.Deliver d = indexed.delivery();
        fate.deliveredIds.add(d.messageId());
        if (d.at() > options.cutoff()) {
            fate.deliveredLate = fate.first == null;
        } else if (fate.first == null) {
            fate.first = d;
            fate.firstIndex = indexed.index();
            if (fate.accepted()) {
                verdict.latencies.add(Math.max(0, d.at() - fate.acceptedAt));
            }
        }
    }

    private void classifyMessages() {
        for (Fate f : fates.values()) {
            if (f.serverIds().size() > 1) {
                flag(f, Outcome.DUPLICATED, "server ids " + f.serverIds());
            }
            if (f.accepted() && f.first == null) {
                flag(f, Outcome.LOST, "accepted as " + f.acceptedIds + " at " + f.acceptedAt + " ms"
                        + (f.deliveredLate ? ", came only with the final reconnect" : ", never delivered"));
            }
            if (!f.accepted() && f.first == null && !f.deliveredLate) {
                flag(f, Outcome.UNANSWERED, "never accepted nor delivered");
            }
            if (!f.accepted() && f.first != null) {
                verdict.deliveredUnanswered++;
            }
            if (f.accepted() && f.first != null) {
                connections.stuckReason(f.first, f.acceptedAt, options.stuckAfterMs())
                        .ifPresent(why -> flag(f, Outcome.STUCK, why));
            }
        }
    }

    /**
     * Per sender and recipient, first deliveries must come in send order. A message that the server refused with an
     * error frame is left out: it was sent again after later ones that were already in flight, so the client itself
     * changed its order. A message overtaken on an earlier connection, and delivered only on a later one, is also
     * stuck: the stream passed it by, and only the reconnect brought it, however soon that came.
     */
    private void checkOrder() {
        Map<String, List<Fate>> pairs = new LinkedHashMap<>();
        fates.values().stream().filter(f -> f.first != null && !f.refused)
                .sorted(Comparator.comparingInt(f -> f.firstIndex))
                .forEach(f -> pairs.computeIfAbsent(f.sender + "->" + f.recipient, k -> new ArrayList<>()).add(f));
        verdict.orderExcluded = (int) fates.values().stream().filter(f -> f.first != null && f.refused).count();
        for (List<Fate> pair : pairs.values()) {
            Fate highest = null;
            for (Fate f : pair) {
                if (highest != null && f.seq < highest.seq) {
                    flag(f, Outcome.REORDERED, "delivered after " + highest.clientId);
                    overtaken(f, highest);
                } else {
                    highest = f;
                }
            }
        }
    }

    private void overtaken(Fate f, Fate later) {
        if (later.first.connection() != f.first.connection()) {
            flag(f, Outcome.STUCK, "delivered on connection " + f.first.connection() + " at " + f.first.at()
                    + " ms; connection " + later.first.connection() + " had delivered " + later.clientId + " before");
        }
    }

    /** Counts {@code fate} in {@code outcome} once, whichever rule found it first. */
    private void flag(Fate fate, Outcome outcome, String why) {
        if (fate.outcomes.add(outcome)) {
            verdict.flag(outcome, fate.clientId + " (" + fate.sender + " -> " + fate.recipient + "): " + why);
        }
    }
}
