package barter.chat.client.storage;

/**
 * A message accepted into the outbox and not yet answered by the server: its client id (the idempotency key of the
 * {@code send} frame), the recipient, the encrypted body (base64 envelope) and its franking commitment (base64; null
 * for an unfranked message). The body is kept sealed, so a retransmission after a restart is byte-identical and the
 * outbox never holds plaintext.
 */
public record PendingSend(String clientId, String to, String body, String commitment) {
    public PendingSend {
        if (clientId == null || clientId.isEmpty() || clientId.contains(" ") || to == null || to.contains(" ")
                || body == null || body.contains(" ") || body.contains("\n")
                || (commitment != null && (commitment.isEmpty() || commitment.contains(" ")
                || commitment.contains("\n")))) {
            throw new IllegalArgumentException("not a pending send: id " + clientId + " to " + to);
        }
    }

    /** An unfranked send. */
    public PendingSend(String clientId, String to, String body) {
        this(clientId, to, body, null);
    }
}
