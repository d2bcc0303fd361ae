package barter.chat.client.cli;

import barter.chat.client.ChatClient;
import barter.chat.client.ChatEvent;
import barter.chat.client.IncomingMessage;
import barter.chat.client.keys.KeyChangedException;
import barter.chat.client.keys.LocalKeyStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "chat", description = {"Chat with a peer: each line you type is sent; incoming messages and receipts "
        + "are printed with their time.", "Commands: /accept (trust the peer's changed key), /quit."})
final class ChatCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Cli.Terminal terminal;
    private final Map<String, String> sentTexts = new ConcurrentHashMap<>();
    /** The fingerprint last shown in a key-change warning: /accept trusts exactly that key. */
    private volatile String shownFingerprint;

    @Mixin
    Common common;

    @Parameters(index = "0", description = "Peer user id")
    String peer;

    ChatCommand(Cli.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        LocalKeyStore store = common.openKeyStore(terminal);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        try (ChatClient client = common.client(terminal, store).onMessage(this::print).onEvent(this::print)
                .build().connect()) {
            print("chatting with " + peer + " as " + store.userId() + "; /quit to leave");
            BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("/quit"); line = in.readLine()) {
                if (line.equals("/accept")) {
                    accept(client);
                } else if (!line.isBlank()) {
                    sends.add(send(client, line));
                }
            }
            awaitAll(sends);
        }
        return 0;
    }

    private void accept(ChatClient client) throws IOException {
        String fingerprint = shownFingerprint;
        if (fingerprint == null) {
            print("no key change to accept");
            return;
        }
        try {
            client.acceptKeyChange(peer, fingerprint);
            print("trusting " + peer + "'s new key " + fingerprint);
        } catch (KeyChangedException e) {
            shownFingerprint = e.newFingerprint();
            print("NOT accepted: " + e.getMessage() + ". Compare the new fingerprint, then type /accept again.");
        }
    }

    private CompletableFuture<?> send(ChatClient client, String text) {
        return client.send(peer, text).whenComplete((sent, error) -> {
            if (error != null) {
                print("not sent: " + error.getMessage());
            } else {
                sentTexts.put(sent.clientId(), text);
                print(at(sent.acceptedAt()) + " me: " + text + "  [accepted]");
            }
        });
    }

    /** On end of input, wait (bounded) until the server has stored what was typed. */
    private void awaitAll(List<CompletableFuture<?>> sends) throws InterruptedException {
        try {
            CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]))
                    .get(Common.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            print("some messages were not accepted by the server in time");
        } catch (java.util.concurrent.ExecutionException e) {
            // Already printed by the send's own callback.
        }
    }

    private void print(IncomingMessage m) {
        print(at(m.sentAt()) + " " + m.from() + ": " + m.text());
    }

    private void print(ChatEvent event) {
        if (event instanceof ChatEvent.Delivered d) {
            print(at(d.at()) + " me: " + sentTexts.getOrDefault(d.clientId(), "#" + d.messageId()) + "  [delivered]");
        } else if (event instanceof ChatEvent.Expired x) {
            print(at(x.at()) + " me: " + sentTexts.getOrDefault(x.clientId(), "#" + x.messageId()) + "  [expired]");
        } else if (event instanceof ChatEvent.KeyChanged k) {
            shownFingerprint = k.newFingerprint();
            print("WARNING: " + k.peer() + "'s identity key changed. old fingerprint " + k.oldFingerprint()
                    + ", new " + k.newFingerprint() + ". Compare with " + k.peer() + ", then type /accept.");
        } else if (event instanceof ChatEvent.MessageRejected r) {
            print("rejected a message from " + r.from() + ": " + r.reason());
        } else if (event instanceof ChatEvent.Disconnected d && d.retryIn() != null) {
            print("disconnected (" + d.reason() + "); retrying in " + d.retryIn().toMillis() + " ms");
        } else if (event instanceof ChatEvent.Connected) {
            print("connected");
        } else if (event instanceof ChatEvent.ServerError e) {
            print("server: " + e.code().wire() + ": " + e.message());
        }
    }

    private static String at(Instant instant) {
        return LocalTime.ofInstant(instant, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).format(TIME);
    }

    private void print(String line) {
        synchronized (terminal.out()) {
            terminal.out().println(line);
        }
    }
}
