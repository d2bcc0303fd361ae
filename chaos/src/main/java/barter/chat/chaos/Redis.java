package barter.chat.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private Redis on its own port, without persistence: a SIGKILL and restart loses every key and subscription,
 * which is exactly the outage the cluster must survive.
 */
final class Redis implements AutoCloseable {
    private final int port;
    private final Path log;
    private final String binary;
    private OsProcess process;

    Redis(int port, Path log) {
        this.port = port;
        this.log = log;
        this.binary = find();
    }

    private static String find() {
        return Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new MissingPrerequisite("redis-server is not on the PATH; the cluster run needs it"));
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    synchronized void start() {
        List<String> command = List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no");
        process = OsProcess.start("redis", command, Map.of(), log);
        Readiness.await("redis", process, Duration.ofSeconds(20), this::answersPing);
    }

    synchronized void kill() {
        process.kill();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.alive()) {
            process.kill();
        }
    }
}
