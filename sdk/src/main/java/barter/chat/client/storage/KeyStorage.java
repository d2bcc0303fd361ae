package barter.chat.client.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the key store's bytes live (private keys and peer pins, see {@code LocalKeyStore}). The SDK only reads and
 * replaces the whole content; how it is protected at rest is the implementation's business.
 *
 * <p>JVM default: {@link #file(Path)}, a file readable by its owner only. On Android, implement this interface over a
 * file encrypted with a key held in the Android Keystore (docs/sdk.md, "Key storage"), so the private keys are never
 * on the flash in clear.
 *
 * <p>Implementations must be thread-safe; {@link #replace} must be atomic (a reader sees the old or the new content,
 * never a mix) and durable when it returns.
 */
public interface KeyStorage {

    /** The stored content, or empty when nothing was stored yet. */
    Optional<byte[]> read() throws IOException;

    /** Replaces the content atomically; durable on return. */
    void replace(byte[] content) throws IOException;

    /** Where the content lives, for messages (a path, a name); never the content. */
    String describe();

    /**
     * A file with mode 0600 in a folder created 0700 where the file system is POSIX. Reading refuses a file that
     * group or others may read or write (someone copied it carelessly, or a umask widened it): fix it with
     * {@code chmod 600} rather than trust keys others may have seen or replaced.
     */
    static KeyStorage file(Path file) {
        return new PrivateFile(file);
    }
}
