package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.Set;

/**
 * A user who can sign in, with the roles that decide what they may do, the department they belong
 * to and, for a partner user, their partner account.
 */
public record UserAccount(long id, String username, String displayName, boolean enabled, Set<String> roles,
        Long departmentId, Actor.PartnerAccount partner) {

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    public Actor actor() {
        return new Actor(id, username, roles, departmentId, partner);
    }
}
