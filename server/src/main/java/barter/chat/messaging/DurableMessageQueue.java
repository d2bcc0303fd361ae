package barter.chat.messaging;

import barter.chat.abuse.FrankingTags;
import barter.chat.connections.Connection;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.MessageDao;
import barter.chat.store.Write;
import barter.chat.store.WriteResult;
import java.time.Clock;
import barter.chat.store.Expiry;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class DurableMessageQueue implements MessageQueue {
    private static final Logger log = LoggerFactory.getLogger(DurableMessageQueue.class);
    private final MessageDao dao;
    private final GroupCommit writer;
    private final Router router;
    private final SendPolicy policy;
    private final FrankingTags franking;
    private final MessagingMetrics metrics;
    private final Clock clock;

    DurableMessageQueue(MessageDao dao, Router router, SendPolicy policy, FrankingTags franking,
                        MessagingMetrics metrics, Clock clock) {
        this.dao = dao;
        this.router = router;
        this.policy = policy;
        this.franking = franking;
        this.metrics = metrics;
        this.clock = clock;
        this.writer = new GroupCommit(dao, (size, nanos) -> metrics.committed(size));
        metrics.trackStored(dao::countUndelivered);
        metrics.trackOldest(dao::oldestUndelivered);
    }

    @Override
    public void accept(Connection from, ClientFrame.Send send) {
        String sender = from.userId();
        if (sender.equals(send.to())) {
            reject(from, send.id(), ErrorCode.INVALID_FRAME, "cannot send a message to yourself");
            return;
        }
        SendPolicy.Decision decision;
        try {
            decision = policy.decide(sender, send.to());
        } catch (RuntimeException e) {
            log.warn("send {} of {}: the recipient's keys or blocks could not be read: {}", send.id(), sender,
                    e.toString());
            reject(from, send.id(), ErrorCode.UNAVAILABLE, "temporarily unavailable; send it again with the same id");
            return;
        }
        switch (decision) {
            case REFUSE_BLOCKED -> reject(from, send.id(), ErrorCode.BLOCKED,
                    "the recipient does not accept your messages");
            case UNKNOWN_RECIPIENT -> reject(from, send.id(), ErrorCode.UNKNOWN_USER,
                    "'" + send.to() + "' has published no keys");
            case DELIVER, ACCEPT_SILENTLY -> store(from, send, decision == SendPolicy.Decision.DELIVER);
        }
    }

    private void store(Connection from, ClientFrame.Send send, boolean deliver) {
        String sender = from.userId();
        long now = clock.millis();
        Write.Franked franked = send.commitment() == null ? null : new Write.Franked(send.commitment(),
                franking.tag(sender, send.to(), send.id(), now, send.commitment()));
        Write.Accept write = new Write.Accept(sender, send.id(), send.to(), send.body(), now, deliver, franked);
        writer.submit(write,
                result -> answer(from, send, result),
                failure -> from.answer(new ServerFrame.Error(send.id(), ErrorCode.UNAVAILABLE,
                        "the message could not be stored; send it again with the same id")));
    }

    private void reject(Connection from, String id, ErrorCode code, String message) {
        metrics.rejected(code.wire());
        from.answer(new ServerFrame.Error(id, code, message));
    }

    private void answer(Connection from, ClientFrame.Send send, WriteResult result) {
        switch (result) {
            case WriteResult.Accepted accepted -> accepted(from, send.id(), send.to(), accepted);
            case WriteResult.RecipientFull full -> reject(from, send.id(), ErrorCode.RECIPIENT_FULL,
                    "'" + full.recipient() + "' has too much undelivered mail (" + full.usage().entries()
                            + " messages, " + full.usage().bytes() + " bytes); send it again later with the same id");
            default -> throw new IllegalStateException("a send was answered with " + result);
        }
    }

    private void accepted(Connection from, String clientId, String recipient, WriteResult.Accepted result) {
        if (!result.duplicate()) {
            metrics.accepted();
        }
        from.answer(new ServerFrame.Accepted(clientId, result.messageId(), result.ts()));
        if (result.stored() != null) {
            router.deliver(result.stored());
        } else if (result.duplicate()) {
            // the first answer may have been lost with a node that died before its notice went out
            router.notice(recipient);
        }
    }

    @Override
    public void acknowledge(Connection from, List<Long> messageIds) {
        writer.submit(new Write.Acknowledge(from.userId(), messageIds, clock.millis()),
                result -> acknowledged((WriteResult.Acknowledged) result),
                failure -> from.send(new ServerFrame.Error(null, ErrorCode.UNAVAILABLE,
                        "the ack could not be stored; the messages will be sent again")));
    }

    private void acknowledged(WriteResult.Acknowledged result) {
        result.acked().forEach(entry -> metrics.acked(entry.createdAt()));
        result.receipts().forEach(router::deliver);
    }

    @Override
    public void typing(Connection from, String to) {
        if (!to.equals(from.userId()) && policy.relaysTyping(from.userId(), to)) {
            router.typing(from.userId(), to);
        }
    }

    @Override
    public Expiry expire(long cutoff, long now, int limit) {
        SynchronousQueue<Object> outcome = new SynchronousQueue<>();
        writer.submit(new Write.Expire(cutoff, now, limit), result -> hand(outcome, result),
                failure -> hand(outcome, failure));
        Object answer;
        try {
            answer = outcome.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an expiry to commit", e);
        }
        if (answer instanceof RuntimeException failure) {
            throw failure;
        }
        Expiry expiry = ((WriteResult.Expired) answer).expiry();
        expiry.receipts().forEach(router::deliver);
        return expiry;
    }

    /** Runs on the writer thread, which must not wait long: the caller is already waiting to take it. */
    private static void hand(SynchronousQueue<Object> outcome, Object result) {
        try {
            outcome.put(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public DeliveryStream stream(Connection connection) {
        return new DeliveryStream(connection, dao);
    }

    @Override
    public void close() {
        writer.close();
    }
}
