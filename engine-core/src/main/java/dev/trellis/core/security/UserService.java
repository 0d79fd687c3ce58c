package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.List;
import java.util.Optional;

/**
 * Users, their roles, department and partner account. Passwords are stored only as hashes and checked
 * here, where wrong ones are counted: too many in a row lock the account for a while. Every change and
 * every sign-in goes to the {@link OperationLog}.
 */
public interface UserService {

    /** Administrators only; every problem of the input at once, with its JSON path. */
    UserAccount create(Actor actor, NewUser user);

    /** Administrators only; logs what changed (old → new). The last enabled administrator stays one. */
    UserAccount update(Actor actor, long id, UserUpdate update);

    /**
     * Administrators set anyone's password; a user sets their own by giving the current one (a wrong one
     * counts as a failed sign-in). A new password also lifts a lock.
     */
    void setPassword(Actor actor, long id, String currentPassword, String newPassword);

    /** Administrators read anyone, users themselves. */
    UserAccount get(Actor actor, long id);

    Optional<UserAccount> findByUsername(String username);

    /**
     * The account if the username exists, may sign in now (enabled, not locked) and the password matches;
     * counts failures and logs the attempt with the client's address.
     */
    SignInOutcome authenticate(String username, String password, String client);

    /**
     * The account as it is now if it may sign in (exists, enabled, not locked), without a password check:
     * for a caller that remembers a recent successful check and must still notice a lock or a disable.
     */
    Optional<UserAccount> findActive(String username);

    List<UserAccount> list(Actor actor);

    /**
     * Creates the first administrator if there is no user yet. Returns the password to print once when
     * it was generated, empty when a password was given or an administrator already exists.
     */
    Optional<String> bootstrapAdmin(String username, String givenPassword);
}
