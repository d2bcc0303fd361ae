package barter.chat.auth;

import barter.chat.config.JwtSettings;
import barter.chat.config.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** The embedded mode's HS256 secret: generated once into the data dir (mode 0600) and reused after. */
public final class JwtSecrets {
    static final String FILE_NAME = "jwt-secret";

    private JwtSecrets() {
    }

    /** The configured secrets if there are any, else the data dir's generated secret (without a kid). */
    public static List<JwtSettings.Secret> forVerification(JwtSettings jwt, Path dataDir) {
        return jwt.secrets().isEmpty() ? List.of(new JwtSettings.Secret(null, generated(dataDir))) : jwt.secrets();
    }

    /**
     * The data dir's secret, created if absent. The data dir is created 0700; a secret file readable or writable by
     * anyone but its owner is refused, since anyone who reads it can sign tokens for every user.
     */
    public static String generated(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            PrivateFiles.createDirectory(dataDir);
            if (!Files.exists(file)) {
                create(file);
            }
            PrivateFiles.requireOwnerOnly(file);
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the JWT secret " + file, e);
        }
    }

    /** Written to a private temporary file and moved into place, so no reader ever sees half a secret. */
    private static void create(Path file) throws IOException {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, secret + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
