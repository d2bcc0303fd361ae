package barter.chat.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiReportDao implements ReportDao {
    private static final String COLUMNS = "id, reporter, reported_user, message_id, verified, reason, evidence, status, "
            + "created_at, resolved_at, resolved_by, evidence_verified";

    private final Jdbi jdbi;

    JdbiReportDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Report create(String reporter, String reportedUser, Long messageId, boolean verified,
                         boolean evidenceVerified, String reason, String evidence, long now) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO reports (reporter, reported_user, message_id, verified, "
                        + "evidence_verified, reason, evidence, status, created_at) VALUES (:reporter, :reported, "
                        + ":message, :verified, :evidenceVerified, :reason, :evidence, 'open', :now) RETURNING " + COLUMNS)
                .bind("reporter", reporter).bind("reported", reportedUser).bind("message", messageId)
                .bind("verified", verified).bind("evidenceVerified", evidenceVerified).bind("reason", reason)
                .bind("evidence", evidence).bind("now", now)
                .map(JdbiReportDao::report).one());
    }

    @Override
    public List<Report> list(String status, String reportedUser, int limit) {
        // filters are appended only when given: PostgreSQL cannot type a bare "NULL IS NULL" parameter
        String where = (status == null ? "" : " AND status = :status")
                + (reportedUser == null ? "" : " AND reported_user = :reported");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM reports WHERE 1 = 1" + where
                    + " ORDER BY id DESC LIMIT :limit");
            if (status != null) {
                query.bind("status", status);
            }
            if (reportedUser != null) {
                query.bind("reported", reportedUser);
            }
            return query.bind("limit", limit).map(JdbiReportDao::report).list();
        });
    }

    @Override
    public Optional<Report> resolve(long id, String admin, long now) {
        return jdbi.withHandle(h -> h.createQuery("UPDATE reports SET status = 'resolved', resolved_at = :now, "
                        + "resolved_by = :admin WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id).bind("admin", admin).bind("now", now)
                .map(JdbiReportDao::report).findOne());
    }

    @Override
    public boolean suspend(String userId, String reason, String admin, long now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO suspensions (user_id, reason, created_by, created_at) VALUES (:user, :reason, :admin, :now)
                        ON CONFLICT (user_id) DO NOTHING""")
                .bind("user", userId).bind("reason", reason).bind("admin", admin).bind("now", now).execute()) > 0;
    }

    @Override
    public boolean unsuspend(String userId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM suspensions WHERE user_id = :user")
                .bind("user", userId).execute()) > 0;
    }

    @Override
    public boolean isSuspended(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM suspensions WHERE user_id = :user")
                .bind("user", userId).mapTo(Integer.class).one()) > 0;
    }

    private static Report report(ResultSet rs, StatementContext ctx) throws SQLException {
        long message = rs.getLong(4);
        Long messageId = rs.wasNull() ? null : message;
        long resolved = rs.getLong(10);
        Long resolvedAt = rs.wasNull() ? null : resolved;
        return new Report(rs.getLong(1), rs.getString(2), rs.getString(3), messageId, rs.getBoolean(5),
                rs.getBoolean(12), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), resolvedAt,
                rs.getString(11));
    }
}
