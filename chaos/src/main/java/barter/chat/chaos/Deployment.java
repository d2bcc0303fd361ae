package barter.chat.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a run: the nodes, a fault proxy in front of each, and in cluster mode a private PostgreSQL and
 * Redis. Every fault the nemesis injects goes through here.
 */
final class Deployment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);
    static final String SECRET = "chaos-suite-shared-secret-0123456789abcdef";
    static final String ISSUER = "https://id.chaos.barter.example";
    static final String AUDIENCE = "barter-chat-chaos";
    private static final String HIGH_LIMIT = "100000,100000/s";

    private final List<ServerNode> nodes = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private Postgres postgres;
    private Redis redis;
    private boolean redisDown;

    /** Starts everything the scenario needs; on failure, stops what already started. */
    static Deployment start(Scenario scenario) {
        Deployment deployment = new Deployment();
        try {
            deployment.startServices(scenario);
            deployment.startNodes(scenario);
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    private void startServices(Scenario scenario) {
        if (scenario.store() != Scenario.Store.POSTGRES) {
            return;
        }
        Path pgDir = scenario.workDir().resolve("pg");
        mkdirs(pgDir);
        postgres = Postgres.create(pgDir, freePort(), scenario.workDir().resolve("postgres.log"));
        postgres.start();
        postgres.createDatabase("chat");
        redis = new Redis(freePort(), scenario.workDir().resolve("redis.log"));
        redis.start();
    }

    private void startNodes(Scenario scenario) {
        String prefix = "chaos-" + scenario.seed() + "-" + System.nanoTime() + ":";
        for (int i = 0; i < scenario.nodes(); i++) {
            String name = "n" + (i + 1);
            int port = freePort();
            ServerNode node = new ServerNode(name, port, env(scenario, name, port, prefix), scenario.serverJar(),
                    scenario.workDir().resolve(name + ".log"));
            nodes.add(node);
            proxies.add(new FaultProxy(name, port));
        }
        // the first node alone runs the migrations; the others then start side by side
        nodes.getFirst().start();
        List<Thread> others = nodes.stream().skip(1).map(n -> Thread.ofVirtual().start(n::start)).toList();
        others.forEach(Deployment::join);
        nodes.stream().filter(n -> !n.up()).findFirst().ifPresent(n -> {
            throw new IllegalStateException("node " + n.name() + " did not start; see " + n.log());
        });
        LOG.info("{} node(s) ready: {}", nodes.size(), endpoints());
    }

    private Map<String, String> env(Scenario scenario, String name, int port, String prefix) {
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_PORT", Integer.toString(port));
        env.put("CHAT_DATA_DIR", scenario.workDir().resolve(scenario.nodes() == 1 ? "data" : "data-" + name).toString());
        env.put("CHAT_JWT_SECRET", SECRET);
        // cluster mode requires both; set in every mode so the clients' tokens are the same everywhere
        env.put("CHAT_JWT_ISSUER", ISSUER);
        env.put("CHAT_JWT_AUDIENCE", AUDIENCE);
        // the server's pings are the clients' sign of life: it does not answer theirs (see chaos/README.md)
        env.put("CHAT_WS_PING_INTERVAL", "PT1S");
        // a long run can leave more than the default quota unread for one user; this suite checks delivery, not quotas
        env.put("CHAT_MAX_INBOX_MESSAGES", "100000000");
        for (String limit : List.of("MESSAGES", "CONNECTS", "HTTP", "KEYS")) {
            env.put("CHAT_LIMIT_" + limit, HIGH_LIMIT);
        }
        if (postgres != null) {
            env.put("CHAT_DB_URL", postgres.url("chat"));
            env.put("CHAT_DB_USER", Postgres.USER);
            env.put("CHAT_REDIS_URL", redis.url());
            env.put("CHAT_REDIS_PREFIX", prefix);
            env.put("CHAT_NODE_ID", name);
        }
        return env;
    }

    List<Net.Endpoint> endpoints() {
        List<Net.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            endpoints.add(new Net.Endpoint(nodes.get(i).name(), proxies.get(i).port()));
        }
        return endpoints;
    }

    List<ServerNode> nodes() {
        return List.copyOf(nodes);
    }

    String nodeName(int node) {
        return nodes.get(node).name();
    }

    void kill(int node) {
        nodes.get(node).kill();
    }

    void restart(int node) {
        nodes.get(node).start();
    }

    void pause(int node) {
        nodes.get(node).pause();
    }

    void resume(int node) {
        nodes.get(node).resume();
    }

    int cut(int node) {
        return proxies.get(node).cut();
    }

    synchronized void killRedis() {
        redis.kill();
        redisDown = true;
    }

    synchronized void startRedis() {
        redis.start();
        redisDown = false;
    }

    void restartPostgres() {
        postgres.restart();
    }

    /** After the nemesis: every node running and not paused, Redis up. */
    synchronized void heal() {
        if (redis != null && redisDown) {
            startRedis();
        }
        for (ServerNode node : nodes) {
            if (!node.up()) {
                LOG.info("healing {}", node.name());
                node.heal();
            }
        }
    }

    @Override
    public void close() {
        proxies.forEach(FaultProxy::close);
        nodes.forEach(ServerNode::close);
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
