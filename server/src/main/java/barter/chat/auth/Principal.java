package barter.chat.auth;

import java.util.Set;

/** An authenticated user: the JWT subject and its roles. */
public record Principal(String userId, Set<String> roles) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
