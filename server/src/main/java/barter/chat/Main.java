package barter.chat;

import barter.chat.auth.TokenCommand;
import barter.chat.config.ChatConfig;
import barter.chat.config.ConfigException;
import barter.chat.ops.Backup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: no arguments serves; {@code token <userId> ...} prints a signed token (see {@link TokenCommand});
 * {@code backup --to FILE} and {@code restore --from FILE} copy the embedded store online (see {@link Backup});
 * {@code --config <file>} reads a properties file with the same keys as the environment.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        ChatConfig config;
        try {
            config = readConfig(rest);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (config.jsonLogs()) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        if (!rest.isEmpty() && rest.get(0).equals("token")) {
            System.exit(new TokenCommand(config, Clock.systemUTC()).run(rest.subList(1, rest.size()), System.out,
                    System.err));
        }
        if (rest.size() == 3 && rest.get(0).equals("backup") && rest.get(1).equals("--to")) {
            System.exit(backupOrRestore(config, true, Path.of(rest.get(2))));
        }
        if (rest.size() == 3 && rest.get(0).equals("restore") && rest.get(1).equals("--from")) {
            System.exit(backupOrRestore(config, false, Path.of(rest.get(2))));
        }
        if (!rest.isEmpty()) {
            System.err.println("unknown arguments " + rest + "; usage: [--config file] [token <userId> [--admin] "
                    + "[--ttl PT1H] [--kid KID] [--force] | backup --to FILE | restore --from FILE]");
            System.exit(2);
        }
        serve(config);
    }

    private static ChatConfig readConfig(List<String> args) {
        int at = args.indexOf("--config");
        if (at < 0) {
            return ChatConfig.fromEnv(System.getenv());
        }
        if (at + 1 >= args.size()) {
            throw new ConfigException(List.of("--config needs a file"));
        }
        Path file = Path.of(args.get(at + 1));
        args.subList(at, at + 2).clear();
        return ChatConfig.fromFileAndEnv(file, System.getenv());
    }

    private static void serve(ChatConfig config) {
        App app;
        try {
            app = App.start(config);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("start failed", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int backupOrRestore(ChatConfig config, boolean backup, Path file) {
        Backup tool = new Backup(config, System.out);
        try {
            return backup ? tool.backup(file) : tool.restore(file);
        } catch (java.io.IOException | java.sql.SQLException e) {
            System.err.println((backup ? "backup" : "restore") + " failed: " + e.getMessage());
            return 1;
        }
    }
}
