package barter.chat.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

final class JdbiBlockDao implements BlockDao {
    private final Jdbi jdbi;

    JdbiBlockDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The count and the insert are one statement; two racing requests may pass the quota by one each, no more. */
    @Override
    public Added add(String blocker, String blocked, long now, int max) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("""
                            INSERT INTO blocks (blocker, blocked, created_at)
                            SELECT :blocker, :blocked, :now
                            WHERE (SELECT count(*) FROM blocks WHERE blocker = :blocker) < :max
                            ON CONFLICT (blocker, blocked) DO NOTHING""")
                    .bind("blocker", blocker).bind("blocked", blocked).bind("now", now).bind("max", max)
                    .execute();
            if (inserted > 0) {
                return Added.NEW;
            }
            boolean exists = h.createQuery("SELECT 1 FROM blocks WHERE blocker = :blocker AND blocked = :blocked")
                    .bind("blocker", blocker).bind("blocked", blocked).mapTo(Integer.class).findOne().isPresent();
            return exists ? Added.ALREADY : Added.FULL;
        });
    }

    @Override
    public boolean remove(String blocker, String blocked) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM blocks WHERE blocker = :blocker AND blocked = :blocked")
                .bind("blocker", blocker).bind("blocked", blocked).execute()) > 0;
    }

    @Override
    public List<String> blockedBy(String blocker) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT blocked FROM blocks WHERE blocker = :blocker ORDER BY blocked")
                .bind("blocker", blocker).mapTo(String.class).list());
    }

    @Override
    public List<String> blockedPage(String blocker, String after, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT blocked FROM blocks WHERE blocker = :blocker "
                        + "AND blocked > :after ORDER BY blocked LIMIT :limit")
                .bind("blocker", blocker).bind("after", after == null ? "" : after).bind("limit", limit)
                .mapTo(String.class).list());
    }
}
