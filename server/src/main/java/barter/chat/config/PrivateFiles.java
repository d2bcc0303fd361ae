package barter.chat.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Files and folders only their owner may read: the data dir, the SQLite store, the generated secret. */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates the folder (and missing parents of it) with mode 0700; an existing folder is left as it is. */
    public static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Creates an empty file with mode 0600 if there is none (SQLite then gives its WAL files the same mode). */
    public static void createFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }

    /** Refuses a file that its group or others may read, write or run. */
    public static void requireOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> loose = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        loose.retainAll(OTHERS);
        if (!loose.isEmpty()) {
            throw new IOException(file + " has mode " + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)) + "; it holds a secret, so only its owner may have access: "
                    + "chmod 600 " + file);
        }
    }
}
