package barter.chat.auth;

import java.time.Instant;
import java.util.Set;

/**
 * An authenticated user: the JWT subject, its roles, and when the token expires (an open socket is closed then).
 */
public record Principal(String userId, Set<String> roles, Instant expiresAt) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
