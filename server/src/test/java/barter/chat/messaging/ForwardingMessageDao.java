package barter.chat.messaging;

import barter.chat.store.Expiry;
import barter.chat.store.InboxPage;
import barter.chat.store.MessageDao;
import barter.chat.store.SentMessage;
import barter.chat.store.Write;
import barter.chat.store.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A real store with a test's own behaviour around some calls: subclasses override what they watch. */
abstract class ForwardingMessageDao implements MessageDao {
    private final MessageDao store;

    ForwardingMessageDao(MessageDao store) {
        this.store = store;
    }

    @Override
    public List<WriteResult> write(List<Write> writes) {
        return store.write(writes);
    }

    @Override
    public InboxPage entriesAfter(String recipient, long afterSeq, int limit, long maxBytes) {
        return store.entriesAfter(recipient, afterSeq, limit, maxBytes);
    }

    @Override
    public Expiry expire(long cutoff, long now, int limit) {
        return store.expire(cutoff, now, limit);
    }

    @Override
    public long countUndelivered() {
        return store.countUndelivered();
    }

    @Override
    public OptionalLong oldestUndelivered() {
        return store.oldestUndelivered();
    }

    @Override
    public Optional<SentMessage> findSent(long messageId) {
        return store.findSent(messageId);
    }
}
