package barter.chat.store;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

final class JdbiKeyDao implements KeyDao {
    private final Jdbi jdbi;

    JdbiKeyDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void upsert(UserKeys keys) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO user_keys (user_id, agreement_key, signing_key, signature, updated_at)
                        VALUES (:user, :agreement, :signing, :signature, :updated)
                        ON CONFLICT (user_id) DO UPDATE SET agreement_key = excluded.agreement_key,
                            signing_key = excluded.signing_key, signature = excluded.signature,
                            updated_at = excluded.updated_at""")
                .bind("user", keys.userId())
                .bind("agreement", keys.agreementKey())
                .bind("signing", keys.signingKey())
                .bind("signature", keys.signature())
                .bind("updated", keys.updatedAt())
                .execute());
    }

    @Override
    public Optional<UserKeys> find(String userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT user_id, agreement_key, signing_key, signature, updated_at
                        FROM user_keys WHERE user_id = :user""")
                .bind("user", userId)
                .map((rs, ctx) -> new UserKeys(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4),
                        rs.getLong(5)))
                .findOne());
    }
}
