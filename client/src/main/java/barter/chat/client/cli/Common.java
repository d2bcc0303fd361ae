package barter.chat.client.cli;

import barter.chat.client.ChatClient;
import barter.chat.client.ChatClientBuilder;
import barter.chat.client.RestClient;
import barter.chat.client.ServerAddress;
import barter.chat.client.keys.KeyDirectoryClient;
import barter.chat.client.keys.LocalKeyStore;
import barter.chat.client.storage.DedupStore;
import barter.chat.client.storage.OutboxStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Options every command takes, resolved against the environment ({@code CHAT_SERVER}, {@code CHAT_TOKEN}, ...). */
final class Common {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--server", description = "Server URL (env CHAT_SERVER, default http://localhost:8080)")
    String server;

    @Option(names = "--token", description = "JWT of the user (env CHAT_TOKEN)")
    String token;

    @Option(names = "--insecure", description = "Allow plain http:// to a host other than localhost (env "
            + "CHAT_INSECURE=true): the token travels in clear, so only on a test network")
    boolean insecure;

    @Option(names = "--keystore", description = "Key store file (env CHAT_KEYSTORE, default ~/.barter-chat/<user>.keystore.json)")
    Path keystore;

    URI server(Cli.Terminal terminal) {
        String value = server != null ? server : terminal.env().getOrDefault("CHAT_SERVER", "http://localhost:8080");
        return URI.create(value);
    }

    boolean insecure(Cli.Terminal terminal) {
        return insecure || "true".equalsIgnoreCase(terminal.env().get("CHAT_INSECURE"));
    }

    /** The server, refusing cleartext to a non-loopback host unless --insecure, with the fix in the message. */
    ServerAddress address(Cli.Terminal terminal) {
        try {
            return insecure(terminal) ? ServerAddress.allowingCleartext(server(terminal))
                    : ServerAddress.of(server(terminal));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    String token(Cli.Terminal terminal) {
        String value = token != null ? token : terminal.env().get("CHAT_TOKEN");
        if (value == null || value.isBlank()) {
            throw new ParameterException(spec.commandLine(), "a token is required: --token or CHAT_TOKEN");
        }
        return value.strip();
    }

    /** The user id is the token's {@code sub}; the server checks the signature, the CLI only reads it. */
    String userId(Cli.Terminal terminal) {
        String[] parts = token(terminal).split("\\.");
        try {
            JsonNode claims = new ObjectMapper().readTree(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.path("sub").asText();
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new ParameterException(spec.commandLine(), "the token is not a JWT with a 'sub' claim");
        }
    }

    Path keystore(Cli.Terminal terminal) {
        if (keystore != null) {
            return keystore;
        }
        String env = terminal.env().get("CHAT_KEYSTORE");
        if (env != null) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".barter-chat", userId(terminal) + ".keystore.json");
    }

    LocalKeyStore openKeyStore(Cli.Terminal terminal) throws IOException {
        Path file = keystore(terminal);
        if (!Files.exists(file)) {
            throw new IOException("no key store at " + file + "; run 'init' first");
        }
        return LocalKeyStore.open(file, Clock.systemUTC());
    }

    KeyDirectoryClient directory(Cli.Terminal terminal) {
        String t = token(terminal);
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).build();
        return new KeyDirectoryClient(new RestClient(http, address(terminal), () -> t));
    }

    /**
     * A client whose outbox and handled ids live beside the key store ({@code <keystore>.outbox},
     * {@code <keystore>.handled}), so a message that was not accepted before the CLI ended goes out on its next run.
     */
    ChatClientBuilder client(Cli.Terminal terminal, LocalKeyStore store) {
        String t = token(terminal);
        address(terminal); // a usage error (exit 2) before anything connects
        Path keystore = keystore(terminal).toAbsolutePath();
        return ChatClient.builder().server(server(terminal)).allowCleartext(insecure(terminal)).token(() -> t)
                .keyStore(store).timeout(TIMEOUT)
                .outboxStore(OutboxStore.file(keystore.resolveSibling(keystore.getFileName() + ".outbox").toFile()))
                .dedupStore(DedupStore.file(keystore.resolveSibling(keystore.getFileName() + ".handled").toFile(),
                        10_000));
    }
}
