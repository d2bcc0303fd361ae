package barter.chat.client;

/** Receives {@link ChatEvent}s on the client's event thread; must not block for long. */
@FunctionalInterface
public interface ChatListener {
    void onEvent(ChatEvent event);
}
