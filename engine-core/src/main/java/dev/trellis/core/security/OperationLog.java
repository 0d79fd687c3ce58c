package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.Map;

/**
 * The operation log: sign-ins (and failed attempts), permission changes, shares and exports — what a
 * security officer asks about, kept apart from the record audit trail. Entries are written in the
 * caller's transaction when there is one, so a refused change leaves no entry.
 */
public interface OperationLog {

    /**
     * @param actor  who did it; null when nobody is signed in (a failed sign-in)
     * @param client where from (the client's address), when known
     * @param action what, dotted: {@code login.success}, {@code record.share}, {@code export}
     * @param target what it was done to: a username, {@code app/object/id}
     */
    void record(Actor actor, String username, String client, String action, String target, Map<String, ?> detail);

    /** Shorthand for an action of a signed-in actor. */
    default void record(Actor actor, String action, String target, Map<String, ?> detail) {
        record(actor, actor.username(), null, action, target, detail);
    }
}
