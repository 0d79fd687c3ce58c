package dev.trellis.rule.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataPublishedEvent;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * After a publish, computes the formula fields that are new or whose formula changed for every record that
 * already exists, page by page — a definition change, like a column's new default, so not audited per
 * record. What each field was last computed with is kept in {@code trellis_sys.formula_state}. Records that
 * cannot be computed (a division by zero) keep a blank value and are counted in the log.
 */
public final class FormulaBackfill {

    private static final Logger log = LoggerFactory.getLogger(FormulaBackfill.class);
    private static final Table<Record> STATE = table(name("trellis_sys", "formula_state"));
    private static final int PAGE = 1_000;

    private final MetadataService metadata;
    private final RecordService records;
    private final FormulaFields formulas;
    private final DSLContext dsl;

    public FormulaBackfill(MetadataService metadata, RecordService records, FormulaFields formulas, DSLContext dsl) {
        this.metadata = metadata;
        this.records = records;
        this.formulas = formulas;
        this.dsl = dsl;
    }

    @EventListener
    public void published(MetadataPublishedEvent event) {
        PublishedApp app = metadata.published(event.app());
        Map<String, String> known = new HashMap<>();
        dsl.select(field(name("object"), String.class), field(name("field"), String.class),
                        field(name("formula"), String.class)).from(STATE).where(field(name("app")).eq(app.name()))
                .forEach(r -> known.put(r.value1() + "/" + r.value2(), r.value3()));
        for (ObjectDefinition object : app.objects().values()) {
            List<FieldDefinition> stale = object.fields().stream().filter(f -> f.formula() != null
                    && !f.formula().equals(known.get(object.name() + "/" + f.name()))).toList();
            if (!stale.isEmpty()) {
                backfill(app, object, stale);
            }
        }
    }

    /** Computes the stale formulas of every record of the object and stores the changed values. */
    public void backfill(PublishedApp app, ObjectDefinition object, List<FieldDefinition> stale) {
        ObjectTable t = new ObjectTable(app.name(), object);
        Actor system = Actor.system();
        int failed = 0;
        int written = 0;
        String after = null;
        do {
            RecordQuery query = new RecordQuery(null, List.of(), PAGE, after, false, java.util.Set.of());
            RecordPage page = records.query(system, app.name(), object.name(), query);
            List<Query> updates = new ArrayList<>();
            for (Map<String, Object> record : page.records()) {
                Map<String, Object> computed = new HashMap<>(record);
                List<Problem> problems = new ArrayList<>();
                formulas.compute(system, app, object.name(), computed, record, (o, id) -> {
                    try {
                        return records.get(system, app.name(), o, id, java.util.Set.of());
                    } catch (RuntimeException e) {
                        return null;
                    }
                }, problems);
                if (!problems.isEmpty()) {
                    failed++;
                    continue;
                }
                for (FieldDefinition field : stale) {
                    Object value = computed.get(field.name());
                    if (!Objects.equals(value, record.get(field.name()))) {
                        List<Problem> conversion = new ArrayList<>();
                        Object column = ValueConverter.toColumn(field, Json.tree(value), "/" + field.name(), conversion);
                        if (conversion.isEmpty()) {
                            updates.add(dsl.update(t.table()).set(t.getColumn(field.name()).field(), column)
                                    .where(t.id.eq((Long) record.get(ObjectTable.ID))));
                        }
                    }
                }
            }
            if (!updates.isEmpty()) {
                dsl.batch(updates).execute();
                written += updates.size();
            }
            after = page.next();
        } while (after != null);
        for (FieldDefinition field : stale) {
            dsl.insertInto(STATE, field(name("app")), field(name("object")), field(name("field")),
                            field(name("formula"), SQLDataType.CLOB))
                    .values(app.name(), object.name(), field.name(), field.formula())
                    .onConflict(field(name("app")), field(name("object")), field(name("field")))
                    .doUpdate().set(field(name("formula"), SQLDataType.CLOB), field.formula()).execute();
        }
        log.info("computed {} formula value(s) of {}.{} for existing records; {} record(s) could not be computed",
                written, app.name(), object.name(), failed);
    }
}
