package barter.chat.chaos;

import java.util.Optional;

/**
 * How a scripted message is named: sender {@code s3}'s message 17 has client id {@code s3-17} and body text
 * {@code s3:17}, so a delivery names the send it came from without any shared state.
 */
final class Messages {
    private Messages() {
    }

    static String clientId(String sender, int seq) {
        return sender + "-" + seq;
    }

    static String text(String sender, int seq) {
        return sender + ":" + seq;
    }

    /** The client id a delivered body names, or empty when it is not a scripted body. */
    static Optional<String> clientIdOf(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || !text.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(text.substring(0, colon) + "-" + text.substring(colon + 1));
    }
}
