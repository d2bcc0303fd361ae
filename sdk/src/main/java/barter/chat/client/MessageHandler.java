package barter.chat.client;

/**
 * Receives decrypted, verified messages, one at a time and in arrival order, on the client's event thread.
 * The message is acknowledged to the server only after this method returns normally: store it first if it must
 * survive a crash. If it throws, the message is not acknowledged and is delivered again on the next connection.
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(IncomingMessage message) throws Exception;
}
