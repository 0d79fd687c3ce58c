package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.form.FormElement;
import dev.trellis.form.FormTotal;
import dev.trellis.form.internal.CheckedSubmission.LineDelete;
import dev.trellis.form.internal.CheckedSubmission.LineUpdate;
import dev.trellis.form.internal.CheckedSubmission.LineWrites;
import dev.trellis.form.internal.CheckedSubmission.NewLine;
import dev.trellis.form.internal.CompiledForm.CompiledLines;
import dev.trellis.form.internal.CompiledForm.CompiledRule;
import dev.trellis.form.internal.CompiledForm.LineRollup;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.RecordContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Validates one submission against a compiled form: the envelope ({@code id}, {@code version}, {@code values},
 * {@code lines}), the header's values, every line of every sub-table named, the formulas and roll-ups the save
 * will compute (so rules see them), the per-field rules and the form's rules. It writes nothing and collects
 * every problem. Lines of a new record point at it through a stand-in id until it exists, so a line's rule that
 * reads its master ({@code sales_order.channel}) sees the submitted header.
 */
final class SubmissionValidator {

    /** The id a new header has while its lines are validated, before the database gives it one. */
    private static final long NEW_HEADER = -1;
    static final int MAX_PROBLEMS = 1000;

    private final PublishedApp app;
    private final CompiledForm form;
    private final Actor actor;
    private final ExpressionService expressions;
    private final BiFunction<String, Long, Map<String, Object>> loader;
    private final SubmittedRecord.FileCheck files;

    /**
     * @param loader loads a record a rule reads through a lookup (object, id → values, or null); it sees every
     *               record, as the record service's own checks do: a rule may depend on a field the viewer cannot see
     */
    SubmissionValidator(PublishedApp app, CompiledForm form, Actor actor, ExpressionService expressions,
            BiFunction<String, Long, Map<String, Object>> loader, SubmittedRecord.FileCheck files) {
        this.files = files;
        this.app = app;
        this.form = form;
        this.actor = actor;
        this.expressions = expressions;
        this.loader = loader;
    }

    /**
     * @param stored        the record as stored, for an update; null for a create
     * @param storedLines   per sub-table named in the submission, its current lines by id (empty on a create)
     */
    CheckedSubmission check(JsonNode submission, Long id, Integer version, Map<String, Object> stored,
            Map<String, Map<Long, Map<String, Object>>> storedLines) {
        List<Problem> problems = new ArrayList<>();
        ObjectTable table = new ObjectTable(app.name(), form.object());
        SubmittedRecord header = new SubmittedRecord("/values", null, table, form.fields(), stored, files);
        long headerId = id == null ? NEW_HEADER : id;
        BiFunction<String, Long, Map<String, Object>> related = (object, rid) ->
                object.equals(form.object().name()) && rid == headerId ? header.state() : loader.apply(object, rid);
        JsonNode values = submission.get("values");
        header.read(values == null || values.isNull() ? Json.object() : values, Set.of(), problems);
        RecordContext headerContext = header.context(app, actor, related);
        header.applyDefaults(headerContext, problems);
        checkRecordType(header, problems);

        Map<String, List<SubmittedRecord>> lines = new LinkedHashMap<>();
        Map<String, LineWrites> writes = new LinkedHashMap<>();
        JsonNode linesNode = submission.get("lines");
        if (linesNode != null && !linesNode.isNull() && !linesNode.isObject()) {
            problems.add(Problem.of("form-lines-invalid", "/lines", "lines is an object: sub-table object → [lines]"));
        } else if (linesNode != null && linesNode.isObject()) {
            for (Map.Entry<String, JsonNode> entry : linesNode.properties()) {
                CompiledLines sub = form.lines().get(entry.getKey());
                String path = "/lines/" + entry.getKey();
                if (sub == null || !sub.permissions().read()) {
                    problems.add(Problem.of("form-lines-unknown", path, "the form has no sub-table of "
                            + entry.getKey() + (sub == null ? "" : " that you may see")));
                    continue;
                }
                List<SubmittedRecord> rows = new ArrayList<>();
                writes.put(sub.object(), lines(sub, entry.getValue(), id, storedLines.getOrDefault(sub.object(), Map.of()),
                        related, rows, problems));
                lines.put(sub.object(), rows);
            }
        }
        rollUp(header, lines);
        header.compute(form.formulas(), expressions, app, headerContext, problems);
        header.checkRules(headerContext, problems);
        header.requireUnshown(Set.of(), problems);
        lines.forEach((object, rows) -> {
            CompiledLines sub = form.lines().get(object);
            for (SubmittedRecord row : rows) {
                row.checkRules(row.context(app, actor, related), problems);
                row.requireUnshown(Set.of(sub.via()), problems);
            }
        });
        checkFormRules(headerContext, problems);
        List<Problem> capped = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
        return new CheckedSubmission(List.copyOf(capped), id, version, header.write(), writes, totals(lines));
    }

    /** A typed form takes records of its types only, and gives its one type to a new record that names none. */
    private void checkRecordType(SubmittedRecord header, List<Problem> problems) {
        List<String> types = form.form().recordTypes();
        String field = form.form().recordTypeField();
        if (types.isEmpty()) {
            return;
        }
        if (types.size() == 1) {
            header.setByForm(field, types.getFirst());
        }
        if (!(header.state().get(field) instanceof String type && types.contains(type))) {
            problems.add(header.problem("form-record-type-mismatch", field, "form " + form.form().name() + " is for "
                    + field + " " + String.join(" or ", types) + " records; use the form of this record's type"));
        }
    }

    /** The header's roll-ups over the sub-tables submitted (all of them, on a create), as the save will make them. */
    private void rollUp(SubmittedRecord header, Map<String, List<SubmittedRecord>> lines) {
        for (LineRollup rollup : form.rollups()) {
            List<SubmittedRecord> rows = lines.get(rollup.rollup().object());
            if (rows != null || header.stored() == null) {
                header.state().put(rollup.field().name(), aggregate(rollup.rollup().function().jsonName(),
                        rollup.rollup().field(), rows == null ? List.of() : rows));
            }
        }
    }

    private void checkFormRules(RecordContext header, List<Problem> problems) {
        for (CompiledRule rule : form.rules()) {
            String at = rule.rule().field() == null ? "" : "/values/" + rule.rule().field();
            try {
                if (Boolean.TRUE.equals(rule.condition().evaluate(header))) {
                    problems.add(new Problem("form-rule-failed", at, rule.rule().message(), Map.of("rule", rule.rule().name())));
                }
            } catch (EvaluationException e) {
                problems.add(new Problem("form-rule-error", at, "rule " + rule.rule().name() + ": "
                        + e.problems().getFirst().message(), Map.of("rule", rule.rule().name())));
            }
        }
    }

    /** Each submitted sub-table's totals, computed from its lines as they would be saved. */
    private Map<String, List<FormTotal>> totals(Map<String, List<SubmittedRecord>> lines) {
        Map<String, List<FormTotal>> totals = new LinkedHashMap<>();
        for (CompiledLines sub : form.lines().values()) {
            List<SubmittedRecord> rows = lines.get(sub.object());
            if (rows != null) {
                List<FormTotal> computed = new ArrayList<>();
                for (FormElement.Total total : sub.totals()) {
                    computed.add(new FormTotal(total.field(), total.function(), aggregate(total.function(), total.field(), rows)));
                }
                totals.put(sub.object(), computed);
            }
        }
        return totals;
    }

    private LineWrites lines(CompiledLines sub, JsonNode given, Long headerId, Map<Long, Map<String, Object>> stored,
            BiFunction<String, Long, Map<String, Object>> related, List<SubmittedRecord> rows, List<Problem> problems) {
        String path = "/lines/" + sub.object();
        List<NewLine> creates = new ArrayList<>();
        List<LineUpdate> updates = new ArrayList<>();
        if (!given.isArray()) {
            problems.add(Problem.of("form-lines-invalid", path, sub.object() + " lines are an array"));
            return new LineWrites(List.of(), creates, updates, List.of(), sub.bulk());
        }
        if (given.size() > sub.maxLines()) {
            problems.add(new Problem("form-lines-too-many", path, sub.object() + ": at most " + sub.maxLines()
                    + " lines, not " + given.size(), Map.of("maxLines", sub.maxLines())));
            if (given.size() > 2 * sub.maxLines()) {
                return new LineWrites(List.of(), creates, updates, List.of(), sub.bulk()); // not worth reading further
            }
        }
        ObjectTable table = new ObjectTable(app.name(), sub.definition());
        Set<Long> kept = new HashSet<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < given.size() && problems.size() < MAX_PROBLEMS; i++) {
            JsonNode row = given.get(i);
            String rowPath = path + "/" + i;
            String label = sub.object() + "[" + i + "]";
            Map<String, Object> before = null;
            Integer version = null;
            JsonNode id = row.isObject() ? row.get("id") : null;
            if (id != null && !id.isNull()) {
                before = id.isIntegralNumber() && id.canConvertToLong() ? stored.get(id.longValue()) : null;
                if (before == null) {
                    problems.add(Problem.of("form-line-unknown", rowPath + "/id", label + ".id: " + id
                            + " is not a line of this record that you can read"));
                    continue;
                }
                if (!kept.add(id.longValue())) {
                    problems.add(Problem.of("form-line-duplicate", rowPath + "/id", label + ".id: line " + id
                            + " is submitted twice"));
                    continue;
                }
                JsonNode v = row.get("version");
                if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                    problems.add(Problem.of("version-required", rowPath + "/version", label
                            + ".version: send the version of the line you read, so no change is lost"));
                    continue;
                }
                version = v.intValue();
            }
            SubmittedRecord line = new SubmittedRecord(rowPath, label, table, sub.columns(), before, files);
            JsonNode via = row.isObject() ? row.get(sub.via()) : null;
            if (via != null && !via.isNull() && !(headerId != null && via.isIntegralNumber() && via.longValue() == headerId)) {
                problems.add(line.problem("field-read-only", sub.via(), "the form sets " + sub.via() + " itself"));
            }
            line.read(row, Set.of(sub.via()), problems);
            line.state().put(sub.via(), headerId == null ? NEW_HEADER : headerId);
            RecordContext context = line.context(app, actor, related);
            line.applyDefaults(context, problems);
            line.compute(sub.formulas(), expressions, app, context, problems);
            rows.add(line);
            ids.add(before == null ? null : id.longValue());
            if (before == null) {
                creates.add(new NewLine(i, line.write()));
            } else if (!line.write().isEmpty()) {
                updates.add(new LineUpdate(i, id.longValue(), version, line.write()));
            }
        }
        List<LineDelete> deletes = new ArrayList<>();
        stored.forEach((lineId, values) -> {
            if (!kept.contains(lineId)) {
                deletes.add(new LineDelete(lineId, ((Number) values.get(ObjectTable.VERSION)).intValue()));
            }
        });
        if (!creates.isEmpty() && !sub.permissions().create()) {
            problems.add(Problem.of("object-create-forbidden", path, "you may not add " + sub.object() + " lines"));
        }
        if (!updates.isEmpty() && !sub.permissions().edit()) {
            problems.add(Problem.of("object-edit-forbidden", path, "you may not change " + sub.object() + " lines"));
        }
        if (!deletes.isEmpty() && !sub.permissions().delete()) {
            problems.add(Problem.of("object-delete-forbidden", path, "you may not remove " + sub.object()
                    + " lines (" + deletes.size() + " of them are left out of the submission)"));
        }
        return new LineWrites(ids, creates, updates, deletes, sub.bulk());
    }

    /** count, sum, min or max of a field over the lines, blanks left out; a sum of no lines is 0, a min or max null. */
    static Object aggregate(String function, String field, List<SubmittedRecord> rows) {
        if ("count".equals(function)) {
            return BigDecimal.valueOf(rows.size());
        }
        BigDecimal result = "sum".equals(function) ? BigDecimal.ZERO : null;
        for (SubmittedRecord row : rows) {
            Object value = row.state().get(field);
            if (!(value instanceof Number n)) {
                continue;
            }
            BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
            result = switch (function) {
                case "sum" -> result.add(d);
                case "min" -> result == null || d.compareTo(result) < 0 ? d : result;
                default -> result == null || d.compareTo(result) > 0 ? d : result;
            };
        }
        return result;
    }
}
