package dev.trellis.runtime.security;

import dev.trellis.core.Actor;
import java.security.Principal;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The signed-in user as Spring Security carries it: the actor a request acts as, which an API token
 * narrows to one role.
 */
public record TrellisPrincipal(Actor actor) implements Principal {

    @Override
    public String getName() {
        return actor.username();
    }

    /** A signed-in authentication of the actor, its roles as {@code ROLE_} authorities. */
    static Authentication authenticated(Actor actor) {
        var authorities = actor.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        return UsernamePasswordAuthenticationToken.authenticated(new TrellisPrincipal(actor), null, authorities);
    }
}
