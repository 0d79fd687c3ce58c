package dev.trellis.rule.routing.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordService;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.routing.Decision;
import dev.trellis.rule.routing.DecisionService;
import dev.trellis.rule.routing.DecisionTableDefinition;
import dev.trellis.rule.testrun.TracingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Decides with the published tables, each compiled once per generation. */
public final class DefaultDecisionService implements DecisionService {

    private final MetadataService metadata;
    private final RecordService records;
    private final ExpressionService expressions;
    private final Clock clock;

    public DefaultDecisionService(MetadataService metadata, RecordService records, ExpressionService expressions,
            Clock clock) {
        this.metadata = metadata;
        this.records = records;
        this.expressions = expressions;
        this.clock = clock;
    }

    private record TableKey(String table) {
    }

    @Override
    public Decision decide(Actor actor, String app, String table, long recordId) {
        PublishedApp published = metadata.published(app);
        CompiledTable compiled = table(published, table);
        Map<String, Object> record = records.get(actor, app, compiled.definition().object(), recordId, Set.of());
        return decide(actor, published, compiled, record);
    }

    @Override
    public Decision decide(Actor actor, String app, String table, Map<String, Object> record) {
        PublishedApp published = metadata.published(app);
        return decide(actor, published, table(published, table), record);
    }

    private Decision decide(Actor actor, PublishedApp app, CompiledTable table, Map<String, Object> record) {
        String object = table.definition().object();
        Map<String, Object> reads = new LinkedHashMap<>();
        TracingContext context = new TracingContext(new MapRecordContext(ExpressionScope.of(app, object), record, null,
                actor, (target, id) -> related(app.name(), target, id)), reads);
        return table.decide(context, reads);
    }

    private Map<String, Object> related(String app, String object, long id) {
        try {
            return records.get(Actor.system(), app, object, id, Set.of());
        } catch (NotFoundException e) {
            return null;
        }
    }

    private CompiledTable table(PublishedApp app, String name) {
        DecisionTableDefinition definition = app.find(DecisionTableKind.NAME, name, DecisionTableDefinition.class)
                .filter(t -> t.inForce(LocalDate.now(clock)))
                .orElseThrow(() -> new NotFoundException("decision-table-not-found", "app '" + app.name()
                        + "' has no decision table '" + name + "' in force"));
        return app.compiled(new TableKey(name), p -> CompiledTable.compile(definition,
                (source, type) -> expressions.compiled(p, definition.object(), source, type)));
    }
}
