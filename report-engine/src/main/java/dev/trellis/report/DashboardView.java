package dev.trellis.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A dashboard rendered for one viewer with one set of filter values: what the generated apps draw. Each
 * widget carries its data and, for charts, an Apache ECharts option skeleton (axes, series, data) that the
 * browser only styles. A widget whose report the viewer may not run carries an error instead of data; the
 * others still render.
 */
public record DashboardView(String name, Map<String, String> label, int columns, List<Filter> filters,
        List<WidgetView> widgets) {

    /** A global filter with the value in force (the given one or its default), null when none. */
    public record Filter(String name, Map<String, String> label, String type, JsonNode value) {
    }

    /**
     * One widget: its place, its report's result (table, pivot and drill use the columns), the ECharts option
     * for charts, the KPI figures for a KPI card, and how to drill from it.
     */
    public record WidgetView(String name, String type, Map<String, String> label, int x, int y, int w, int h,
            String report, Map<String, JsonNode> parameters, ReportResult data, Map<String, Object> option, Kpi kpi,
            Pivot pivot, List<String> drillLevels, Error error) {
    }

    /**
     * A KPI card's figures.
     *
     * @param progress value / target (null without a target)
     * @param change   (value − previous) / previous, null without a previous value
     * @param trend    the earlier values, oldest first, as {label, value}
     */
    public record Kpi(BigDecimal value, BigDecimal target, BigDecimal progress, BigDecimal previous, BigDecimal change,
            List<Point> trend, String format) {
    }

    public record Point(String label, BigDecimal value) {
    }

    /** A pivot: row keys, column keys, and cells[row][column] (null where no records fall). */
    public record Pivot(List<List<Object>> rows, List<Object> columns, List<List<Object>> cells, String value) {
    }

    /** Why a widget has no data for this viewer: a forbidden report or field, a filter its report refuses. */
    public record Error(String code, String message) {
    }
}
