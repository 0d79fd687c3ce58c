package dev.trellis.workflow;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A task of the inbox: one approver's (or one group's) part in a step of a record's approval.
 *
 * @param id        the task's id in the API
 * @param candidate the group that may claim it while nobody has ({@code role:finance}, {@code department:7})
 * @param status    {@code open}, {@code done} or {@code cancelled} (the step was decided without it)
 * @param outcome   what its approver did: approve, reject, reject_back, return, transfer…
 * @param summary   the record's summary fields (the flow's {@code summaryFields})
 */
public record TaskView(long id, long instanceId, String app, String object, long recordId, String flow, String step,
        String stepName, Long assigneeId, String candidate, String status, String outcome, String submitter,
        OffsetDateTime createdAt, OffsetDateTime doneAt, Map<String, Object> summary) {
}
