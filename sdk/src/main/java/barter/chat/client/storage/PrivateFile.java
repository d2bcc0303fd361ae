package barter.chat.client.storage;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link KeyStorage#file}: a secret file, written as a 0600 temporary file in the same folder and then renamed
 * atomically over the target; its folder is created 0700. On a non-POSIX file system (Windows) the modes are the
 * platform's defaults.
 */
final class PrivateFile implements KeyStorage {
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    PrivateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public synchronized Optional<byte[]> read() throws IOException {
        try {
            if (posix) {
                Set<PosixFilePermission> open = EnumSet.copyOf(Files.getPosixFilePermissions(file));
                open.retainAll(NOT_OWNER);
                if (!open.isEmpty()) {
                    throw new IOException(file + " has mode "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                            + ": a key store must be readable by its owner only; run chmod 600 " + file);
                }
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void replace(byte[] content) throws IOException {
        Path dir = file.getParent();
        if (posix) {
            Files.createDirectories(dir, mode("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
        // Created 0600 from the start, so the secret is never readable by others, not even briefly.
        Path temp = posix ? Files.createTempFile(dir, ".keystore", ".tmp", mode("rw-------"))
                : Files.createTempFile(dir, ".keystore", ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    private static FileAttribute<Set<PosixFilePermission>> mode(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
