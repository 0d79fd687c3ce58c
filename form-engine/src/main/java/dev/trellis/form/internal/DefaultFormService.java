package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormService;
import dev.trellis.form.FormSubmitResult;
import dev.trellis.rule.ExpressionService;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Picks the form for a viewer, builds its render model, and validates and saves submissions: the form is
 * compiled once per published generation and permission scope, the submission checked against it, then
 * record and lines written through the record service in one transaction.
 */
public final class DefaultFormService implements FormService {

    private final MetadataService metadata;
    private final RecordService records;
    private final ExpressionService expressions;
    private final TransactionTemplate tx;
    private final FormCompiler compiler;
    private final FormSaver saver;
    private final DefaultAttachmentService attachments;

    public DefaultFormService(MetadataService metadata, RecordService records, ExpressionService expressions,
            TransactionTemplate tx, DefaultAttachmentService attachments) {
        this.attachments = attachments;
        this.metadata = metadata;
        this.records = records;
        this.expressions = expressions;
        this.tx = tx;
        this.compiler = new FormCompiler(expressions);
        this.saver = new FormSaver(records);
    }

    @Override
    public ObjectNode render(Actor actor, String app, String object, String form, String recordType) {
        PublishedApp published = metadata.published(app);
        FormDefinition chosen = form(published, object, form, actor, recordType);
        return RenderModels.render(published, chosen, actor, (viewer, o) -> records.permissions(viewer, app, o));
    }

    @Override
    public List<Problem> validate(Actor actor, String app, String object, String form, JsonNode submission) {
        PublishedApp published = metadata.published(app);
        CompiledForm compiled = compiled(published, form(published, object, form, actor, null), actor);
        return check(actor, published, compiled, submission).problems();
    }

    @Override
    public FormSubmitResult submit(Actor actor, String app, String object, String form, JsonNode submission) {
        PublishedApp published = metadata.published(app);
        CompiledForm compiled = compiled(published, form(published, object, form, actor, null), actor);
        return tx.execute(status -> {
            CheckedSubmission checked = check(actor, published, compiled, submission);
            if (!checked.problems().isEmpty()) {
                throw new InvalidException(checked.problems());
            }
            return saver.save(actor, app, compiled, checked);
        });
    }

    /** The form compiled for the viewer's permission scope, once per generation and scope. */
    CompiledForm compiled(PublishedApp published, FormDefinition form, Actor actor) {
        Permissions header = records.permissions(actor, published.name(), form.object());
        Map<String, Permissions> lines = new LinkedHashMap<>();
        for (String detail : published.compiled(new SubTablesKey(form.name(), form.object()), p -> FormCompiler.subTables(form))) {
            lines.put(detail, records.permissions(actor, published.name(), detail));
        }
        CompiledForm.Key key = new CompiledForm.Key(form.name(), form.object(), actor.isPartner(), header, lines);
        return published.compiled(key, p -> compiler.compile(p, form, key));
    }

    private record SubTablesKey(String form, String object) {
    }

    private CheckedSubmission check(Actor actor, PublishedApp published, CompiledForm form, JsonNode submission) {
        if (submission == null || !submission.isObject()) {
            throw InvalidException.of("form-submission-invalid", "", "a submission is {\"values\": {…}, \"lines\": {…}}"
                    + " with the record's id and version when it changes a stored record");
        }
        for (String property : submission.propertyNames()) {
            if (!Set.of("id", "version", "values", "lines").contains(property)) {
                throw InvalidException.of("form-submission-invalid", "/" + property, "a submission has id, version,"
                        + " values and lines; put field values under values");
            }
        }
        Long id = null;
        Integer version = null;
        Map<String, Object> stored = null;
        Map<String, Map<Long, Map<String, Object>>> storedLines = new LinkedHashMap<>();
        JsonNode idNode = submission.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isIntegralNumber() || !idNode.canConvertToLong()) {
                throw InvalidException.of("value-type-mismatch", "/id", "the id is the record's number");
            }
            JsonNode v = submission.get("version");
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw InvalidException.of("version-required", "/version",
                        "send the version of the record you read, so no change is lost");
            }
            id = idNode.longValue();
            version = v.intValue();
            stored = records.get(actor, published.name(), form.object().name(), id, Set.of());
            JsonNode lines = submission.get("lines");
            if (lines != null && lines.isObject()) {
                for (String detail : lines.propertyNames()) {
                    CompiledForm.CompiledLines sub = form.lines().get(detail);
                    if (sub != null && sub.permissions().read()) {
                        storedLines.put(detail, storedLines(actor, published.name(), sub, id));
                    }
                }
            }
        }
        return new SubmissionValidator(published, form, actor, expressions, (o, rid) -> load(published.name(), o, rid),
                (object, field, limits, file, recordId) -> attachments.check(actor, published.name(), object, field,
                        limits, file, recordId)).check(submission, id, version, stored, storedLines);
    }

    /** The lines of a record the viewer can read, by id, a page at a time. */
    private Map<Long, Map<String, Object>> storedLines(Actor actor, String app, CompiledForm.CompiledLines sub, long id) {
        Map<Long, Map<String, Object>> lines = new LinkedHashMap<>();
        Filter filter = new Filter.Condition(sub.via(), Filter.Operator.EQ, dev.trellis.core.json.Json.tree(id), "/filter");
        String after = null;
        do {
            RecordPage page = records.query(actor, app, sub.object(), new RecordQuery(filter, List.of(),
                    RecordQuery.MAX_LIMIT, after, false, Set.of()));
            page.records().forEach(r -> lines.put((Long) r.get(ObjectTable.ID), r));
            after = page.next();
        } while (after != null);
        return lines;
    }

    /**
     * A record a rule reads through a lookup, read by the platform (as the record service's own checks read them):
     * a rule may depend on a field the viewer cannot see; only its verdict reaches them.
     */
    private Map<String, Object> load(String app, String object, long id) {
        try {
            return records.get(Actor.system(), app, object, id, Set.of());
        } catch (NotFoundException e) {
            return null;
        }
    }

    /**
     * The named form (which the viewer must be entitled to by role), or the one chosen for the viewer. A form
     * of other roles is refused rather than shown: it may lay out fields for a different audience.
     */
    private static FormDefinition form(PublishedApp app, String object, String form, Actor actor, String recordType) {
        app.getObject(object);
        if (form == null) {
            return choose(app, object, actor, recordType);
        }
        FormDefinition named = app.find(FormKind.NAME, form, FormDefinition.class).filter(f -> f.object().equals(object))
                .orElseGet(() -> {
                    if (form.equals("default")) {
                        return RenderModels.defaultForm(app, app.getObject(object));
                    }
                    throw new NotFoundException("form-not-found", "object " + object + " has no form '" + form + "'");
                });
        if (!actor.isAdmin() && !named.roles().isEmpty() && named.roles().stream().noneMatch(actor.roles()::contains)) {
            throw new ForbiddenException("form-forbidden", "form " + form + " is for " + named.roles());
        }
        return named;
    }

    /**
     * A form for the record type first (one naming it before one serving every type; without a type, only forms
     * serving every type), then for one of the viewer's roles before one for everyone, by name; else the default.
     */
    private static FormDefinition choose(PublishedApp app, String object, Actor actor, String recordType) {
        var forms = app.all(FormKind.NAME, FormDefinition.class).values().stream()
                .filter(f -> f.object().equals(object) && (recordType == null ? f.recordTypes().isEmpty() : f.serves(recordType)))
                .filter(f -> f.roles().isEmpty() || f.roles().stream().anyMatch(actor.roles()::contains))
                .sorted(Comparator.comparing((FormDefinition f) -> f.recordTypes().isEmpty())
                        .thenComparing(f -> f.roles().isEmpty()).thenComparing(FormDefinition::name))
                .toList();
        return forms.isEmpty() ? RenderModels.defaultForm(app, app.getObject(object)) : forms.getFirst();
    }
}
