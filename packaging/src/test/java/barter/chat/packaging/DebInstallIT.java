package barter.chat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.ServerProcess;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the built .deb on this machine, runs the unit's ExecStart the way systemd would (as the unit's user,
 * with its Environment= and EnvironmentFile=, in its state directory) on a free port, checks readiness and a
 * message round trip over a real WebSocket with tokens from the {@code barter-chat} command, then purges the
 * package whatever happened. Embedded mode: the machine's PostgreSQL and Redis are not touched.
 */
class DebInstallIT {
    private static final String PACKAGE = "barter-chat-server";
    private static final Path UNIT = Path.of("/lib/systemd/system/barter-chat.service");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @TempDir
    Path dir;

    @Test
    void theDebInstallsServesAsItsUnitWouldAndPurgesCleanly() throws Exception {
        Path deb = builtDeb();
        skipUnless(deb != null, "no .deb was built in " + Path.of(System.getProperty("package.dir", "target"))
                + " (build.sh prints why)");
        skipUnless(run("id", "-u").output().strip().equals("0"), "installing a package needs root");
        skipUnless(onPath("dpkg"), "dpkg is not installed");
        skipUnless(!run("dpkg-query", "-W", "-f=${Status}", PACKAGE).output().contains("installed"),
                PACKAGE + " is already installed on this machine: not ours to purge");
        skipUnless(!Files.exists(Path.of("/etc/barter-chat")) && !Files.exists(Path.of("/var/lib/barter-chat")),
                "/etc/barter-chat or /var/lib/barter-chat exists: not ours to delete");
        try {
            Result install = run("dpkg", "-i", deb.toString());
            assertThat(install.exit()).as("dpkg -i: %s", install.output()).isZero();
            checkInstalledFiles();
            verifyUnit();
            serveAsTheUnitWould(SystemdUnit.parse(Files.readString(UNIT)));
        } finally {
            Result purge = run("dpkg", "--purge", PACKAGE);
            assertThat(purge.exit()).as("dpkg --purge: %s", purge.output()).isZero();
        }
        assertThat(Path.of("/opt/barter-chat-server")).as("purged").doesNotExist();
        assertThat(UNIT).doesNotExist();
        assertThat(Path.of("/usr/bin/barter-chat")).doesNotExist();
        assertThat(Path.of("/etc/barter-chat")).doesNotExist();
        assertThat(Path.of("/var/lib/barter-chat")).doesNotExist();
        assertThat(run("getent", "passwd", "barter-chat").exit()).as("the service user is gone").isNotZero();
    }

    private static void checkInstalledFiles() throws IOException {
        assertThat(UNIT).exists();
        assertThat(Path.of("/usr/bin/barter-chat")).isExecutable();
        assertThat(Path.of("/opt/barter-chat-server/lib/runtime/bin/java")).as("its own runtime").isExecutable();
        Path env = Path.of("/etc/barter-chat/barter-chat.env");
        PosixFileAttributes attributes = Files.readAttributes(env, PosixFileAttributes.class);
        assertThat(attributes.group().getName()).isEqualTo("barter-chat");
        assertThat(attributes.permissions().toString()).as("not readable by others").doesNotContain("OTHERS_READ");
        assertThat(run("getent", "passwd", "barter-chat").output()).as("a system user without a login shell")
                .contains("/usr/sbin/nologin");
    }

    private static void verifyUnit() {
        if (!onPath("systemd-analyze")) {
            System.out.println("SKIPPED systemd-analyze verify: systemd-analyze is not installed (apt-get install systemd)");
            return;
        }
        Result verify = run("systemd-analyze", "verify", UNIT.toString());
        assertThat(verify.exit()).as("systemd-analyze verify: %s", verify.output()).isZero();
        assertThat(verify.output()).as("no complaint about our unit").doesNotContain("barter-chat");
    }

    private void serveAsTheUnitWould(SystemdUnit unit) throws Exception {
        String user = unit.single("User");
        Path state = Path.of("/var/lib").resolve(unit.single("StateDirectory"));
        // what systemd does for StateDirectory= before ExecStart
        Files.createDirectories(state);
        assertThat(run("chown", user + ":" + unit.single("Group"), state.toString()).exit()).isZero();
        assertThat(run("chmod", unit.single("StateDirectoryMode"), state.toString()).exit()).isZero();

        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + unit.single("Group"),
                "--init-groups", "--", "env", "-i"));
        command.addAll(serviceEnvironment(user));
        command.addAll(unit.values("Environment"));
        for (String file : unit.values("EnvironmentFile")) {
            Files.readAllLines(Path.of(file.startsWith("-") ? file.substring(1) : file)).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(command::add);
        }
        command.add("CHAT_PORT=" + port); // a drop-in would do this; 8080 may be taken here
        command.addAll(List.of(unit.single("ExecStart").split(" ")));

        try (ServerProcess server = ServerProcess.start(command, Path.of(unit.single("WorkingDirectory")), java.util.Map.of(),
                port, dir.resolve("server.log"))) {
            assertThat(server.readyStatus()).isEqualTo(200);
            assertThat(Files.getOwner(state.resolve("chat.db")).getName()).as("the store belongs to the unit's user")
                    .isEqualTo(user);
            roundTrip(port, user);
            server.process().destroy();
            assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            assertThat(server.log()).contains("shut down");
        }
    }

    /** What systemd gives a service with User= (and sudo -u a command): PATH, HOME, USER, LOGNAME, SHELL. */
    private static List<String> serviceEnvironment(String user) {
        String[] passwd = run("getent", "passwd", user).output().strip().split(":");
        return List.of("PATH=" + PATH, "HOME=" + passwd[5], "USER=" + user, "LOGNAME=" + user, "SHELL=" + passwd[6]);
    }

    /** Tokens from `barter-chat token` (the command on the PATH, as the unit's user), keys, and one message. */
    private static void roundTrip(int port, String user) {
        String alice = token(user, "alice");
        String bob = token(user, "bob");
        publishKeys(port, alice);
        publishKeys(port, bob);
        try (TestClient bobClient = TestClient.connect(port, bob); TestClient aliceClient = TestClient.connect(port, alice)) {
            bobClient.untilQueueEmpty();
            aliceClient.untilQueueEmpty();
            String id = UUID.randomUUID().toString();
            aliceClient.send(new ClientFrame.Send(id, "bob", "aGVsbG8gZnJvbSB0aGUgLmRlYg=="));
            assertThat(aliceClient.next(ServerFrame.Accepted.class).id()).isEqualTo(id);
            ServerFrame.Message message = bobClient.next(ServerFrame.Message.class);
            assertThat(message.from()).isEqualTo("alice");
            assertThat(message.body()).isEqualTo("aGVsbG8gZnJvbSB0aGUgLmRlYg==");
        }
    }

    private static String token(String user, String subject) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups",
                "--", "env", "-i"));
        command.addAll(serviceEnvironment(user));
        command.addAll(List.of("barter-chat", "token", subject));
        Result token = run(command.toArray(String[]::new));
        assertThat(token.exit()).as("barter-chat token: %s", token.output()).isZero();
        assertThat(token.output().strip()).as("only the token is printed").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        return token.output().strip();
    }

    private static void publishKeys(int port, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/keys"))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(TestKeys.generate().json())).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path builtDeb() throws IOException {
        Path target = Path.of(System.getProperty("package.dir", "target"));
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(PACKAGE + "_[0-9.]+_amd64\\.deb"))
                    .findFirst().orElse(null);
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED the .deb install test: " + reason);
        }
        assumeTrue(condition, reason);
    }

    private static boolean onPath(String tool) {
        return run("sh", "-c", "command -v " + tool).exit() == 0;
    }

    record Result(int exit, String output) {
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
