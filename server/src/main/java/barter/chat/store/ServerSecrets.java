package barter.chat.store;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys every node of a deployment shares, kept in the store ({@code server_secrets}) so that cluster mode needs no
 * extra configuration: the first node to ask makes one, every later ask (on any node) reads that one. They travel
 * with a backup of the store.
 */
public final class ServerSecrets {
    private final Database database;
    private final SecureRandom random;

    public ServerSecrets(Database database, SecureRandom random) {
        this.database = database;
        this.random = random;
    }

    /** The secret named {@code name}, made now (32 random bytes) if no node has made it yet. */
    public byte[] secret(String name) {
        byte[] candidate = new byte[32];
        random.nextBytes(candidate);
        String stored = database.jdbi().withHandle(h -> {
            h.createUpdate("INSERT INTO server_secrets (name, secret) VALUES (:name, :secret) "
                            + "ON CONFLICT (name) DO NOTHING")
                    .bind("name", name).bind("secret", Base64.getEncoder().encodeToString(candidate)).execute();
            return h.createQuery("SELECT secret FROM server_secrets WHERE name = :name")
                    .bind("name", name).mapTo(String.class).one();
        });
        return Base64.getDecoder().decode(stored);
    }
}
