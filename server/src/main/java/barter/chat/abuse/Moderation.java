package barter.chat.abuse;

import barter.chat.store.MessageDao;
import barter.chat.store.Report;
import barter.chat.store.ReportDao;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Abuse reports and account suspension. Thread-safe. Under end-to-end encryption the server cannot read messages,
 * so a report carries what the reporter chose to decrypt and share ({@code evidence}); it is marked
 * {@code verified} only when the named message really went from the reported user to the reporter.
 */
public interface Moderation {

    /** The reasons a report may give. */
    List<String> REASONS = List.of("spam", "scam", "harassment", "inappropriate", "other");

    /** Longest evidence accepted, in characters. */
    int MAX_EVIDENCE = 8192;

    /** Longest evidence of a franked report: a whole message's text (the largest body is 64 KiB by default). */
    int MAX_FRANKED_EVIDENCE = 65536;

    /**
     * Files a report. With {@code frankingKey} (base64; the key revealed from the reported message, which then must
     * be named and quoted in {@code evidence}), the report is verified only when the evidence opens the commitment
     * the server relayed with that message, under the tag the server made for it.
     */
    Report report(String reporter, String reportedUser, Long messageId, String reason, String evidence,
                  String frankingKey);

    List<Report> reports(String status, String reportedUser, int limit);

    /** Throws {@code not_found} for an unknown report. */
    Report resolve(long reportId, String admin);

    /** Suspends the user: their tokens are refused from now on and their open connection is closed at once. */
    void suspend(String userId, String reason, String admin);

    void unsuspend(String userId);

    boolean isSuspended(String userId);

    /** Drops the cached suspension state of a user (it was changed on another node). */
    void forgetSuspension(String userId);

    /** @param suspended told the user id of every new suspension (closes their connections) */
    static Moderation stored(ReportDao reports, MessageDao messages, FrankingTags tags, Clock clock,
                             Consumer<String> suspended) {
        return new StoredModeration(reports, messages, tags, clock, suspended);
    }
}
