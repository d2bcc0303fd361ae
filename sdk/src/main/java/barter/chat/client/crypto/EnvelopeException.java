package barter.chat.client.crypto;

/** An envelope that is malformed, of an unknown version or suite, not signed by the expected key, or tampered with. */
public final class EnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public EnvelopeException(String message) {
        super(message);
    }

    public EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
