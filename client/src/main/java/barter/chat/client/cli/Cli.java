package barter.chat.client.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The barter-chat command line: {@code init}, {@code chat <peer>}, {@code send <peer> <text>},
 * {@code fingerprint <peer>}. Streams and environment are parameters so tests can run it in-process.
 */
@Command(name = "barter-chat", mixinStandardHelpOptions = true, version = "barter-chat client 0.1.0",
        description = "End-to-end-encrypted chat from the terminal.")
public final class Cli implements Runnable {
    /** What every command reads besides its options: the terminal and the environment. */
    record Terminal(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
    }

    private final Terminal terminal;

    private Cli(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Runs one command and returns its exit code (0 ok, 1 failed, 2 usage). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Terminal terminal = new Terminal(in, outWriter, errWriter, env);
        CommandLine cli = new CommandLine(new Cli(terminal))
                .addSubcommand("init", new InitCommand(terminal))
                .addSubcommand("chat", new ChatCommand(terminal))
                .addSubcommand("send", new SendCommand(terminal))
                .addSubcommand("fingerprint", new FingerprintCommand(terminal))
                .setOut(outWriter).setErr(errWriter)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    errWriter.println("error: " + e.getMessage());
                    return 1;
                });
        int code = cli.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(terminal.out());
    }
}
