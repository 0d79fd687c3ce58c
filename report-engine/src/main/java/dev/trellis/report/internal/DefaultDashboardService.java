package dev.trellis.report.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.report.DashboardDefinition;
import dev.trellis.report.DashboardService;
import dev.trellis.report.DashboardView;
import dev.trellis.report.KpiSnapshot;
import dev.trellis.report.ReportDefinition;
import dev.trellis.report.ReportResult;
import dev.trellis.report.ReportService;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Renders dashboards: resolves the global filters, runs each widget's report through the report service
 * (so every widget obeys the viewer's permissions and shares the result cache) and shapes the results with
 * {@link RenderModels}. Snapshots are taken with full access, so a KPI's kept history is shown only to
 * viewers who read everything the report reads; others see the live figures only.
 */
public final class DefaultDashboardService implements DashboardService {

    private final MetadataService metadata;
    private final DefaultReportService reports;
    private final KpiSnapshots snapshots;
    private final Clock clock;

    public DefaultDashboardService(MetadataService metadata, DefaultReportService reports, KpiSnapshots snapshots,
            Clock clock) {
        this.metadata = metadata;
        this.reports = reports;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    static DashboardDefinition dashboard(PublishedApp app, String name) {
        return app.find(DashboardKind.NAME, name, DashboardDefinition.class).orElseThrow(() ->
                new NotFoundException("dashboard-not-found", "app '" + app.name() + "' has no published dashboard '"
                        + name + "'"));
    }

    static DashboardDefinition.Widget widget(DashboardDefinition dashboard, String name) {
        return dashboard.widgets().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() ->
                new NotFoundException("widget-not-found", "dashboard " + dashboard.name() + " has no widget '" + name + "'"));
    }

    /** The filter values in force: given ones checked against their types, defaults for the rest. */
    Map<String, JsonNode> filterValues(DashboardDefinition dashboard, Map<String, JsonNode> given) {
        List<Problem> problems = new ArrayList<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        given.keySet().stream().filter(n -> dashboard.filters().stream().noneMatch(f -> f.name().equals(n)))
                .forEach(n -> problems.add(Problem.of("dashboard-filter-unknown", "/" + n, "dashboard "
                        + dashboard.name() + " has no filter '" + n + "'")));
        for (ReportDefinition.Parameter f : dashboard.filters()) {
            JsonNode value = given.containsKey(f.name()) ? given.get(f.name()) : f.defaultValue();
            if (value != null && !value.isNull()
                    && Parameters.check(f, value, LocalDate.now(clock), "/" + f.name(), problems) != null) {
                values.put(f.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return values;
    }

    /** A widget's report parameters: the global filters its report declares, under the widget's own values. */
    static Map<String, JsonNode> parameters(PublishedApp app, DashboardDefinition.Widget w, Map<String, JsonNode> filters) {
        ReportDefinition report = app.find(ReportKind.NAME, w.report(), ReportDefinition.class).orElseThrow(() ->
                new NotFoundException("report-not-found", "no published report '" + w.report() + "'"));
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (ReportDefinition.Parameter p : report.parameters()) {
            if (filters.containsKey(p.name())) {
                parameters.put(p.name(), filters.get(p.name()));
            }
        }
        parameters.putAll(w.parameters());
        return parameters;
    }

    @Override
    public DashboardView render(Actor actor, String app, String name, Map<String, JsonNode> given) {
        PublishedApp published = metadata.published(app);
        DashboardDefinition dashboard = dashboard(published, name);
        Map<String, JsonNode> filters = filterValues(dashboard, given == null ? Map.of() : given);
        List<DashboardView.WidgetView> widgets = new ArrayList<>();
        for (DashboardDefinition.Widget w : dashboard.widgets()) {
            widgets.add(widget(actor, published, dashboard, w, filters));
        }
        List<DashboardView.Filter> filterViews = dashboard.filters().stream()
                .map(f -> new DashboardView.Filter(f.name(), f.label(), f.type(), filters.get(f.name()))).toList();
        return new DashboardView(dashboard.name(), dashboard.label(), dashboard.gridColumns(), filterViews, widgets);
    }

    private DashboardView.WidgetView widget(Actor actor, PublishedApp app, DashboardDefinition dashboard,
            DashboardDefinition.Widget w, Map<String, JsonNode> filters) {
        Map<String, JsonNode> parameters = parameters(app, w, filters);
        ReportPlan plan = reports.plan(app, w.report());
        List<String> levels = java.util.stream.Stream.concat(plan.groupings.stream(), plan.drillLevels.stream())
                .map(ReportPlan.Grouping::name).toList();
        ReportResult result;
        try {
            result = reports.run(actor, app.name(), w.report(), parameters);
        } catch (ForbiddenException | InvalidException e) {
            return view(w, parameters, null, null, null, null, levels, new DashboardView.Error(e.code(), e.getMessage()));
        }
        return switch (w.type()) {
            case "kpi" -> {
                List<DashboardView.Point> kept = w.snapshot() != null && reports.readsEverything(actor, app.name(), w.report())
                        ? snapshots.history(app.name(), dashboard.name(), w, 12) : List.of();
                yield view(w, parameters, result, null, RenderModels.kpi(w, result, kept), null, levels, null);
            }
            case "pivot" -> view(w, parameters, result, null, null, RenderModels.pivot(w, result), levels, null);
            case "table" -> view(w, parameters, result, null, null, null, levels, null);
            default -> view(w, parameters, result, RenderModels.chart(w, result), null, null, levels, null);
        };
    }

    private static DashboardView.WidgetView view(DashboardDefinition.Widget w, Map<String, JsonNode> parameters,
            ReportResult data, Map<String, Object> option, DashboardView.Kpi kpi, DashboardView.Pivot pivot,
            List<String> levels, DashboardView.Error error) {
        return new DashboardView.WidgetView(w.name(), w.type(), w.label(), w.x(), w.y(), w.width(), w.height(),
                w.report(), parameters, data, option, kpi, pivot, levels, error);
    }

    @Override
    public ReportResult drill(Actor actor, String app, String name, String widget, Map<String, JsonNode> given,
            ReportService.Drill drill) {
        PublishedApp published = metadata.published(app);
        DashboardDefinition dashboard = dashboard(published, name);
        DashboardDefinition.Widget w = widget(dashboard, widget);
        Map<String, JsonNode> filters = filterValues(dashboard, given == null ? Map.of() : given);
        return reports.drill(actor, app, w.report(), parameters(published, w, filters), drill);
    }

    @Override
    public List<KpiSnapshot> snapshots(Actor actor, String app, String name, String widget, int limit) {
        PublishedApp published = metadata.published(app);
        DashboardDefinition.Widget w = widget(dashboard(published, name), widget);
        if (!reports.readsEverything(actor, app, w.report())) {
            throw new ForbiddenException("snapshot-forbidden", "KPI snapshots are computed over every record;"
                    + " they are shown to those who may read every record report " + w.report() + " reads");
        }
        return snapshots.list(app, name, widget, limit);
    }

    @Override
    public int takeDueSnapshots() {
        return snapshots.takeDue(this);
    }

    /** The value of a KPI widget now, over every record, under the dashboard's default filters. */
    java.math.BigDecimal kpiValue(PublishedApp app, DashboardDefinition dashboard, DashboardDefinition.Widget w) {
        Map<String, JsonNode> parameters = parameters(app, w, filterValues(dashboard, Map.of()));
        ReportResult result = reports.run(Actor.system(), app.name(), w.report(), parameters);
        return RenderModels.kpi(w, result, List.of()).value();
    }
}
