package dev.trellis.core.security;

import dev.trellis.core.Actor;

/**
 * Reading the operation log, for administrators. Kept apart from {@link OperationLog} so that the many
 * writers depend on writing only.
 */
public interface OperationLogReader {

    /**
     * Entries newest first.
     *
     * @param action an action ({@code login.failure}) or a family ({@code login}: every {@code login.*}); null for all
     * @param limit  1 to 500
     * @param before only entries with a smaller id: the {@code before} of the previous page; null from the newest
     */
    OperationLogPage read(Actor actor, String action, int limit, Long before);
}
