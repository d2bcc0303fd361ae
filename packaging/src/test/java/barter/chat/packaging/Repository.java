package barter.chat.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of this repository that the packaging tests read (tests run in the packaging module's folder). */
final class Repository {
    private static final Pattern VARIABLE = Pattern.compile("\"(CHAT_[A-Z0-9_]+)\"");

    private Repository() {
    }

    static Path root() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String relative) {
        try {
            return new YAMLMapper().readTree(read(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + relative, e);
        }
    }

    /** Every variable the server's configuration reader knows (the names it looks up). */
    static Set<String> configurationVariables() {
        Set<String> names = new TreeSet<>();
        Matcher m = VARIABLE.matcher(read("server/src/main/java/barter/chat/config/ConfigReader.java"));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
