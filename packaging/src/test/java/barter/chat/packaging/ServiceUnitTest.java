package barter.chat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The systemd unit and the configuration file the .deb installs. */
class ServiceUnitTest {
    private final String unit = Repository.read("packaging/src/share/barter-chat.service");

    @Test
    void theUnitRunsHardenedAsItsOwnUserWithItsStateDirectory() {
        assertThat(SystemdUnit.parse(unit).values("User")).containsExactly("barter-chat");
        assertThat(unit.lines()).contains("StateDirectory=barter-chat", "ProtectSystem=strict", "NoNewPrivileges=true",
                "PrivateTmp=true", "Restart=on-failure", "EnvironmentFile=/etc/barter-chat/barter-chat.env",
                "Environment=CHAT_DATA_DIR=/var/lib/barter-chat");
    }

    @Test
    void theDescriptorLimitLeavesRoomForTheDefaultConnectionLimit() {
        Matcher limit = Pattern.compile("(?m)^LimitNOFILE=(\\d+)$").matcher(unit);
        assertThat(limit.find()).isTrue();
        Matcher connections = Pattern.compile("integer\\(\"CHAT_MAX_CONNECTIONS\", ([0-9_]+),")
                .matcher(Repository.read("server/src/main/java/barter/chat/config/ConfigReader.java"));
        assertThat(connections.find()).as("the default of CHAT_MAX_CONNECTIONS in ConfigReader").isTrue();
        int maxConnections = Integer.parseInt(connections.group(1).replace("_", ""));
        assertThat(Integer.parseInt(limit.group(1))).as("one descriptor per connection, plus pools and files")
                .isGreaterThanOrEqualTo(maxConnections + 1024);
    }

    @Test
    void theEnvironmentFileListsEveryVariableCommentedOut() {
        List<String> lines = Repository.read("packaging/src/share/barter-chat.env").lines().toList();
        Set<String> listed = new TreeSet<>();
        for (String line : lines) {
            assertThat(line).as("every line is a comment or blank: nothing is set by default")
                    .satisfiesAnyOf(l -> assertThat(l).isBlank(), l -> assertThat(l).startsWith("#"));
            Matcher m = Pattern.compile("^#(CHAT_[A-Z0-9_]+)=").matcher(line);
            if (m.find()) {
                listed.add(m.group(1));
            }
        }
        assertThat(listed).isEqualTo(Repository.configurationVariables());
    }
}
