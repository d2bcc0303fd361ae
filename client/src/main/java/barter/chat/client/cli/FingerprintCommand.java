package barter.chat.client.cli;

import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.client.keys.KeyChangedException;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.keys.PeerKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fingerprint", description = "Show the safety number to compare with a peer (pins on first use).")
final class FingerprintCommand implements Callable<Integer> {
    private final Cli.Terminal terminal;

    @Mixin
    Common common;

    @Parameters(index = "0", description = "Peer user id")
    String peer;

    @Option(names = "--accept", paramLabel = "FINGERPRINT", description = "Trust the peer's new identity key with "
            + "this fingerprint (the new one the warning showed), after you compared it with the peer")
    String accept;

    FingerprintCommand(Cli.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        LocalKeyStore store = common.openKeyStore(terminal);
        PeerKeys peers = new PeerKeys(common.directory(terminal), store, Clock.systemUTC(), Duration.ZERO);
        byte[] theirs;
        try {
            theirs = accept != null ? peers.accept(peer, accept).signingKey() : peers.forSending(peer).signingKey();
        } catch (KeyChangedException e) {
            terminal.out().println("WARNING: " + e.getMessage());
            terminal.out().println("after verifying, run: fingerprint " + peer + " --accept \"" + e.newFingerprint()
                    + "\"");
            return 1;
        }
        byte[] mine = store.current().publicKeys().signingKey();
        terminal.out().println("you (" + store.userId() + "):  " + SafetyNumbers.fingerprint(store.userId(), mine));
        terminal.out().println(peer + ":  " + SafetyNumbers.fingerprint(peer, theirs));
        terminal.out().println("safety number: " + SafetyNumbers.safetyNumber(store.userId(), mine, peer, theirs));
        return 0;
    }
}
