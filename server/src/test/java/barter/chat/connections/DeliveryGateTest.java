package barter.chat.connections;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DeliveryGateTest {
    private final List<Long> sent = new ArrayList<>();
    private final Predicate<ServerFrame> sender = frame -> sent.add(((ServerFrame.Message) frame).messageId());
    private final DeliveryGate gate = new DeliveryGate();

    private static ServerFrame message(long id) {
        return new ServerFrame.Message(id, "alice", "Ym9keQ==", id);
    }

    private void deliver(long entryId) {
        gate.deliver(entryId, message(entryId), sender);
    }

    @Test
    void liveEntriesWaitForTheBacklogAndOnlyNewerOnesGoOut() {
        deliver(12);
        deliver(9);
        gate.backlogSent(10, sender);
        deliver(13);
        assertThat(sent).as("9 came with the backlog").containsExactly(12L, 13L);
    }

    @Test
    void aPushAfterAnOutageCannotOvertakeTheEntriesTheCatchUpReads() {
        gate.backlogSent(0, sender);
        deliver(1);
        gate.holdForCatchUp();
        deliver(6);                  // pushed once pub/sub is back; 2-5 were lost with the outage
        for (long id = 2; id <= 6; id++) {
            deliver(id);             // the catch-up re-reads the store, 6 included
        }
        gate.caughtUp(sender);
        deliver(7);
        assertThat(sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(gate.lastEntryId()).isEqualTo(7);
    }

    @Test
    void holdingTwiceNeedsOneCatchUp() {
        gate.backlogSent(0, sender);
        gate.holdForCatchUp();
        gate.holdForCatchUp();
        deliver(3);
        gate.caughtUp(sender);
        assertThat(sent).containsExactly(3L);
    }
}
