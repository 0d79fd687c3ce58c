package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.Set;

/** A user who can sign in, with the roles that decide what they may do. */
public record UserAccount(long id, String username, String displayName, boolean enabled, Set<String> roles) {

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    public Actor actor() {
        return new Actor(id, username, roles);
    }
}
