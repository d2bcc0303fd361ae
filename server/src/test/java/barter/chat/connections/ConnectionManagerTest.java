package barter.chat.connections;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The local connection registry: lookup, displacement, identity-conditional removal, and thread safety. */
class ConnectionManagerTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ConnectionManager manager = ConnectionManager.local();

    @Test
    void anAddedConnectionIsFoundByItsUser() {
        RecordingConnection alice = new RecordingConnection("alice");
        assertThat(manager.add(alice)).isEmpty();
        assertThat(manager.get("alice")).containsSame(alice);
        assertThat(manager.isConnected("alice")).isTrue();
        assertThat(manager.isConnected("bob")).isFalse();
        assertThat(manager.get("bob")).isEmpty();
        assertThat(manager.count()).isEqualTo(1);
        assertThat(manager.all()).containsExactly(alice);
        assertThat(alice.closedWith()).isNull();
    }

    @Test
    void removeTakesTheConnectionOut() {
        RecordingConnection alice = new RecordingConnection("alice");
        RecordingConnection bob = new RecordingConnection("bob");
        manager.add(alice);
        manager.add(bob);
        assertThat(manager.remove(alice)).isTrue();
        assertThat(manager.isConnected("alice")).isFalse();
        assertThat(manager.get("alice")).isEmpty();
        assertThat(manager.count()).isEqualTo(1);
        assertThat(manager.all()).containsExactly(bob);
        assertThat(manager.remove(alice)).as("a second remove").isFalse();
        assertThat(alice.closedWith()).as("remove does not close; the socket is already gone").isNull();
    }

    @Test
    void aNewerConnectionDisplacesTheOlderWhichIsClosedWith4409() {
        RecordingConnection older = new RecordingConnection("alice");
        RecordingConnection newer = new RecordingConnection("alice");
        manager.add(older);
        assertThat(manager.add(newer)).containsSame(older);
        assertThat(older.closedWith()).isEqualTo(CloseReason.DISPLACED);
        assertThat(CloseReason.DISPLACED.code()).isEqualTo(4409);
        assertThat(older.closeCount()).isEqualTo(1);
        assertThat(newer.closedWith()).isNull();
        assertThat(manager.get("alice")).containsSame(newer);
        assertThat(manager.count()).isEqualTo(1);
    }

    @Test
    void theLateRemoveOfADisplacedConnectionKeepsTheNewerOne() {
        RecordingConnection older = new RecordingConnection("alice");
        RecordingConnection newer = new RecordingConnection("alice");
        manager.add(older);
        manager.add(newer);
        assertThat(manager.remove(older)).isFalse();
        assertThat(manager.get("alice")).containsSame(newer);
        assertThat(manager.isConnected("alice")).isTrue();
        assertThat(manager.remove(newer)).isTrue();
        assertThat(manager.isConnected("alice")).isFalse();
    }

    @Test
    void addingTheSameConnectionTwiceDisplacesNothing() {
        RecordingConnection alice = new RecordingConnection("alice");
        manager.add(alice);
        assertThat(manager.add(alice)).isEmpty();
        assertThat(alice.closedWith()).isNull();
        assertThat(manager.count()).isEqualTo(1);
    }

    @Test
    void allIsASnapshot() {
        manager.add(new RecordingConnection("alice"));
        var snapshot = manager.all();
        manager.add(new RecordingConnection("bob"));
        assertThat(snapshot).hasSize(1);
        assertThat(manager.all()).hasSize(2);
    }

    /**
     * Many threads add and remove connections of a few users at once. Afterwards every connection is in exactly one
     * state: still current, removed by its own remove (which returned true), or displaced (closed with 4409 once);
     * and the counters agree with the map.
     */
    @Test
    void concurrentAddsAndRemovesLeaveAConsistentState() throws Exception {
        int threads = 8;
        int operations = 2_000;
        List<String> users = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9");
        List<RecordingConnection> created = Collections.synchronizedList(new ArrayList<>());
        Map<RecordingConnection, Boolean> removedByOwner = new ConcurrentHashMap<>();
        AtomicInteger displacedReturns = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < operations; i++) {
                        RecordingConnection connection = new RecordingConnection(users.get(random.nextInt(users.size())));
                        created.add(connection);
                        manager.add(connection).ifPresent(c -> displacedReturns.incrementAndGet());
                        manager.isConnected(connection.userId());
                        manager.count();
                        if (random.nextBoolean()) {
                            if (manager.remove(connection)) {
                                removedByOwner.put(connection, true);
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> each : done) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(created).hasSize(threads * operations);
        int displaced = 0;
        for (RecordingConnection connection : created) {
            boolean current = manager.get(connection.userId()).orElse(null) == connection;
            boolean removed = removedByOwner.containsKey(connection);
            boolean wasDisplaced = connection.closedWith() == CloseReason.DISPLACED;
            assertThat(connection.closeCount()).as("close called at most once").isLessThanOrEqualTo(1);
            assertThat((current ? 1 : 0) + (removed ? 1 : 0) + (wasDisplaced ? 1 : 0))
                    .as("%s is in exactly one state (current %s, removed %s, displaced %s)", connection, current,
                            removed, wasDisplaced)
                    .isEqualTo(1);
            if (wasDisplaced) {
                displaced++;
            }
        }
        assertThat(displacedReturns.get()).as("every displacement was reported once").isEqualTo(displaced);
        long connectedUsers = users.stream().filter(manager::isConnected).count();
        assertThat(manager.count()).isEqualTo(connectedUsers);
        assertThat(manager.all()).hasSize((int) connectedUsers).allMatch(c -> ((RecordingConnection) c).closedWith() == null);
        for (String user : users) {
            assertThat(manager.get(user).isPresent()).isEqualTo(manager.isConnected(user));
        }
    }

    /** A real, minimal {@link Connection}: it records frames and how it was closed. */
    static final class RecordingConnection implements Connection {
        private final String id = "c" + IDS.incrementAndGet();
        private final String userId;
        private final List<ServerFrame> sent = Collections.synchronizedList(new ArrayList<>());
        private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();
        private final AtomicInteger closes = new AtomicInteger();

        RecordingConnection(String userId) {
            this.userId = userId;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public boolean send(ServerFrame frame) {
            return isOpen() && sent.add(frame);
        }

        @Override
        public boolean awaitSendSlot() {
            return isOpen();
        }

        @Override
        public void answer(ServerFrame answer) {
            send(answer);
        }

        @Override
        public boolean write(ServerFrame frame, boolean live) {
            return send(frame);
        }

        @Override
        public InboxListener inbox() {
            return InboxListener.NONE;
        }

        @Override
        public boolean isOpen() {
            return closedWith.get() == null;
        }

        @Override
        public void close(CloseReason reason) {
            closes.incrementAndGet();
            closedWith.compareAndSet(null, reason);
        }

        CloseReason closedWith() {
            return closedWith.get();
        }

        int closeCount() {
            return closes.get();
        }

        @Override
        public String toString() {
            return id + "(" + userId + ")";
        }
    }
}
