package barter.chat.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of several JWT keys in one variable: comma-separated {@code kid=value} entries. A value that is not
 * such a list is one key without a kid, exactly as before kids existed, so existing configurations keep their
 * meaning. Problems are reported without the secret itself.
 */
final class KeyLists {
    static final int MIN_SECRET_BYTES = 32;
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_.-]{1,64})=([^=].*)");

    private KeyLists() {
    }

    /**
     * {@code kid=secret[,kid=secret...]} when every entry has that form; any other value is one secret. A base64
     * secret has {@code =} only as padding at its end, so it is never mistaken for a list; a generated secret has
     * none. Every secret must have at least 32 bytes.
     */
    static List<JwtSettings.Secret> secrets(String value, List<String> problems) {
        List<JwtSettings.Secret> list = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            Matcher m = ENTRY.matcher(entry.trim());
            if (!m.matches()) {
                list = null;
                break;
            }
            list.add(new JwtSettings.Secret(m.group(1), m.group(2)));
        }
        if (list == null) {
            list = List.of(new JwtSettings.Secret(null, value));
        }
        for (JwtSettings.Secret secret : list) {
            if (bytes(secret.value()) < MIN_SECRET_BYTES) {
                problems.add("CHAT_JWT_SECRET: must be at least " + MIN_SECRET_BYTES + " bytes (got "
                        + bytes(secret.value()) + ")");
            }
        }
        uniqueKids("CHAT_JWT_SECRET", list.stream().map(JwtSettings.Secret::kid).toList(), problems);
        return list;
    }

    /**
     * A readable file is one key without a kid (the meaning before kids existed); otherwise comma-separated
     * {@code kid=file} entries, each naming a readable file.
     */
    static List<JwtSettings.KeyFile> publicKeys(String value, List<String> problems) {
        if (Files.isReadable(Path.of(value.trim()))) {
            return List.of(new JwtSettings.KeyFile(null, Path.of(value.trim())));
        }
        List<JwtSettings.KeyFile> list = new ArrayList<>();
        for (String entry : value.split(",")) {
            Matcher m = ENTRY.matcher(entry.trim());
            if (!m.matches()) {
                problems.add("CHAT_JWT_PUBLIC_KEY=" + value + ": '" + entry.trim() + "' is neither a readable file "
                        + "nor kid=file");
                continue;
            }
            Path file = Path.of(m.group(2).trim());
            if (!Files.isReadable(file)) {
                problems.add("CHAT_JWT_PUBLIC_KEY=" + value + ": " + file + " does not exist or is not readable");
            }
            list.add(new JwtSettings.KeyFile(m.group(1), file));
        }
        uniqueKids("CHAT_JWT_PUBLIC_KEY", list.stream().map(JwtSettings.KeyFile::kid).toList(), problems);
        return list;
    }

    private static void uniqueKids(String variable, List<String> kids, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String kid : kids) {
            if (kid != null && !seen.add(kid)) {
                problems.add(variable + ": the key id '" + kid + "' is used twice");
            }
        }
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
