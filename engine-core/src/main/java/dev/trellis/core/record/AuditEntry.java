package dev.trellis.core.record;

import java.time.OffsetDateTime;
import java.util.List;

/** One write of one record as the audit log keeps it: who, when, what, and each field's old and new value. */
public record AuditEntry(long id, String app, String object, long recordId, RecordAction action, long actorId,
        String actor, OffsetDateTime at, List<FieldChange> changes) {
}
