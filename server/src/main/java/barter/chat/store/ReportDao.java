package barter.chat.store;

import java.util.List;
import java.util.Optional;

/** The {@code reports} and {@code suspensions} tables: moderation. Thread-safe. */
public interface ReportDao {

    /** Stores an open report and returns it with its id. */
    Report create(String reporter, String reportedUser, Long messageId, boolean verified, boolean evidenceVerified,
                  String reason, String evidence, long now);

    /** Reports, newest first, optionally filtered by status and reported user. */
    List<Report> list(String status, String reportedUser, int limit);

    /** Marks a report resolved; empty when there is no such report. */
    Optional<Report> resolve(long id, String admin, long now);

    /** Idempotent; true when the suspension is new. */
    boolean suspend(String userId, String reason, String admin, long now);

    boolean unsuspend(String userId);

    boolean isSuspended(String userId);

    static ReportDao jdbi(Database database) {
        return new JdbiReportDao(database.jdbi());
    }
}
