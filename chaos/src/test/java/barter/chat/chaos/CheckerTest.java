package barter.chat.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker on small handmade histories: one sender {@code s0}, one recipient {@code r0}, unless said. */
class CheckerTest {
    private static final long CUTOFF = 10_000;
    private static final long STUCK_AFTER = 1_000;

    private final List<Event> events = new ArrayList<>();
    private long clock;

    @BeforeEach
    void recipientOnline() {
        connect(1);
    }

    @Test
    void inOrderOnceDeliveredMessagesAreAllOk() {
        for (int seq = 0; seq < 3; seq++) {
            sendAndAccept(seq, 100 + seq);
        }
        deliver(1, 0, 100);
        deliver(1, 1, 101);
        deliver(1, 1, 101); // a redelivery of the same id: dropped by dedup, not a duplicate
        deliver(1, 2, 102);

        Verdict verdict = check();

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.count(Outcome.OK)).isEqualTo(3);
        assertThat(verdict.totals().redeliveries()).isEqualTo(1);
        assertThat(verdict.totals().accepted()).isEqualTo(3);
    }

    @Test
    void anAcceptedMessageNeverDeliveredIsLost() {
        sendAndAccept(0, 100);
        sendAndAccept(1, 101);
        deliver(1, 0, 100);

        Verdict verdict = check();

        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.count(Outcome.LOST)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.LOST)).singleElement().asString()
                .startsWith("s0-1 ").contains("never delivered");
        assertThat(verdict.count(Outcome.OK)).isEqualTo(1);
    }

    @Test
    void aMessageDeliveredOnlyByTheFinalReconnectIsStillLost() {
        sendAndAccept(0, 100);
        clock = CUTOFF + 1;
        connect(2);
        deliver(2, 0, 100);

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.LOST)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.LOST).getFirst()).contains("final reconnect");
    }

    @Test
    void oneClientIdStoredUnderTwoServerIdsIsDuplicated() {
        sendAndAccept(0, 100);
        send(0); // resent after a reconnect with the same client id ...
        accept(0, 105); // ... and stored again
        deliver(1, 0, 100);
        deliver(1, 0, 105);

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.DUPLICATED)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.DUPLICATED).getFirst()).contains("[100, 105]");
    }

    @Test
    void oneServerIdDeliveredWithAnotherBodyIsDuplicated() {
        sendAndAccept(0, 100);
        sendAndAccept(1, 101);
        deliver(1, 0, 100);
        deliver(1, 1, 100);

        assertThat(check().count(Outcome.DUPLICATED)).isEqualTo(1);
    }

    @Test
    void aMessageDeliveredAfterALaterOneOfTheSameSenderIsReordered() {
        for (int seq = 0; seq < 4; seq++) {
            sendAndAccept(seq, 100 + seq);
        }
        deliver(1, 0, 100);
        deliver(1, 2, 102);
        deliver(1, 1, 101);
        deliver(1, 3, 103);

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.REORDERED)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.REORDERED).getFirst()).startsWith("s0-1 ").contains("after s0-2");
        assertThat(verdict.count(Outcome.STUCK)).as("one connection: out of order, not stuck").isZero();
        assertThat(verdict.count(Outcome.OK)).isEqualTo(3);
    }

    @Test
    void orderIsPerSenderSoInterleavedSendersAreOk() {
        sendAndAccept(0, 100);
        events.add(new Event.Send(++clock, "s1", "r0", "s1-0", 0));
        events.add(new Event.Accept(++clock, "s1", "s1-0", 99));
        deliver(1, 0, 100);
        events.add(new Event.Deliver(++clock, "r0", 1, 99, "s1", "s1:0"));

        assertThat(check().ok()).isTrue();
    }

    @Test
    void aMessageTheServerRefusedOnceIsLeftOutOfTheOrderCheck() {
        send(0);
        events.add(new Event.Refuse(++clock, "s0", "s0-0", "unavailable"));
        sendAndAccept(1, 100);
        send(0);
        accept(0, 101);
        deliver(1, 1, 100);
        deliver(1, 0, 101);

        Verdict verdict = check();

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.totals().orderExcluded()).isEqualTo(1);
        assertThat(verdict.totals().refusals()).isEqualTo(1);
    }

    @Test
    void aMessageDeliveredOnlyAfterARecipientReconnectIsStuck() {
        sendAndAccept(0, 100);
        clock += 2 * STUCK_AFTER; // connection 1 stays open, the message does not come
        disconnect(1);
        connect(2);
        deliver(2, 0, 100);

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.STUCK)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.STUCK).getFirst()).contains("connection 1 was open");
    }

    @Test
    void aMessageOvertakenOnAConnectionAndDeliveredOnlyOnTheNextIsStuckHoweverSoon() {
        sendAndAccept(0, 100);
        sendAndAccept(1, 101);
        deliver(1, 1, 101); // the stream passed message 0 by ...
        disconnect(1);
        connect(2);
        deliver(2, 0, 100); // ... and only the reconnect brought it, well within the stuck threshold

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.REORDERED)).isEqualTo(1);
        assertThat(verdict.count(Outcome.STUCK)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.STUCK).getFirst()).contains("connection 1 had delivered s0-1");
    }

    @Test
    void aMessageAcceptedJustBeforeAConnectionDroppedIsNotStuck() {
        sendAndAccept(0, 100);
        clock += STUCK_AFTER / 2;
        disconnect(1);
        connect(2);
        deliver(2, 0, 100);

        assertThat(check().ok()).isTrue();
    }

    @Test
    void aDeliveryThatWasNeverSentIsUnexpected() {
        deliver(1, 7, 100);
        events.add(new Event.Deliver(++clock, "r0", 1, 101, "mallory", "nonsense"));

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.UNEXPECTED)).isEqualTo(2);
        assertThat(verdict.count(Outcome.OK)).isZero();
    }

    @Test
    void aDeliveryToTheWrongRecipientIsUnexpected() {
        sendAndAccept(0, 100);
        events.add(new Event.Deliver(++clock, "r9", 1, 100, "s0", "s0:0"));

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.UNEXPECTED)).isEqualTo(1);
        assertThat(verdict.count(Outcome.LOST)).isEqualTo(1);
    }

    @Test
    void aSendNeverAnsweredNorDeliveredIsUnansweredButDeliveredIsFine() {
        send(0);
        send(1);
        deliver(1, 1, 101);

        Verdict verdict = check();

        assertThat(verdict.count(Outcome.UNANSWERED)).isEqualTo(1);
        assertThat(verdict.examples().get(Outcome.UNANSWERED).getFirst()).startsWith("s0-0 ");
        assertThat(verdict.totals().deliveredUnanswered()).isEqualTo(1);
    }

    @Test
    void theTableNamesEveryClassAndTheFaultTotals() {
        sendAndAccept(0, 100);
        events.add(new Event.Fault(++clock, FaultKind.KILL, "n1"));
        events.add(new Event.Fault(++clock, FaultKind.KILL, "n1"));

        String table = check().table("run");

        assertThat(table).contains("lost", "duplicated", "reordered", "stuck", "unexpected", "unanswered",
                "2 SIGKILLs", "0 redis restarts", "0 pg restarts", "0 proxy cuts", "1 accepted");
    }

    private Verdict check() {
        return Checker.check(events, new Checker.Options(CUTOFF, STUCK_AFTER));
    }

    private void sendAndAccept(int seq, long messageId) {
        send(seq);
        accept(seq, messageId);
    }

    private void send(int seq) {
        events.add(new Event.Send(++clock, "s0", "r0", Messages.clientId("s0", seq), seq));
    }

    private void accept(int seq, long messageId) {
        events.add(new Event.Accept(++clock, "s0", Messages.clientId("s0", seq), messageId));
    }

    private void deliver(int connection, int seq, long messageId) {
        events.add(new Event.Deliver(++clock, "r0", connection, messageId, "s0", Messages.text("s0", seq)));
    }

    private void connect(int connection) {
        events.add(new Event.Connect(++clock, "r0", connection, "n1"));
    }

    private void disconnect(int connection) {
        events.add(new Event.Disconnect(++clock, "r0", connection, "closed"));
    }
}
