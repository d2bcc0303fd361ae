package barter.chat.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One server node: the packaged jar as its own JVM, on a fixed port (so its proxy keeps pointing at it across
 * restarts), appending to one log file over all its lives.
 */
final class ServerNode implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** A restart on a busy 2-core machine, with the other nodes and the clients running, can take a while. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** Small heaps and one GC thread: three nodes, the databases and the clients share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");

    private final String name;
    private final int port;
    private final Map<String, String> env;
    private final Path jar;
    private final Path log;
    private OsProcess process;
    private boolean paused;

    ServerNode(String name, int port, Map<String, String> env, Path jar, Path log) {
        this.name = name;
        this.port = port;
        this.env = Map.copyOf(env);
        this.jar = jar;
        this.log = log;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Starts the JVM and waits until {@code /health/ready} answers 200. */
    synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        process = OsProcess.start(name, command, env, log);
        paused = false;
        try {
            Readiness.await("node " + name, process, READY_TIMEOUT, this::ready);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the end of " + log + ":\n" + logTail(), e);
        }
    }

    private String logTail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    synchronized void kill() {
        process.kill();
    }

    synchronized void pause() {
        process.signal("STOP");
        paused = true;
    }

    synchronized void resume() {
        process.signal("CONT");
        paused = false;
    }

    /** Resumes a paused node and starts a dead one. */
    synchronized void heal() {
        if (paused) {
            resume();
        }
        if (process == null || !process.alive()) {
            start();
        }
    }

    synchronized boolean up() {
        return process != null && process.alive() && !paused;
    }

    private boolean ready() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.alive()) {
            if (paused) {
                resume();
            }
            process.kill();
        }
    }
}
