package dev.trellis.report;

import dev.trellis.core.Actor;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Renders published dashboards for a viewer and drills from their widgets; keeps KPI snapshots. */
public interface DashboardService {

    /** Every widget's data under the global filter values (unknown filters and ill-typed values are a 400). */
    DashboardView render(Actor actor, String app, String dashboard, Map<String, JsonNode> filters);

    /** A drill-down from one widget, under the dashboard's filters and the widget's own parameters. */
    ReportResult drill(Actor actor, String app, String dashboard, String widget, Map<String, JsonNode> filters,
            ReportService.Drill drill);

    /** The kept snapshots of a KPI widget, newest first. */
    List<KpiSnapshot> snapshots(Actor actor, String app, String dashboard, String widget, int limit);

    /** Takes the snapshots that are due now across every app (what the scheduled job runs); returns how many. */
    int takeDueSnapshots();
}
