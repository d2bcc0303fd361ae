package barter.chat.client.cli;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.client.keys.LocalKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Make this user's keys, store them (0600) and publish the public halves.")
final class InitCommand implements Callable<Integer> {
    private final Cli.Terminal terminal;

    @Mixin
    Common common;

    @Option(names = "--rotate", description = "Replace existing keys (peers will see a key change)")
    boolean rotate;

    InitCommand(Cli.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        String user = common.userId(terminal);
        common.address(terminal);
        Path file = common.keystore(terminal);
        IdentityKeys keys = IdentityKeys.generate();
        LocalKeyStore store;
        if (Files.exists(file)) {
            if (!rotate) {
                terminal.err().println("a key store exists at " + file + "; use --rotate to replace its keys");
                return 1;
            }
            store = LocalKeyStore.open(file, Clock.systemUTC());
            store.rotate(keys);
        } else {
            store = LocalKeyStore.create(file, user, keys, Clock.systemUTC());
        }
        common.directory(terminal).publish(keys.publicKeys());
        terminal.out().println("keys for " + user + " stored in " + file + " and published");
        terminal.out().println("your fingerprint: " + SafetyNumbers.fingerprint(user, keys.publicKeys().signingKey()));
        return 0;
    }
}
