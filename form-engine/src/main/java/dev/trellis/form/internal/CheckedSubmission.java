package dev.trellis.form.internal;

import dev.trellis.core.Problem;
import dev.trellis.form.FormTotal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A submission after validation: every problem found, and — when there are none — what to write: the
 * header's values (all of them for a create, the changed ones for an update) and per sub-table the lines
 * to create, update and delete, with the totals recomputed from the lines.
 *
 * @param lines only the sub-tables the submission named; a sub-table left out is not touched
 */
record CheckedSubmission(List<Problem> problems, Long id, Integer version, ObjectNode header,
        Map<String, LineWrites> lines, Map<String, List<FormTotal>> totals) {

    /**
     * The writes of one sub-table, each line with its index in the submission so a problem found while
     * writing is reported at the row the client sent; {@code ids} holds each submitted line's id, null for new ones.
     */
    record LineWrites(List<Long> ids, List<NewLine> creates, List<LineUpdate> updates, List<LineDelete> deletes,
            boolean bulk) {
    }

    record NewLine(int index, ObjectNode values) {
    }

    record LineUpdate(int index, long id, int version, ObjectNode values) {
    }

    record LineDelete(long id, int version) {
    }
}
