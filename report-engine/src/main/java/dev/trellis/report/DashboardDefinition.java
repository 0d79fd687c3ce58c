package dev.trellis.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A dashboard: a grid of widgets over published reports, with global filters. A global filter's value goes
 * to every widget whose report declares a parameter of the same name (and type), so one period or region
 * picker drives the whole cockpit.
 *
 * @param columns the grid's width in cells (12 by default); widgets place themselves with x, y, w, h
 */
public record DashboardDefinition(String name, Map<String, String> label, String description, Integer columns,
        List<ReportDefinition.Parameter> filters, List<Widget> widgets) {

    public static final List<String> TYPES = List.of("kpi", "table", "bar", "line", "area", "pie", "funnel", "pivot");

    public DashboardDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        filters = filters == null ? List.of() : List.copyOf(filters);
        widgets = widgets == null ? List.of() : List.copyOf(widgets);
    }

    public int gridColumns() {
        return columns == null ? 12 : columns;
    }

    /**
     * A widget. {@code category} names the report's grouping on the chart's axis (or the pie's slices, the
     * funnel's stages); {@code series} the measures drawn; {@code value} the measure of a KPI card or a pivot's
     * cells. A KPI card compares its value with {@code target}; its trend is the measure over the report's date
     * grouping, or, with {@code snapshot} (daily, weekly, monthly), the values the snapshot job kept.
     *
     * @param parameters fixed parameter values of this widget's report, under the global filters
     */
    public record Widget(String name, String type, Map<String, String> label, String report, String category,
            List<String> series, String value, BigDecimal target, String snapshot, Map<String, JsonNode> parameters,
            int x, int y, Integer w, Integer h) {

        public Widget {
            label = label == null ? Map.of() : Map.copyOf(label);
            series = series == null ? List.of() : List.copyOf(series);
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }

        public int width() {
            return w == null ? 4 : w;
        }

        public int height() {
            return h == null ? 3 : h;
        }
    }
}
