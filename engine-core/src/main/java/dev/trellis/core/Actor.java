package dev.trellis.core;

import java.util.Set;

/**
 * Who performs an operation. Every service method that reads or writes on somebody's behalf takes
 * the actor explicitly, so no thread-local decides what a call may do.
 */
public record Actor(long userId, String username, Set<String> roles) {

    public static final String ADMIN_ROLE = "admin";

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** The platform itself, for bootstrap work done before any user exists. */
    public static Actor system() {
        return new Actor(0, "system", Set.of(ADMIN_ROLE));
    }
}
