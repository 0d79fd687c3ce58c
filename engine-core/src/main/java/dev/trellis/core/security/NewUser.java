package dev.trellis.core.security;

import java.util.Set;

/** What it takes to create a user. */
public record NewUser(String username, String password, String displayName, Set<String> roles) {

    public NewUser {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
