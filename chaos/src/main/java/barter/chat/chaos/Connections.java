package barter.chat.chaos;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The open and close times of every connection, per user. */
final class Connections {
    private record Span(long open, long close) {
    }

    private final Map<String, Map<Integer, Span>> spans = new HashMap<>();

    void open(Event.Connect c) {
        spans.computeIfAbsent(c.user(), u -> new HashMap<>()).put(c.connection(), new Span(c.at(), Long.MAX_VALUE));
    }

    void close(Event.Disconnect d) {
        spans.computeIfAbsent(d.user(), u -> new HashMap<>())
                .computeIfPresent(d.connection(), (n, s) -> new Span(s.open(), d.at()));
    }

    /**
     * Why a delivery on a later connection counts as stuck: an earlier connection of the recipient was open for
     * at least {@code stuckAfterMs} after the accept (or after it opened, if later) without delivering it.
     */
    Optional<String> stuckReason(Event.Deliver first, long acceptedAt, long stuckAfterMs) {
        Map<Integer, Span> mine = spans.getOrDefault(first.recipient(), Map.of());
        Span delivering = mine.get(first.connection());
        long deliveringOpen = delivering == null ? first.at() : delivering.open();
        for (Map.Entry<Integer, Span> e : mine.entrySet()) {
            Span s = e.getValue();
            if (Objects.equals(e.getKey(), first.connection()) || s.open() >= deliveringOpen) {
                continue;
            }
            long idle = Math.min(s.close(), deliveringOpen) - Math.max(acceptedAt, s.open());
            if (idle >= stuckAfterMs) {
                return Optional.of("delivered on connection " + first.connection() + " at "
                        + first.at() + " ms; connection " + e.getKey() + " was open " + idle
                        + " ms after the accept without it");
            }
        }
        return Optional.empty();
    }
}
