package barter.chat.client.cli;

import barter.chat.client.ChatClient;
import barter.chat.client.Sent;
import barter.chat.client.keys.LocalKeyStore;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "send", description = "Send one message and wait until the server has stored it.")
final class SendCommand implements Callable<Integer> {
    private final Cli.Terminal terminal;

    @Mixin
    Common common;

    @Parameters(index = "0", description = "Recipient user id")
    String peer;

    @Parameters(index = "1", description = "Message text")
    String text;

    SendCommand(Cli.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        LocalKeyStore store = common.openKeyStore(terminal);
        try (ChatClient client = common.client(terminal, store).build().connect()) {
            Sent sent = client.send(peer, text).get(Common.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            terminal.out().println("accepted as message " + sent.messageId());
            return 0;
        } catch (ExecutionException e) {
            terminal.err().println("not sent: " + e.getCause().getMessage());
            return 1;
        }
    }
}
