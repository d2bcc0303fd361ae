package barter.chat.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS/WSS from PEM files: a certificate chain (leaf first) and a PKCS#8 private key ({@code BEGIN PRIVATE KEY};
 * convert others with {@code openssl pkcs8 -topk8 -nocrypt}). TLS 1.2 and 1.3 only, AEAD cipher suites only.
 */
final class Tls {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

    private Tls() {
    }

    static SslContextFactory.Server contextFactory(Path certFile, Path keyFile) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore(certFile, keyFile));
        factory.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
        factory.setIncludeProtocols(PROTOCOLS);
        factory.setIncludeCipherSuites(CIPHER_SUITES);
        return factory;
    }

    /** Loads the PEM files again into a running factory; open connections keep their session. */
    static void reload(SslContextFactory.Server factory, Path certFile, Path keyFile) throws Exception {
        KeyStore fresh = keyStore(certFile, keyFile);
        factory.reload(f -> f.setKeyStore(fresh));
    }

    static ServerConnector connector(Server server, HttpConfiguration base, SslContextFactory.Server factory,
                                     int port) {
        HttpConfiguration https = new HttpConfiguration(base);
        // clients reach us by IP or by names the operator chose; the certificate is the operator's business
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(factory, "http/1.1"), new HttpConnectionFactory(https));
        connector.setPort(port);
        return connector;
    }

    static KeyStore keyStore(Path certFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("CHAT_TLS_CERT=" + certFile + ": no certificate found");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey(keyFile), IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CHAT_TLS_CERT/CHAT_TLS_KEY: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path keyFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("CHAT_TLS_KEY=" + keyFile
                    + ": expected a PKCS#8 'BEGIN PRIVATE KEY' (convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("CHAT_TLS_KEY=" + keyFile + ": not an RSA, EC or Ed25519 key", last);
    }
}
