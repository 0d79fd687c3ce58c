package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.report.DashboardService;
import dev.trellis.report.DashboardView;
import dev.trellis.report.KpiSnapshot;
import dev.trellis.report.ReportResult;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Dashboards' render models (ECharts-ready), drill-down from a widget, KPI snapshots. */
@RestController
class DashboardController {

    private final DashboardService dashboards;

    DashboardController(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    /** The dashboard under its filters' defaults. */
    @GetMapping("/api/v1/apps/{app}/dashboards/{dashboard}")
    DashboardView render(Actor actor, @PathVariable String app, @PathVariable String dashboard) {
        return dashboards.render(actor, app, dashboard, Map.of());
    }

    /** {@code {"filters": {"period": "this_year", "region": "east"}}}. */
    @PostMapping("/api/v1/apps/{app}/dashboards/{dashboard}/render")
    DashboardView render(Actor actor, @PathVariable String app, @PathVariable String dashboard,
            @RequestBody(required = false) JsonNode body) {
        return dashboards.render(actor, app, dashboard, ReportController.object(body, "filters"));
    }

    /** {@code {"filters": {…}, "cell": {…}, "to": …, "after": …, "limit": …}}. */
    @PostMapping("/api/v1/apps/{app}/dashboards/{dashboard}/widgets/{widget}/drill")
    ReportResult drill(Actor actor, @PathVariable String app, @PathVariable String dashboard,
            @PathVariable String widget, @RequestBody(required = false) JsonNode body) {
        return dashboards.drill(actor, app, dashboard, widget, ReportController.object(body, "filters"),
                ReportController.drill(body));
    }

    @GetMapping("/api/v1/apps/{app}/dashboards/{dashboard}/widgets/{widget}/snapshots")
    List<KpiSnapshot> snapshots(Actor actor, @PathVariable String app, @PathVariable String dashboard,
            @PathVariable String widget, @RequestParam(defaultValue = "100") int limit) {
        return dashboards.snapshots(actor, app, dashboard, widget, limit);
    }

    /** Takes the due KPI snapshots now rather than at the job's next round (administrators). */
    @PostMapping("/api/v1/dashboards/snapshots")
    Map<String, Integer> takeSnapshots(Actor actor) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("snapshot-forbidden", "only administrators take snapshots by hand");
        }
        return Map.of("taken", dashboards.takeDueSnapshots());
    }
}
