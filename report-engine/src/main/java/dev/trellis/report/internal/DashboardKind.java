package dev.trellis.report.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.report.DashboardDefinition;
import dev.trellis.report.ReportDefinition;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code dashboard} kind. Each widget names a report of the app and, by name, the groupings and
 * measures of that report it draws, as its type needs them (a chart: a category and series; a KPI card or a
 * pivot: a value); widgets stay inside the grid; a global filter has the type of every report parameter it
 * feeds.
 */
public final class DashboardKind implements MetadataKind<DashboardDefinition> {

    public static final String NAME = "dashboard";

    private final Clock clock;

    public DashboardKind(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<DashboardDefinition> type() {
        return DashboardDefinition.class;
    }

    @Override
    public String nameOf(DashboardDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(DashboardDefinition dashboard, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(dashboard.name(), "/name", problems);
        LocalDate today = LocalDate.now(clock);
        Set<String> filterNames = new HashSet<>();
        for (int i = 0; i < dashboard.filters().size(); i++) {
            ReportDefinition.Parameter f = dashboard.filters().get(i);
            if (!filterNames.add(f.name())) {
                problems.add(Problem.of("dashboard-name-duplicate", "/filters/" + i + "/name", "filter " + f.name()
                        + " is declared twice"));
            }
            if (f.defaultValue() != null) {
                Parameters.check(f, f.defaultValue(), today, "/filters/" + i + "/defaultValue", problems);
            }
        }
        Set<String> widgetNames = new HashSet<>();
        for (int i = 0; i < dashboard.widgets().size(); i++) {
            DashboardDefinition.Widget w = dashboard.widgets().get(i);
            String path = "/widgets/" + i;
            if (!widgetNames.add(w.name())) {
                problems.add(Problem.of("dashboard-name-duplicate", path + "/name", "widget " + w.name()
                        + " is declared twice"));
            }
            if (w.x() + w.width() > dashboard.gridColumns()) {
                problems.add(Problem.of("dashboard-widget-outside", path + "/w", "the widget reaches column "
                        + (w.x() + w.width()) + " of a " + dashboard.gridColumns() + "-column grid"));
            }
            ReportDefinition report = context.find(ReportKind.NAME, w.report(), ReportDefinition.class).orElse(null);
            if (report == null) {
                problems.add(Problem.of("report-unknown", path + "/report", "app '" + context.app()
                        + "' has no report '" + w.report() + "'"));
                continue;
            }
            widget(w, report, path, problems);
            parameters(dashboard, w, report, path, today, problems);
        }
    }

    private static void widget(DashboardDefinition.Widget w, ReportDefinition report, String path,
            List<Problem> problems) {
        Set<String> measures = Stream.concat(report.aggregates().stream().map(ReportDefinition.Aggregate::name),
                report.formulas().stream().map(ReportDefinition.Formula::name)).collect(Collectors.toSet());
        Set<String> rowGroupings = report.groupings().stream().filter(g -> !g.onColumns())
                .map(ReportDefinition.Grouping::name).collect(Collectors.toSet());
        boolean chart = Set.of("bar", "line", "area", "pie", "funnel").contains(w.type());
        if (chart && !rowGroupings.contains(w.category())) {
            problems.add(Problem.of("dashboard-category-unknown", path + "/category", "a " + w.type()
                    + " widget draws one of its report's row groupings " + rowGroupings));
        }
        if (chart) {
            if (w.series().isEmpty() || Set.of("pie", "funnel").contains(w.type()) && w.series().size() != 1) {
                problems.add(Problem.of("dashboard-series-count", path + "/series", Set.of("pie", "funnel")
                        .contains(w.type()) ? "a " + w.type() + " draws exactly one measure" : "name the measures to draw"));
            }
            for (int j = 0; j < w.series().size(); j++) {
                if (!measures.contains(w.series().get(j))) {
                    problems.add(Problem.of("dashboard-measure-unknown", path + "/series/" + j, "'" + w.series().get(j)
                            + "' is not a measure of report " + report.name() + "; it has " + measures));
                }
            }
        }
        if (("kpi".equals(w.type()) || "pivot".equals(w.type())) && !measures.contains(w.value())) {
            problems.add(Problem.of("dashboard-measure-unknown", path + "/value", "a " + w.type()
                    + " shows one of its report's measures " + measures));
        }
        if ("pivot".equals(w.type()) && (rowGroupings.isEmpty()
                || report.groupings().stream().noneMatch(ReportDefinition.Grouping::onColumns))) {
            problems.add(Problem.of("dashboard-pivot-axes", path + "/report", "a pivot's report groups on rows and on"
                    + " columns (axis: column)"));
        }
        if (!"kpi".equals(w.type()) && (w.target() != null || w.snapshot() != null)) {
            problems.add(Problem.of("dashboard-kpi-only", path + (w.target() != null ? "/target" : "/snapshot"),
                    "only a KPI card has a target and snapshots"));
        }
    }

    private static void parameters(DashboardDefinition dashboard, DashboardDefinition.Widget w,
            ReportDefinition report, String path, LocalDate today, List<Problem> problems) {
        Map<String, ReportDefinition.Parameter> declared = report.parameters().stream()
                .collect(Collectors.toMap(ReportDefinition.Parameter::name, p -> p));
        w.parameters().forEach((name, value) -> {
            ReportDefinition.Parameter p = declared.get(name);
            if (p == null) {
                problems.add(Problem.of("report-parameter-unknown", path + "/parameters/" + name, "report "
                        + report.name() + " has no parameter '" + name + "'"));
            } else {
                Parameters.check(p, value, today, path + "/parameters/" + name, problems);
            }
        });
        for (int k = 0; k < dashboard.filters().size(); k++) {
            ReportDefinition.Parameter f = dashboard.filters().get(k);
            ReportDefinition.Parameter p = declared.get(f.name());
            if (p != null && !p.type().equals(f.type())) {
                problems.add(Problem.of("dashboard-filter-type", "/filters/" + k + "/type", "filter " + f.name()
                        + " feeds parameter " + p.name() + " of report " + report.name() + ", a " + p.type()));
            }
        }
    }
}
