package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.Set;

/**
 * What it takes to create a user.
 *
 * @param departmentId the user's department in the organisation tree, or null
 * @param partner      for a partner user, their partner account; null for head-office staff
 */
public record NewUser(String username, String password, String displayName, Set<String> roles, Long departmentId,
        Actor.PartnerAccount partner) {

    public NewUser {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** A head-office user outside any department. */
    public NewUser(String username, String password, String displayName, Set<String> roles) {
        this(username, password, displayName, roles, null, null);
    }
}
