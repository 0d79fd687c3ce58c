package dev.trellis.core;

import java.util.Set;

/**
 * Who performs an operation. Every service method that reads or writes on somebody's behalf takes
 * the actor explicitly, so no thread-local decides what a call may do.
 *
 * @param roles        the roles the actor acts with (an API token narrows them to one)
 * @param departmentId the actor's department in the organisation tree, if any
 * @param partner      the partner account of a partner user; null for head-office staff
 */
public record Actor(long userId, String username, Set<String> roles, Long departmentId, PartnerAccount partner) {

    public static final String ADMIN_ROLE = "admin";

    /** The partner account a partner user belongs to: a record of the app's partner-account object. */
    public record PartnerAccount(String app, long id) {
    }

    public Actor {
        roles = Set.copyOf(roles);
    }

    /** A head-office user outside any department. */
    public Actor(long userId, String username, Set<String> roles) {
        this(userId, username, roles, null, null);
    }

    /** Administrators pass every permission check; a partner user never is one. */
    public boolean isAdmin() {
        return partner == null && roles.contains(ADMIN_ROLE);
    }

    public boolean isPartner() {
        return partner != null;
    }

    /** The same person acting with fewer roles, as through an API token scoped to a role. */
    public Actor withRoles(Set<String> narrowed) {
        return new Actor(userId, username, narrowed, departmentId, partner);
    }

    /** The platform itself, for bootstrap work done before any user exists. */
    public static Actor system() {
        return new Actor(0, "system", Set.of(ADMIN_ROLE));
    }
}
