package dev.trellis.core.record;

import dev.trellis.core.Actor;
import java.util.List;

/**
 * Emitted inside the transaction of every record write, after the write. Listeners that act in the
 * same transaction (rules, flow starts) see it before commit; side effects that leave the database
 * belong in an after-commit listener or the outbox.
 */
public record RecordChangedEvent(String app, String object, long id, RecordAction action, List<FieldChange> changes,
        Actor actor) {
}
