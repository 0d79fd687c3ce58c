package dev.trellis.report.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.security.OperationLog;
import dev.trellis.data.Export;
import dev.trellis.data.TabularFormat;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.ReadScope;
import dev.trellis.core.storage.ValueConverter;
import dev.trellis.report.ReportColumn;
import dev.trellis.report.ReportDefinition;
import dev.trellis.report.ReportResult;
import dev.trellis.report.ReportService;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Runs reports: takes the plan of the published report (made once per generation), the viewer's read
 * scope on every object it reaches, binds the parameters and runs the one statement. Results of grouped
 * runs are cached by {@link ResultCache}.
 */
public final class DefaultReportService implements ReportService {

    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 10_000;
    /** A list report (no groupings, no aggregates) shows at most this many records unless it says fewer. */
    private static final int MAX_LIST = 10_000;

    private record PlanKey(String report) {
    }

    /** A plan bound to one viewer and one set of parameter values. */
    record Bound(PublishedApp app, ReportPlan plan, Map<SourceRows.Hop, Condition> scopes, String scopeKey,
            Map<String, JsonNode> values, Filter filter, Filter having, boolean mayExport) {
    }

    private final MetadataService metadata;
    private final DSLContext dsl;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ResultCache cache;
    private final OperationLog log;

    public DefaultReportService(MetadataService metadata, DSLContext dsl, TransactionTemplate tx, Clock clock,
            ResultCache cache, OperationLog log) {
        this.metadata = metadata;
        this.dsl = dsl;
        this.tx = tx;
        this.clock = clock;
        this.cache = cache;
        this.log = log;
    }

    /** The plan of a published report, made once per generation. */
    ReportPlan plan(PublishedApp app, String report) {
        return app.compiled(new PlanKey(report), p -> {
            ReportDefinition definition = p.find(ReportKind.NAME, report, ReportDefinition.class)
                    .orElseThrow(() -> new NotFoundException("report-not-found", "app '" + p.name()
                            + "' has no published report '" + report + "'"));
            List<Problem> problems = new ArrayList<>();
            ReportPlan plan = ReportPlan.plan(p.name(), definition, p::findObject, LocalDate.now(clock), problems);
            if (plan == null) {
                throw new IllegalStateException("published report " + report + " does not plan: " + problems);
            }
            return plan;
        });
    }

    Bound bind(Actor actor, String app, String report, Map<String, JsonNode> parameters) {
        PublishedApp published = metadata.published(app);
        ReportPlan plan = plan(published, report);
        Map<SourceRows.Hop, Condition> scopes = new LinkedHashMap<>();
        StringBuilder scopeKey = new StringBuilder();
        List<Problem> hidden = new ArrayList<>();
        boolean mayExport = false;
        for (SourceRows.Hop hop : plan.rows.hops()) {
            ReadScope scope = ReadScope.of(actor, published, hop.object(), dsl);
            if (hop == plan.rows.root() && !scope.permissions().read()) {
                throw new ForbiddenException("object-read-forbidden", "you may not read " + hop.object()
                        + " records, so you may not run report " + report);
            }
            scopes.put(hop, scope.read());
            if (hop == plan.rows.root()) {
                mayExport = scope.permissions().export();
            }
            // two viewers with the same predicates see the same numbers: the rendered predicate is the scope
            scopeKey.append(hop.alias).append(':').append(scope.unrestricted() ? "*" : dsl.renderInlined(scope.read()))
                    .append(';');
            for (SourceRows.Resolved r : plan.rows.paths()) {
                if (r.hop() == hop && !scope.permissions().canSee(r.column())) {
                    hidden.add(Problem.of("field-forbidden", plan.usedAt.get(r.path()), "you may not see field "
                            + r.column() + " of " + hop.object() + ", which this report uses"));
                }
            }
        }
        if (!hidden.isEmpty()) {
            throw new ForbiddenException("field-forbidden", "report " + report + " uses fields you may not see", hidden);
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, JsonNode> values = Parameters.resolve(plan.definition, parameters == null ? Map.of() : parameters,
                LocalDate.now(clock), problems);
        Map<String, ReportDefinition.Parameter> declared = new LinkedHashMap<>();
        plan.definition.parameters().forEach(p -> declared.put(p.name(), p));
        Filter filter = Parameters.bind(plan.filter, values, declared, plan.rowTable, clock.getZone(), problems);
        Filter having = Parameters.bind(plan.having, values, declared, plan.measureTable(), clock.getZone(), problems);
        if (problems.isEmpty()) {
            ReportStatements.where(plan, filter); // a value of the wrong kind for its field, named at its path
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return new Bound(published, plan, scopes, scopeKey.toString(), values, filter, having, mayExport);
    }

    @Override
    public ReportResult run(Actor actor, String app, String report, Map<String, JsonNode> parameters) {
        Bound b = bind(actor, app, report, parameters);
        if (listing(b.plan())) {
            return records(b, DSL.noCondition(), null, listLimit(b.plan()));
        }
        ResultCache.Key key = new ResultCache.Key(app, b.app().generation(), report, b.values().toString(), b.scopeKey());
        return cache.get(key, b.plan().rows.hops(), () -> grouped(b, b.plan().groupings, DSL.noCondition(),
                b.plan().definition.limit()));
    }

    private static boolean listing(ReportPlan plan) {
        return plan.groupings.isEmpty() && plan.aggregates.isEmpty();
    }

    private static int listLimit(ReportPlan plan) {
        return plan.definition.limit() == null ? MAX_LIST : Math.min(plan.definition.limit(), MAX_LIST);
    }

    private ReportResult grouped(Bound b, List<ReportPlan.Grouping> groupBy, Condition cell, Integer limit) {
        ReportStatements.Run run = new ReportStatements.Run(b.scopes(), b.filter(), b.having(), groupBy, cell, limit);
        List<ReportColumn> columns = ReportStatements.columns(b.plan(), groupBy);
        List<List<Object>> rows = dsl.fetch(ReportStatements.grouped(b.plan(), run)).map(DefaultReportService::values);
        return new ReportResult(b.plan().definition.name(), columns, rows, false);
    }

    private ReportResult records(Bound b, Condition cell, Long after, int limit) {
        ReportStatements.Run run = new ReportStatements.Run(b.scopes(), b.filter(), null, List.of(), cell, null);
        List<SourceRows.Resolved> fields = recordColumns(b.plan());
        List<List<Object>> rows = new ArrayList<>(dsl.fetch(ReportStatements.records(b.plan(), run, fields, after,
                limit + 1)).map(DefaultReportService::values));
        boolean truncated = rows.size() > limit;
        if (truncated) {
            rows.removeLast();
        }
        return new ReportResult(b.plan().definition.name(), recordHeader(b.plan(), fields), rows, truncated);
    }

    /** The report's columns, or else every field its groupings and aggregates read. */
    private static List<SourceRows.Resolved> recordColumns(ReportPlan plan) {
        if (!plan.columns.isEmpty()) {
            return plan.columns;
        }
        return Stream.concat(plan.groupings.stream().map(ReportPlan.Grouping::field),
                plan.aggregates.stream().map(ReportPlan.Aggregate::field)).filter(java.util.Objects::nonNull)
                .distinct().toList();
    }

    private static List<ReportColumn> recordHeader(ReportPlan plan, List<SourceRows.Resolved> fields) {
        List<ReportColumn> columns = new ArrayList<>();
        columns.add(new ReportColumn("id", Map.of(), "field", "integer", "0", null, null));
        for (SourceRows.Resolved f : fields) {
            ReportDefinition.Column defined = plan.definition.columns().stream()
                    .filter(c -> c.field().equals(f.path())).findFirst().orElse(null);
            columns.add(plan.column(f, defined));
        }
        return columns;
    }

    static List<Object> values(Record record) {
        Object[] values = record.intoArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = ValueConverter.fromColumn(values[i]);
            if (values[i] instanceof java.time.temporal.Temporal t) {
                values[i] = t.toString();
            }
        }
        return Arrays.asList(values);
    }

    /** A streamed row keeps its dates as dates, so a spreadsheet gets real date cells. */
    private static List<Object> typedValues(Record record) {
        Object[] values = record.intoArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = ValueConverter.fromColumn(values[i]);
        }
        return Arrays.asList(values);
    }

    @Override
    public ReportResult drill(Actor actor, String app, String report, Map<String, JsonNode> parameters, Drill drill) {
        Bound b = bind(actor, app, report, parameters);
        ReportPlan plan = b.plan();
        List<Problem> problems = new ArrayList<>();
        List<Condition> coordinates = new ArrayList<>();
        int deepest = -1;
        List<ReportPlan.Grouping> levels = Stream.concat(plan.groupings.stream(), plan.drillLevels.stream()).toList();
        for (Map.Entry<String, JsonNode> e : drill.cell().entrySet()) {
            ReportPlan.Grouping g = plan.findGrouping(e.getKey()).orElse(null);
            if (g == null) {
                problems.add(Problem.of("report-grouping-unknown", "/cell/" + e.getKey(), "report " + report
                        + " has no grouping '" + e.getKey() + "'"));
                continue;
            }
            deepest = Math.max(deepest, levels.indexOf(g));
            coordinates.add(coordinate(g, e.getValue(), "/cell/" + e.getKey(), problems));
        }
        String to = drill.to();
        ReportPlan.Grouping next = null;
        if (to == null) {
            next = deepest + 1 < levels.size() ? levels.get(deepest + 1) : null;
        } else if (!Drill.RECORDS.equals(to)) {
            next = plan.findGrouping(to).orElse(null);
            if (next == null) {
                problems.add(Problem.of("report-grouping-unknown", "/to", "drill to one of "
                        + levels.stream().map(ReportPlan.Grouping::name).toList() + " or records"));
            }
        }
        int limit = drill.limit() == null ? DEFAULT_PAGE : drill.limit();
        if (limit < 1 || limit > MAX_PAGE) {
            problems.add(Problem.of("report-limit-invalid", "/limit", "a page holds 1 to " + MAX_PAGE + " records"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        Condition cell = DSL.and(coordinates);
        if (next == null) {
            return records(b, cell, drill.after(), limit);
        }
        return grouped(b, List.of(next), cell, null);
    }

    /** The condition that a row falls in a cell's value of one grouping. */
    private static Condition coordinate(ReportPlan.Grouping g, JsonNode value, String path, List<Problem> problems) {
        Field<?> expression = ReportStatements.expression(g);
        if (value == null || value.isNull()) {
            return expression.isNull();
        }
        if (g.bucket() != null) {
            try {
                return expression.cast(java.time.LocalDate.class).eq(LocalDate.parse(value.asString()));
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(Problem.of("report-cell-invalid", path, g.name() + " is a date (yyyy-mm-dd)"));
                return DSL.noCondition();
            }
        }
        @SuppressWarnings("unchecked")
        Field<Object> column = (Field<Object>) expression;
        Object converted = ValueConverter.toColumn(g.field().definition(), value, path, problems);
        return converted == null ? DSL.noCondition() : column.eq(converted);
    }

    @Override
    public void stream(Actor actor, String app, String report, Map<String, JsonNode> parameters, RowSink sink) {
        Streamable streamable = streamable(actor, app, report, parameters);
        sink.columns(streamable.columns());
        streamable.rows().accept(sink);
    }

    @Override
    public Export export(Actor actor, String app, String report, Map<String, JsonNode> parameters,
            TabularFormat format, String locale) {
        return new ReportExport(app, report, streamable(actor, app, report, parameters), format, locale, log, actor,
                clock);
    }

    /** A report checked for an export (read and export permissions, parameters) and ready to stream its rows. */
    record Streamable(List<ReportColumn> columns, java.util.function.Consumer<RowSink> rows) {
    }

    private Streamable streamable(Actor actor, String app, String report, Map<String, JsonNode> parameters) {
        Bound b = bind(actor, app, report, parameters);
        if (!b.mayExport()) {
            throw new ForbiddenException("object-export-forbidden", "you may not export " + b.plan().rows.root().object()
                    + " records, so you may not export report " + report);
        }
        ReportPlan plan = b.plan();
        Select<Record> select;
        List<ReportColumn> columns;
        if (listing(plan)) {
            ReportStatements.Run run = new ReportStatements.Run(b.scopes(), b.filter(), null, List.of(),
                    DSL.noCondition(), null);
            List<SourceRows.Resolved> fields = recordColumns(plan);
            columns = recordHeader(plan, fields);
            select = ReportStatements.records(plan, run, fields, null, plan.definition.limit() == null
                    ? Integer.MAX_VALUE : plan.definition.limit());
        } else {
            ReportStatements.Run run = new ReportStatements.Run(b.scopes(), b.filter(), b.having(), plan.groupings,
                    DSL.noCondition(), plan.definition.limit());
            columns = ReportStatements.columns(plan, plan.groupings);
            select = ReportStatements.grouped(plan, run);
        }
        // PostgreSQL streams a result with a fetch size only inside a transaction; without one it sends it all
        return new Streamable(columns, sink -> tx.execute(status -> {
            select.attach(dsl.configuration());
            try (Cursor<Record> cursor = select.fetchSize(1_000).fetchLazy()) {
                for (Record r : cursor) {
                    sink.row(typedValues(r));
                }
            }
            return null;
        }));
    }

    /**
     * Whether the actor reads every record and field the report reads (as the snapshot job does), so figures
     * computed with full access tell them nothing they could not see.
     */
    boolean readsEverything(Actor actor, String app, String report) {
        PublishedApp published = metadata.published(app);
        for (SourceRows.Hop hop : plan(published, report).rows.hops()) {
            ReadScope scope = ReadScope.of(actor, published, hop.object(), dsl);
            if (!scope.permissions().read() || !scope.unrestricted() || !scope.permissions().hiddenFields().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<ReportColumn> columns(Actor actor, String app, String report) {
        Bound b = bind(actor, app, report, Map.of());
        return listing(b.plan()) ? recordHeader(b.plan(), recordColumns(b.plan()))
                : ReportStatements.columns(b.plan(), b.plan().groupings);
    }
}
