package dev.trellis.workflow;

import java.time.OffsetDateTime;
import java.util.Map;

/** One approval of a record: which flow, where it stands, who submitted it, with the record's summary fields. */
public record ApprovalView(long id, String app, String object, long recordId, String flow, int flowVersion,
        String status, long submitterId, String submitter, OffsetDateTime startedAt, OffsetDateTime endedAt,
        Map<String, Object> summary) {
}
