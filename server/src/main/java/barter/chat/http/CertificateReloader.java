package barter.chat.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the TLS certificate without a restart: when either PEM file changes (checked every few seconds) or on
 * SIGHUP. A reload that fails (a half-written file) keeps the old certificate and is retried on the next change.
 */
final class CertificateReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

    private final SslContextFactory.Server factory;
    private final Path cert;
    private final Path key;
    private final Thread watcher;
    private sun.misc.SignalHandler previousHangup;
    private FileTime certSeen;
    private FileTime keySeen;

    CertificateReloader(SslContextFactory.Server factory, Path cert, Path key, Duration interval) {
        this.factory = factory;
        this.cert = cert;
        this.key = key;
        this.certSeen = modified(cert);
        this.keySeen = modified(key);
        this.watcher = Thread.ofVirtual().name("tls-reloader").start(() -> watch(interval));
        installHangupHandler();
    }

    private void watch(Duration interval) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(interval);
                FileTime certNow = modified(cert);
                FileTime keyNow = modified(key);
                if (!certNow.equals(certSeen) || !keyNow.equals(keySeen)) {
                    certSeen = certNow;
                    keySeen = keyNow;
                    reload("files changed");
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    @SuppressWarnings("restriction")
    private void installHangupHandler() {
        try {
            previousHangup = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload("SIGHUP"));
        } catch (IllegalArgumentException e) {
            log.info("SIGHUP is not available here; certificates reload on file change only");
        }
    }

    synchronized boolean reload(String why) {
        try {
            Tls.reload(factory, cert, key);
            log.info("TLS certificate reloaded ({})", why);
            return true;
        } catch (Exception e) {
            log.error("TLS certificate reload failed ({}); keeping the previous certificate", why, e);
            return false;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
        if (previousHangup != null) {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), previousHangup);
        }
    }
}
