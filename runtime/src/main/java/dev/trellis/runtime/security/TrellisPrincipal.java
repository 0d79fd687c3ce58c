package dev.trellis.runtime.security;

import dev.trellis.core.Actor;
import dev.trellis.core.security.UserAccount;
import java.security.Principal;

/** The signed-in user as Spring Security carries it. */
public record TrellisPrincipal(UserAccount account) implements Principal {

    @Override
    public String getName() {
        return account.username();
    }

    public Actor actor() {
        return account.actor();
    }
}
