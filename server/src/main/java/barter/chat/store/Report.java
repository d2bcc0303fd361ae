package barter.chat.store;

/**
 * An abuse report. {@code verified} is true when {@code messageId} names a message the server really relayed from
 * the reported user to the reporter. {@code evidence} is the plaintext the reporter chose to share.
 */
public record Report(long id, String reporter, String reportedUser, Long messageId, boolean verified, String reason,
                     String evidence, String status, long createdAt, Long resolvedAt, String resolvedBy) {
}
