package barter.chat.chaos;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** What the history says about one scripted message (one client id); filled in by the {@link Checker}. */
final class Fate {
    final String clientId;
    final String sender;
    final String recipient;
    final int seq;
    final Set<Long> acceptedIds = new TreeSet<>();
    final Set<Long> deliveredIds = new TreeSet<>();
    long acceptedAt = -1;
    boolean refused;
    /** The first delivery by the cutoff, and its position in the history (the order the recipient saw). */
    Event.Deliver first;
    int firstIndex = -1;
    /** Delivered, but only after the cutoff (by the final reconnect). */
    boolean deliveredLate;
    /** The problem classes found so far; empty means ok. */
    final Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);

    Fate(Event.Send send) {
        this.clientId = send.clientId();
        this.sender = send.sender();
        this.recipient = send.recipient();
        this.seq = send.seq();
    }

    boolean accepted() {
        return !acceptedIds.isEmpty();
    }

    /** Every server id this client id was given: more than one means it was stored twice. */
    Set<Long> serverIds() {
        Set<Long> ids = new TreeSet<>(acceptedIds);
        ids.addAll(deliveredIds);
        return ids;
    }
}
