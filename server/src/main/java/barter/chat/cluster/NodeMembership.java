package barter.chat.cluster;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes are alive: each heartbeats its member name (node id plus a random incarnation, so a node restarted
 * under the same id still counts as a new one) into a sorted set scored by Redis' clock, once a second. A member
 * that was alive and has not beaten for {@link #DEAD_AFTER_MILLIS} is reported lost once: it may have committed
 * entries whose notices never went out. One timer per node; nothing per connection.
 */
final class NodeMembership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeMembership.class);
    private static final long BEAT_MILLIS = 1_000;
    static final long DEAD_AFTER_MILLIS = 4_000;
    private static final long FORGET_AFTER_MILLIS = 60_000;

    private final StatefulRedisConnection<String, String> connection;
    private final String key;
    private final String member;
    private final Consumer<String> lost;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("cluster-membership").factory());
    private Set<String> alive = Set.of();
    private int failedBeats;

    NodeMembership(StatefulRedisConnection<String, String> connection, String key, String nodeId,
                   Consumer<String> lost) {
        this.connection = connection;
        this.key = key;
        this.member = nodeId + "@" + UUID.randomUUID().toString().substring(0, 8);
        this.lost = lost;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::beat, 0, BEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            RedisCommands<String, String> redis = connection.sync();
            List<String> time = redis.time();
            long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            redis.zadd(key, now, member);
            redis.zremrangebyscore(key, io.lettuce.core.Range.create(0, now - FORGET_AFTER_MILLIS));
            Set<String> current = new HashSet<>();
            for (ScoredValue<String> each : redis.zrangeWithScores(key, 0, -1)) {
                if (each.getScore() > now - DEAD_AFTER_MILLIS) {
                    current.add(each.getValue());
                }
            }
            alive.stream().filter(m -> !current.contains(m)).forEach(lost);
            alive = current;
            if (failedBeats > 0) {
                log.info("cluster heartbeat works again after {} failures", failedBeats);
                failedBeats = 0;
            }
        } catch (RuntimeException e) {
            if (failedBeats++ == 0) {
                log.warn("cluster heartbeat failed; retrying every {} ms: {}", BEAT_MILLIS, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            connection.sync().zrem(key, member);
        } catch (RuntimeException e) {
            log.debug("could not leave the member set (it expires anyway): {}", e.toString());
        }
    }
}
