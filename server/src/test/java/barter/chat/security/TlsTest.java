package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS from PEM files made in the test: protocol versions, cipher suites, plaintext on the TLS port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {
    private Path dir;
    private TestServer server;
    private TestCertificates.Pair certificate;
    private SSLContext trusting;

    @BeforeAll
    void startServer(@TempDir Path dir) {
        this.dir = dir;
        certificate = TestCertificates.generate(dir, "localhost");
        trusting = TestCertificates.trusting(certificate);
        server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of(
                "CHAT_TLS_CERT", certificate.cert().toString(), "CHAT_TLS_KEY", certificate.key().toString()));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private HttpClient client(String... protocols) {
        return HttpClient.newBuilder().sslContext(trusting).sslParameters(new SSLParameters(null, protocols))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> send(HttpClient client, String method, String url, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String https(String path) {
        return "https://localhost:" + server.port() + path;
    }

    @Test
    void httpsWorksOverTls13AndPresentsTheConfiguredCertificate() throws Exception {
        HttpResponse<String> response = send(client("TLSv1.3"), "GET", https("/health/live"), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        SSLSession session = response.sslSession().orElseThrow();
        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(((java.security.cert.X509Certificate) session.getPeerCertificates()[0]).getSerialNumber())
                .isEqualTo(certificate.serial());
    }

    @Test
    void httpsWorksOverTls12WithAnAeadCipherSuite() throws Exception {
        HttpResponse<String> response = send(client("TLSv1.2"), "PUT", https("/v1/keys"),
                server.token(Wire.uniqueUser("alice")), TestKeys.generate().json());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        SSLSession session = response.sslSession().orElseThrow();
        assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
        assertThat(session.getCipherSuite()).containsAnyOf("_GCM_", "CHACHA20_POLY1305");
    }

    @Test
    void theServerRefusesTls11AndNonAeadSuitesThatTheClientOffers() {
        String target = "127.0.0.1:" + server.port();
        TestCertificates.Result tls12 = TestCertificates.run(dir, "openssl", "s_client", "-connect", target,
                "-tls1_2");
        assertThat(tls12.exitCode()).as("control: openssl speaks TLS 1.2 here\n%s", tls12.output()).isZero();

        // SECLEVEL=0 lets this openssl offer TLS 1.1 at all, so the refusal is the server's
        TestCertificates.Result tls11 = TestCertificates.run(dir, "openssl", "s_client", "-connect", target,
                "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertThat(tls11.exitCode()).as(tls11.output()).isNotZero();
        assertThat(tls11.output()).as("the server's alert").contains("alert protocol version");

        TestCertificates.Result cbc = TestCertificates.run(dir, "openssl", "s_client", "-connect", target,
                "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA");
        assertThat(cbc.exitCode()).as(cbc.output()).isNotZero();
        assertThat(cbc.output()).as("the server's alert").contains("alert handshake failure");
    }

    @Test
    void plaintextHttpToTheTlsPortFailsCleanlyAndTheServerStaysUp() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Throwable failure = catchThrowable(() -> {
            HttpResponse<String> r = send(plain, "GET", "http://localhost:" + server.port() + "/health/live", null, null);
            assertThat(r.statusCode()).as("a plaintext request must not be served").isBetween(400, 499);
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(IOException.class);
        }
        assertThat(send(client("TLSv1.3"), "GET", https("/health/live"), null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void wssCarriesMessagesAndPlainWsIsRefused() throws Exception {
        HttpClient client = client("TLSv1.3", "TLSv1.2");
        String alice = Wire.uniqueUser("alice");
        String bob = Wire.uniqueUser("bob");
        for (String user : new String[] {alice, bob}) {
            assertThat(send(client, "PUT", https("/v1/keys"), server.token(user), TestKeys.generate().json())
                    .statusCode()).isEqualTo(200);
        }
        URI wss = URI.create("wss://localhost:" + server.port() + "/v1/ws");
        try (TestClient a = TestClient.connect(client, wss, server.token(alice));
             TestClient b = TestClient.connect(client, wss, server.token(bob))) {
            a.untilQueueEmpty();
            b.untilQueueEmpty();
            a.send(Wire.send(bob, "over tls"));
            long id = a.next(ServerFrame.Accepted.class).messageId();
            ServerFrame.Message message = b.next(ServerFrame.Message.class);
            assertThat(message.messageId()).isEqualTo(id);
            assertThat(Wire.text(message.body())).isEqualTo("over tls");
        }
        URI ws = URI.create("ws://localhost:" + server.port() + "/v1/ws");
        assertThat(catchThrowable(() -> TestClient.connect(HttpClient.newHttpClient(), ws, server.token(alice))))
                .as("plain ws:// to the TLS port").isNotNull();
    }
}
