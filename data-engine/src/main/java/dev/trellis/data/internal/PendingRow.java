package dev.trellis.data.internal;

import dev.trellis.data.ImportProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A row on its way in: the file's cells, the record values made of them, and its problems so far. */
final class PendingRow {

    final SourceRow source;
    final ObjectNode values;
    final List<ImportProblem> problems = new ArrayList<>(0);

    PendingRow(SourceRow source, ObjectNode values) {
        this.source = source;
        this.values = values;
    }

    void problem(String column, String field, String code, String message) {
        problems.add(new ImportProblem(source.number(), column, field, code, message));
    }

    boolean clean() {
        return problems.isEmpty();
    }
}
