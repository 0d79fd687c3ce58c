package dev.trellis.core.record;

import dev.trellis.core.Actor;
import java.util.List;

/**
 * What one record write did, handed to each {@link dev.trellis.core.record.spi.RecordListener} of the
 * object inside the write's transaction, after the write.
 */
public record RecordChangedEvent(String app, String object, long id, RecordAction action, List<FieldChange> changes,
        Actor actor) {
}
