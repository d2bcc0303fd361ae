package barter.chat.client;

/**
 * The server's answer to a report ({@link ChatClient#report}).
 *
 * @param verified         the reported message really went from the reported user to this user (and, for a franked
 *                         message, its text was proven)
 * @param evidenceVerified the text sent with the report is proven to be exactly what was sent (message franking)
 */
public record AbuseReport(long id, boolean verified, boolean evidenceVerified, String status) {
}
