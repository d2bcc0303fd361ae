package barter.chat.chaos;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long run inside the build: {@code ./mvnw -pl chaos verify -Dchaos.long=true -Dchaos.store=postgres
 * -Dchaos.messages=100000 -Dchaos.kills=20 -Dchaos.seed=7}. Every {@code -Dchaos.<option>} is the
 * {@link ChaosMain} option of the same name.
 */
@EnabledIfSystemProperty(named = "chaos.long", matches = "true",
        disabledReason = "the long run is opt-in: -Dchaos.long=true (see chaos/README.md and docs/reliability.md)")
class LongChaosIT {
    private static final String[] OPTIONS = {"store", "nodes", "messages", "rate", "senders-per-node", "recipients",
            "window", "kills", "pauses", "cuts", "redis-kills", "pg-restarts", "grace", "stuck-after"};

    @Test
    void longRunDeliversEveryAcceptedMessage() throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String option : OPTIONS) {
            String value = System.getProperty("chaos." + option);
            if (value != null) {
                options.put(option, value);
            }
        }
        String seed = System.getProperty("chaos.seed", Long.toString(System.nanoTime() & ((1L << 40) - 1)));
        options.put("seed", seed);
        options.put("server-jar", ChaosIT.serverJar().toString());
        options.put("work-dir", ChaosIT.fresh("long-" + options.getOrDefault("store", "sqlite") + "-" + seed).toString());
        ChaosIT.check(ChaosMain.scenario(options));
    }
}
