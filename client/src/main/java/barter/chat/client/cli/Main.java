package barter.chat.client.cli;

/** {@code java -jar barter-chat-client.jar <command>}: see {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.in, System.out, System.err, System.getenv()));
    }
}
