package barter.chat.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.connections.CloseReason;
import barter.chat.connections.Connection;
import barter.chat.connections.InboxListener;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.Database;
import barter.chat.store.InboxEntry;
import barter.chat.store.InboxPage;
import barter.chat.store.MessageDao;
import barter.chat.store.Write;
import barter.chat.store.WriteResult;
import barter.chat.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery stream over a real SQLite store: backlog, notices, gaps, and a store that stops answering. */
class DeliveryStreamTest {
    private Database database;
    private ObservedDao dao;
    private RecordingConnection bob;
    private DeliveryStream stream;

    @BeforeEach
    void open(@TempDir Path dir) {
        database = TestDatabases.Kind.SQLITE.open(dir);
        dao = new ObservedDao(MessageDao.jdbi(database));
        bob = new RecordingConnection("bob");
        stream = new DeliveryStream(bob, dao);
    }

    @AfterEach
    void close() {
        bob.close(CloseReason.NORMAL);
        database.close();
    }

    private InboxEntry commit(String clientId) {
        WriteResult.Accepted accepted = (WriteResult.Accepted) dao.write(List.of(
                new Write.Accept("alice", clientId, "bob",
                Base64.getEncoder().encodeToString(clientId.getBytes()), 1000, true))).get(0);
        return accepted.stored();
    }

    @Test
    void theBacklogComesInOrderThenQueueEmptyThenLiveEntries() {
        commit("a");
        commit("b");
        stream.start();
        await().until(() -> bob.frames().size() == 3);
        assertThat(bob.frames().get(2)).isInstanceOf(ServerFrame.QueueEmpty.class);
        stream.committed(commit("c"));
        await().until(() -> bob.frames().size() == 4);
        assertThat(bob.messageClientIds()).containsExactly("a", "b", "c");
        assertThat(bob.live()).containsExactly(false, false, false, true);
    }

    @Test
    void aNoticeCarryingTheNextEntryIsWrittenWithoutReadingTheStore() {
        stream.start();
        await().until(() -> bob.frames().size() == 1);
        int reads = dao.reads.get();
        for (int i = 0; i < 20; i++) {
            stream.committed(commit("m" + i));
        }
        await().until(() -> bob.messageClientIds().size() == 20);
        assertThat(dao.reads.get()).isEqualTo(reads);
    }

    @Test
    void aGapInTheNoticesIsFilledFromTheStoreInOrder() {
        stream.start();
        await().until(() -> bob.frames().size() == 1);
        commit("unheard-1");
        commit("unheard-2");
        stream.committed(commit("heard"));
        await().until(() -> bob.messageClientIds().size() == 3);
        assertThat(bob.messageClientIds()).containsExactly("unheard-1", "unheard-2", "heard");
        stream.mayHaveMissed();
        commit("after");
        stream.mayHaveMissed();
        await().until(() -> bob.messageClientIds().size() == 4);
        assertThat(bob.messageClientIds()).doesNotHaveDuplicates().endsWith("after");
    }

    @Test
    void readsThatFailAreRetriedAndNothingIsLostOrRepeated() {
        stream.start();
        await().until(() -> bob.frames().size() == 1);
        dao.failing.set(true);
        commit("during-1");
        stream.mayHaveMissed();
        commit("during-2");
        stream.mayHaveMissed();
        await().until(() -> dao.failedReads.get() >= 2);
        assertThat(bob.messageClientIds()).isEmpty();
        dao.failing.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> bob.messageClientIds().size() == 2);
        assertThat(bob.messageClientIds()).containsExactly("during-1", "during-2");
        assertThat(bob.isOpen()).as("a store outage does not close the connection").isTrue();
    }

    @Test
    void theStreamEndsWhenItsConnectionCloses() {
        stream.start();
        await().until(() -> bob.frames().size() == 1);
        bob.close(CloseReason.NORMAL);
        stream.committed(commit("too-late"));
        stream.mayHaveMissed();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> bob.messageClientIds().isEmpty());
    }

    /** A real store, with its reads counted and, on demand, failing as a database outage would. */
    private static final class ObservedDao extends ForwardingMessageDao {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger failedReads = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        ObservedDao(MessageDao store) {
            super(store);
        }

        @Override
        public InboxPage entriesAfter(String recipient, long afterSeq, int limit, long maxBytes) {
            reads.incrementAndGet();
            if (failing.get()) {
                failedReads.incrementAndGet();
                throw new IllegalStateException("database unreachable (test)");
            }
            return super.entriesAfter(recipient, afterSeq, limit, maxBytes);
        }
    }

    /** A connection that records what its stream writes. */
    private static final class RecordingConnection implements Connection {
        private final String userId;
        private final List<ServerFrame> frames = Collections.synchronizedList(new ArrayList<>());
        private final List<Boolean> live = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean open = true;

        RecordingConnection(String userId) {
            this.userId = userId;
        }

        List<ServerFrame> frames() {
            return List.copyOf(frames);
        }

        List<Boolean> live() {
            return List.copyOf(live);
        }

        /** The client ids of the messages written (the test puts each in its body). */
        List<String> messageClientIds() {
            return frames().stream().filter(ServerFrame.Message.class::isInstance)
                    .map(f -> new String(Base64.getDecoder().decode(((ServerFrame.Message) f).body()))).toList();
        }

        @Override
        public String id() {
            return "test";
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public boolean send(ServerFrame frame) {
            return open && frames.add(frame);
        }

        @Override
        public boolean awaitSendSlot() {
            return open;
        }

        @Override
        public void answer(ServerFrame answer) {
            send(answer);
        }

        @Override
        public boolean write(ServerFrame frame, boolean isLive) {
            if (!open) {
                return false;
            }
            frames.add(frame);
            live.add(isLive);
            return true;
        }

        @Override
        public InboxListener inbox() {
            return InboxListener.NONE;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close(CloseReason reason) {
            open = false;
        }
    }
}
