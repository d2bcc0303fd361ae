package barter.chat.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

final class JdbiBlockDao implements BlockDao {
    private final Jdbi jdbi;

    JdbiBlockDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean add(String blocker, String blocked, long now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO blocks (blocker, blocked, created_at) VALUES (:blocker, :blocked, :now)
                        ON CONFLICT (blocker, blocked) DO NOTHING""")
                .bind("blocker", blocker).bind("blocked", blocked).bind("now", now)
                .execute()) > 0;
    }

    @Override
    public boolean remove(String blocker, String blocked) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM blocks WHERE blocker = :blocker AND blocked = :blocked")
                .bind("blocker", blocker).bind("blocked", blocked).execute()) > 0;
    }

    @Override
    public List<String> blockedBy(String blocker) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT blocked FROM blocks WHERE blocker = :blocker ORDER BY created_at, blocked")
                .bind("blocker", blocker).mapTo(String.class).list());
    }
}
