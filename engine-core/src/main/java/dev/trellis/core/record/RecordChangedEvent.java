package dev.trellis.core.record;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.PublishedApp;
import java.util.List;

/**
 * What one record write did, handed to each {@link dev.trellis.core.record.spi.RecordListener} of the
 * object inside the write's transaction, after the write. {@code published} is the generation of the app's
 * metadata the write was checked against: a listener reads its definitions from it, so a publish committing
 * while the write runs never makes the write and its listeners disagree.
 */
public record RecordChangedEvent(String app, String object, long id, RecordAction action, List<FieldChange> changes,
        Actor actor, PublishedApp published) {
}
