package barter.chat.store;

/**
 * An abuse report. {@code verified} is true when {@code messageId} names a message the server really relayed from
 * the reported user to the reporter (and, for a franked report, when its evidence opened that message's franking
 * commitment). {@code evidence} is the plaintext the reporter chose to share; {@code evidenceVerified} is true when
 * it is proven to be exactly what was sent (docs/security.md, "Verifiable reports").
 */
public record Report(long id, String reporter, String reportedUser, Long messageId, boolean verified,
                     boolean evidenceVerified, String reason, String evidence, String status, long createdAt,
                     Long resolvedAt, String resolvedBy) {
}
