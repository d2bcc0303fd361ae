package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation without a restart: new PEM files are picked up by the file watcher (polled every 2 s), and
 * on SIGHUP. Every check opens a fresh client context, so no TLS session is resumed with the old certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsCertificateReloadTest {
    private Path dir;
    private Path cert;
    private Path key;
    private TestServer server;
    private TestCertificates.Pair first;
    private TestCertificates.Pair second;
    private TestCertificates.Pair third;

    @BeforeAll
    void startServer(@TempDir Path dir) throws IOException {
        this.dir = dir;
        first = TestCertificates.generate(dir, "first");
        second = TestCertificates.generate(dir, "second");
        third = TestCertificates.generate(dir, "third");
        cert = dir.resolve("server.crt");
        key = dir.resolve("server.key");
        Files.copy(first.cert(), cert);
        Files.copy(first.key(), key);
        server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of(
                "CHAT_TLS_CERT", cert.toString(), "CHAT_TLS_KEY", key.toString()));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    /** The serial number of the certificate a brand-new handshake is shown. */
    private BigInteger presentedSerial() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestCertificates.trusting(first, second, third))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port() + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }

    @Test
    @Order(1)
    void replacedCertificateFilesArePresentedToNewHandshakesWithoutARestart() throws Exception {
        assertThat(presentedSerial()).isEqualTo(first.serial());
        int port = server.port();
        // key first, then the certificate, each replaced atomically as a deployment tool would
        Files.copy(second.key(), dir.resolve("key.tmp"));
        Files.move(dir.resolve("key.tmp"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.copy(second.cert(), dir.resolve("cert.tmp"));
        Files.move(dir.resolve("cert.tmp"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> presentedSerial().equals(second.serial()));
        assertThat(server.port()).isEqualTo(port);
    }

    @Test
    @Order(2)
    void sighupReloadsTheCertificateEvenWhenTheFileTimesDidNotChange() throws Exception {
        assertThat(presentedSerial()).isEqualTo(second.serial());
        // the new files keep the old modification times, so only the signal can trigger the reload
        FileTime certTime = Files.getLastModifiedTime(cert);
        FileTime keyTime = Files.getLastModifiedTime(key);
        Files.copy(third.key(), dir.resolve("key.tmp"));
        Files.setLastModifiedTime(dir.resolve("key.tmp"), keyTime);
        Files.copy(third.cert(), dir.resolve("cert.tmp"));
        Files.setLastModifiedTime(dir.resolve("cert.tmp"), certTime);
        Files.move(dir.resolve("key.tmp"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve("cert.tmp"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(presentedSerial()).as("no reload before the signal").isEqualTo(second.serial());

        TestCertificates.run(dir, "kill", "-HUP", Long.toString(ProcessHandle.current().pid()));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> presentedSerial().equals(third.serial()));
    }
}
