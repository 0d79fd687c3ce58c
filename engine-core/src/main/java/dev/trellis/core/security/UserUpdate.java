package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.Set;

/**
 * Everything an administrator manages about an existing user, replaced as a whole. {@code enabled} and
 * {@code roles} must be given: a client that forgot them must not disable a user or strip their roles by
 * accident. A null department or partner means none.
 */
public record UserUpdate(String displayName, Boolean enabled, Set<String> roles, Long departmentId,
        Actor.PartnerAccount partner) {

    public UserUpdate {
        roles = roles == null ? null : Set.copyOf(roles);
    }
}
