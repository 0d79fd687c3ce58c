package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.TrellisException;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.form.FormSubmitResult;
import dev.trellis.form.internal.CheckedSubmission.LineDelete;
import dev.trellis.form.internal.CheckedSubmission.LineUpdate;
import dev.trellis.form.internal.CheckedSubmission.LineWrites;
import dev.trellis.form.internal.CheckedSubmission.NewLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Writes a checked submission through the record service — header, then per sub-table the deleted, changed
 * and new lines — inside the caller's transaction, so a line the record service refuses takes the header
 * back with it. Every refusal is reported at the path the client sent: {@code /values/amount},
 * {@code /lines/order_line/3/quantity}.
 */
final class FormSaver {

    private final RecordService records;

    FormSaver(RecordService records) {
        this.records = records;
    }

    FormSubmitResult save(Actor actor, String app, CompiledForm form, CheckedSubmission checked) {
        String object = form.object().name();
        long id;
        if (checked.id() == null) {
            id = (Long) at(p -> "/values" + p, () -> records.create(actor, app, object, checked.header()))
                    .get(ObjectTable.ID);
        } else {
            id = checked.id();
            at(p -> "/values" + p, () -> records.update(actor, app, object, id, checked.version(), checked.header()));
        }
        Map<String, List<Long>> lineIds = new LinkedHashMap<>();
        checked.lines().forEach((detail, writes) -> lineIds.put(detail,
                saveLines(actor, app, form.lines().get(detail), id, writes)));
        Map<String, Object> saved = records.get(actor, app, object, id, Set.of());
        return new FormSubmitResult(saved, lineIds, checked.totals());
    }

    private List<Long> saveLines(Actor actor, String app, CompiledForm.CompiledLines sub, long headerId,
            LineWrites writes) {
        String path = "/lines/" + sub.object() + "/";
        Long[] ids = writes.ids().toArray(Long[]::new);
        for (LineDelete delete : writes.deletes()) {
            at(p -> "/lines/" + sub.object() + p, () -> {
                records.delete(actor, app, sub.object(), delete.id(), delete.version());
                return null;
            });
        }
        for (LineUpdate update : writes.updates()) {
            at(p -> path + update.index() + p, () -> records.update(actor, app, sub.object(), update.id(),
                    update.version(), update.values()));
        }
        List<NewLine> creates = writes.creates();
        creates.forEach(line -> line.values().put(sub.via(), headerId));
        if (writes.bulk() && creates.size() > 1) {
            List<JsonNode> rows = new ArrayList<>(creates.size());
            creates.forEach(line -> rows.add(line.values()));
            List<Long> created = at(p -> bulkPath(path, creates, p),
                    () -> records.bulkCreate(actor, app, sub.object(), rows)).ids();
            for (int i = 0; i < creates.size(); i++) {
                ids[creates.get(i).index()] = created.get(i);
            }
        } else {
            for (NewLine line : creates) {
                ids[line.index()] = (Long) at(p -> path + line.index() + p,
                        () -> records.create(actor, app, sub.object(), line.values())).get(ObjectTable.ID);
            }
        }
        return Arrays.asList(ids);
    }

    /** {@code /records/4/quantity} of a bulk create → the path of the fifth new line as submitted. */
    private static String bulkPath(String linesPath, List<NewLine> creates, String path) {
        if (!path.startsWith("/records")) {
            return linesPath.substring(0, linesPath.length() - 1) + path;
        }
        String rest = path.substring("/records".length());
        if (rest.isEmpty()) {
            return linesPath.substring(0, linesPath.length() - 1);
        }
        int end = rest.indexOf('/', 1);
        int index = Integer.parseInt(end < 0 ? rest.substring(1) : rest.substring(1, end));
        return linesPath + creates.get(index).index() + (end < 0 ? "" : rest.substring(end));
    }

    /** Runs a write, moving the paths of the problems it is refused with to where the client sent the values. */
    private static <T> T at(Function<String, String> path, Supplier<T> write) {
        try {
            return write.get();
        } catch (TrellisException e) {
            if (e.problems().isEmpty()) {
                throw e;
            }
            List<Problem> moved = e.problems().stream().map(p -> new Problem(p.code(), path.apply(p.path()),
                    p.message(), p.args())).toList();
            throw switch (e) {
                case InvalidException x -> new InvalidException(moved);
                case ForbiddenException x -> ForbiddenException.of(moved);
                case ConflictException x -> new ConflictException(x.code(), x.getMessage(), moved, x);
                default -> e;
            };
        }
    }
}
