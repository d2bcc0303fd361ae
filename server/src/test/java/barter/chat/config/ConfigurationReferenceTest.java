package barter.chat.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every variable the server reads has a row in docs/reference/configuration.md, so the reference cannot fall behind. */
class ConfigurationReferenceTest {

    @Test
    void everyVariableTheReaderReadsIsInTheReference() throws IOException {
        String reader = Files.readString(Path.of("src/main/java/barter/chat/config/ConfigReader.java"));
        Set<String> variables = new TreeSet<>();
        Matcher m = Pattern.compile("\"(CHAT_[A-Z_]+)\"").matcher(reader);
        while (m.find()) {
            variables.add(m.group(1));
        }
        assertThat(variables).as("the reader's variables").contains("CHAT_PORT", "CHAT_TRUSTED_PROXIES");
        String reference = Files.readString(Path.of("../docs/reference/configuration.md"));
        assertThat(variables).allSatisfy(variable -> assertThat(reference).contains("`" + variable + "`"));
    }
}
