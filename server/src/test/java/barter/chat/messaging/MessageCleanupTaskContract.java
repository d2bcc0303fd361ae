package barter.chat.messaging;

import barter.chat.abuse.FrankingTags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import barter.chat.connections.ConnectionManager;
import barter.chat.ops.Metrics;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.Database;
import barter.chat.store.InboxEntry;
import barter.chat.store.MessageDao;
import barter.chat.store.Write;
import barter.chat.store.WriteResult;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The cleanup task on a real store with a test clock; subclasses pick SQLite or PostgreSQL. */
abstract class MessageCleanupTaskContract {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    abstract TestDatabases.Kind kind();

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(START);
    Database database;
    MessageDao dao;
    PrometheusMeterRegistry registry;
    MessageCleanupTask task;
    private final List<MessageQueue> queues = new java.util.ArrayList<>();

    @BeforeEach
    void openStore() {
        database = kind().open(dir);
        dao = MessageDao.jdbi(database);
        registry = Metrics.prometheus();
        task = newTask(Duration.ofHours(24));
    }

    MessageCleanupTask newTask(Duration interval) {
        MessagingMetrics metrics = new MessagingMetrics(registry, clock);
        MessageQueue queue = MessageQueue.durable(dao, Router.local(ConnectionManager.local()),
                (sender, recipient) -> SendPolicy.Decision.DELIVER, new FrankingTags(new byte[32]), metrics, clock);
        queues.add(queue);
        return new MessageCleanupTask(queue, metrics, RETENTION, interval, clock, registry);
    }

    @AfterEach
    void closeStore() {
        task.stop();
        queues.forEach(MessageQueue::close);
        database.close();
    }

    long accept(String sender, String clientId, String to) {
        WriteResult.Accepted accepted = (WriteResult.Accepted) dao.write(List.of(
                new Write.Accept(sender, clientId, to, "aGk=", clock.millis(), true))).get(0);
        return accepted.messageId();
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void startStopAndIsRunningFollowTheLifecycle() {
        assertThat(task.isRunning()).isFalse();
        task.start();
        assertThat(task.isRunning()).isTrue();
        assertThatThrownBy(task::start).isInstanceOf(IllegalStateException.class);
        task.stop();
        assertThat(task.isRunning()).isFalse();
        task.stop();
        assertThat(task.isRunning()).isFalse();
        task.start();
        assertThat(task.isRunning()).as("restartable").isTrue();
        task.close();
        assertThat(task.isRunning()).isFalse();
    }

    @Test
    void runOnceExpiresOldMessagesQueuesExpiredReceiptsAndLeavesYoungOnes() {
        long old = accept("alice", "old", "bob");
        clock.advance(Duration.ofDays(3));
        long young = accept("carol", "young", "bob");
        clock.advance(Duration.ofDays(4).plusSeconds(1));

        assertThat(task.runOnce()).isEqualTo(1);

        assertThat(dao.entriesAfter("bob", 0, 100, Long.MAX_VALUE).entries()).extracting(InboxEntry::messageId).containsExactly(young);
        List<InboxEntry> aliceInbox = dao.entriesAfter("alice", 0, 100, Long.MAX_VALUE).entries();
        assertThat(aliceInbox).hasSize(1);
        assertThat(aliceInbox.get(0).kind()).isEqualTo(InboxEntry.Kind.EXPIRED);
        assertThat(aliceInbox.get(0).messageId()).isEqualTo(old);
        assertThat(aliceInbox.get(0).clientId()).isEqualTo("old");
        assertThat(aliceInbox.get(0).createdAt()).isEqualTo(clock.millis());
        assertThat(dao.entriesAfter("carol", 0, 100, Long.MAX_VALUE).entries()).as("the young message's sender hears nothing").isEmpty();
        assertThat(counter("chat.cleanup.runs")).isEqualTo(1);
        assertThat(counter("chat.cleanup.failures")).isZero();
        assertThat(registry.get("chat.messaging.messages").tag("event", "expired").counter().count()).isEqualTo(1);
        assertThat(registry.get("chat.messaging.queue.size").gauge().value()).isEqualTo(1);
    }

    @Test
    void aMessageExactlyAtTheRetentionAgeIsKept() {
        accept("alice", "edge", "bob");
        clock.advance(RETENTION);
        assertThat(task.runOnce()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(task.runOnce()).isEqualTo(1);
    }

    @Test
    void runOnceExpiresMoreThanOneChunk() {
        List<Write> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            writes.add(new Write.Accept("alice", "m" + i, "bob", "aGk=", clock.millis(), true));
        }
        dao.write(writes);
        clock.advance(RETENTION.plusSeconds(1));
        assertThat(task.runOnce()).isEqualTo(2500);
        assertThat(dao.countUndelivered()).isZero();
        assertThat(dao.entriesAfter("alice", 0, 10_000, Long.MAX_VALUE).entries()).hasSize(2500).allMatch(e -> e.kind() == InboxEntry.Kind.EXPIRED);
    }

    @Test
    void aFailedRunIsCountedAndLoggedAndTheNextRunSucceedsOnceTheCauseIsFixed() {
        accept("alice", "old", "bob");
        clock.advance(RETENTION.plusSeconds(1));
        Logger logger = (Logger) LoggerFactory.getLogger(MessageCleanupTask.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE inbox RENAME TO inbox_away"));
            assertThatThrownBy(task::runOnce).isInstanceOf(RuntimeException.class);
            assertThat(counter("chat.cleanup.failures")).isEqualTo(1);
            assertThat(counter("chat.cleanup.runs")).isEqualTo(1);
            assertThat(registry.scrape()).contains("chat_cleanup_failures_total 1.0");
            assertThat(logs.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("message cleanup failed");
                assertThat(event.getThrowableProxy()).isNotNull();
            });

            database.jdbi().useHandle(h -> h.execute("ALTER TABLE inbox_away RENAME TO inbox"));
            assertThat(task.runOnce()).isEqualTo(1);
            assertThat(counter("chat.cleanup.failures")).as("not counted again").isEqualTo(1);
            assertThat(counter("chat.cleanup.runs")).isEqualTo(2);
            assertThat(dao.entriesAfter("alice", 0, 10, Long.MAX_VALUE).entries()).extracting(InboxEntry::kind).containsExactly(InboxEntry.Kind.EXPIRED);
            assertThat(registry.get("chat.cleanup.last.success.timestamp").gauge().value())
                    .isEqualTo(clock.millis() / 1000.0);
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void aRunAgainstAClosedStoreFailsWithoutKillingTheSchedule() {
        task = newTask(Duration.ofMillis(200));
        database.close();
        task.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("chat.cleanup.failures") >= 2);
        assertThat(task.isRunning()).as("the schedule survives failures").isTrue();
    }

    @Test
    void aScheduledRunHappensEveryInterval() {
        task = newTask(Duration.ofMillis(200));
        accept("alice", "old", "bob");
        clock.advance(RETENTION.plusSeconds(1));
        task.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> dao.countUndelivered() == 0);
        assertThat(dao.entriesAfter("alice", 0, 10, Long.MAX_VALUE).entries()).extracting(InboxEntry::kind).containsExactly(InboxEntry.Kind.EXPIRED);
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("chat.cleanup.runs") >= 2);
        assertThat(counter("chat.cleanup.failures")).isZero();
    }

    @Test
    void theSenderGetsTheExpiredReceiptThroughARealServer() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestServer server = TestServer.start(kind().url(dir), dir,
                Map.of("CHAT_RETENTION", "PT1S", "CHAT_CLEANUP_INTERVAL", "PT1S"))) {
            server.register(alice);
            server.register(bob);
            try (TestClient a = server.online(alice)) {
                ClientFrame.Send send = new ClientFrame.Send("expiring", bob,
                        Base64.getEncoder().encodeToString("anyone?".getBytes()));
                a.send(send);
                long messageId = a.next(ServerFrame.Accepted.class).messageId();
                ServerFrame.Receipt receipt = a.next(ServerFrame.Receipt.class);
                assertThat(receipt.status()).isEqualTo(ServerFrame.ReceiptStatus.EXPIRED);
                assertThat(receipt.messageId()).isEqualTo(messageId);
                assertThat(receipt.id()).isEqualTo("expiring");
            }
            try (TestClient b = server.connect(bob)) {
                assertThat(b.untilQueueEmpty()).as("the expired message is gone").isEmpty();
            }
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(t -> t.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
