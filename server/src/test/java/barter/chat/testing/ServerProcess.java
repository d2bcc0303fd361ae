package barter.chat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

/** The packaged server jar running as a separate JVM, for tests that kill or signal the process. */
public final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The jar failsafe built ({@code server.jar} system property). */
    public static Path jar() {
        String jar = System.getProperty("server.jar");
        assertThat(jar).as("system property server.jar (set by failsafe)").isNotNull();
        Path path = Path.of(jar).toAbsolutePath();
        assertThat(path).exists();
        return path;
    }

    /** {@code java} of the JDK running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} in {@code workingDir} with {@code env} on top of an environment cleared of CHAT_*
     * variables, logs to {@code log}, and waits until {@code /health/ready} answers 200.
     */
    public static ServerProcess start(List<String> command, Path workingDir, Map<String, String> env, int port,
                                      Path log) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CHAT_"));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess server = new ServerProcess(process, port, log);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("the server process exited", () -> !process.isAlive())
                    .until(() -> server.readyStatus() == 200);
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError("the server did not become ready; log:\n" + server.log(), e);
        }
        return server;
    }

    /** {@code java -jar <server.jar>} with the given environment (CHAT_PORT is set to {@code port}). */
    public static ServerProcess startJar(Map<String, String> env, int port, Path log) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CHAT_PORT", Integer.toString(port));
        return start(List.of(java(), "-jar", jar().toString()), jar().getParent(), all, port, log);
    }

    public int readyStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL, then wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(30),
                    java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
