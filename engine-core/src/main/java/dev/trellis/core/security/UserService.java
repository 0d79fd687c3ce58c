package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.List;
import java.util.Optional;

/** Users and roles. Passwords are stored only as hashes and checked here. */
public interface UserService {

    UserAccount create(Actor actor, NewUser user);

    Optional<UserAccount> findByUsername(String username);

    /** The account if the username exists, is enabled and the password matches its hash. */
    Optional<UserAccount> authenticate(String username, String password);

    List<UserAccount> list(Actor actor);

    /**
     * Creates the first administrator if there is no user yet. Returns the password to print once when
     * it was generated, empty when a password was given or an administrator already exists.
     */
    Optional<String> bootstrapAdmin(String username, String givenPassword);
}
