package barter.chat.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One chaos run: the deployment, the load, the faults and the checker's timing.
 *
 * @param grace      after the nemesis stops and every node is up: how long accepted messages may still take to
 *                   arrive (and unanswered sends to be answered) while the recipients stay online
 * @param stuckAfter see {@link Checker.Options#stuckAfterMs()}
 * @param workDir    logs, the history and the report; the databases' files
 */
public record Scenario(Store store, int nodes, Load load, Faults faults, long seed, Duration grace,
                       Duration stuckAfter, Path workDir, Path serverJar) {

    public enum Store {
        /** Embedded mode: one node on a SQLite file. */
        SQLITE,
        /** Cluster mode: nodes on a private PostgreSQL and a private Redis. */
        POSTGRES
    }

    /**
     * @param sendersPerNode senders whose first connection goes to each node
     * @param recipients     sender k writes to recipient k mod recipients
     * @param traffic        each sender spreads its messages over this long
     */
    public record Load(int sendersPerNode, int recipients, int messagesPerSender, int window, Duration traffic) {
        public Load {
            if (sendersPerNode < 1 || recipients < 1 || messagesPerSender < 1 || window < 1) {
                throw new IllegalArgumentException("load needs at least one sender, recipient, message and window slot");
            }
        }
    }

    /** How many faults of each kind the nemesis injects, spread over the traffic period. */
    public record Faults(int kills, int pauses, int redisKills, int pgRestarts, int cuts) {
        public int total() {
            return kills + pauses + redisKills + pgRestarts + cuts;
        }
    }

    public Scenario {
        if (store == Store.SQLITE && (nodes != 1 || faults.redisKills() > 0 || faults.pgRestarts() > 0)) {
            throw new IllegalArgumentException("embedded SQLite runs one node, without Redis or PostgreSQL faults");
        }
    }

    public int senders() {
        return nodes * load.sendersPerNode();
    }

    public String title() {
        return "chaos run %s, %d node(s), seed %d (repeat with -Dchaos.seed=%d)".formatted(
                store.name().toLowerCase(), nodes, seed, seed);
    }
}
