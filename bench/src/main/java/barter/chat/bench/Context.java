package barter.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** What every scenario gets: the server, the network clients, tokens, and a run prefix for unique user ids. */
record Context(Target target, Net net, Identity identity, String runId) {

    static String newRunId() {
        return "b" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
    }

    String user(String role, int i) {
        return runId + role + i;
    }

    /** Publishes fresh keys for every user (so they can be sent to), {@code parallelism} requests at a time. */
    void publishKeys(List<String> users, int parallelism) {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelism, Thread.ofVirtual().factory())) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (String user : users) {
                all.add(CompletableFuture.runAsync(() -> {
                    var response = net.request("PUT", "/v1/keys", identity.token(user), Identity.freshKeysJson());
                    if (response.getStatus() != 200) {
                        throw new IllegalStateException("PUT /v1/keys for " + user + ": " + response.getStatus() + " "
                                + response.getContentAsString());
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
    }

    /**
     * Opens the connections ({@code inFlight} handshakes at a time) and waits until each has had its
     * {@code queue_empty}, so the server has fully registered it.
     */
    List<Conn> connectAll(List<Conn> conns, int inFlight, long timeoutSeconds) {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<Conn>> ready = new ArrayList<>(conns.size());
        for (Conn conn : conns) {
            permits.acquireUninterruptibly();
            CompletableFuture<Conn> f = conn.connect(net, identity.token(conn.userId))
                    .thenCompose(c -> c.queueEmpty)
                    .whenComplete((c, e) -> permits.release());
            ready.add(f);
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            long failed = ready.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            throw new IllegalStateException(failed + " of " + conns.size() + " connections failed: " + e, e);
        }
        return conns;
    }
}
