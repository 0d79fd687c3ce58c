package dev.trellis.report.internal;

import dev.trellis.report.DashboardDefinition;
import dev.trellis.report.DashboardView;
import dev.trellis.report.ReportColumn;
import dev.trellis.report.ReportResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a widget's report result into what the browser draws: an ECharts option skeleton for charts (axes,
 * series and their data; styling is the app's), the figures of a KPI card, the matrix of a pivot. Only
 * reshapes the few rows the database already aggregated.
 */
final class RenderModels {

    private RenderModels() {
    }

    static Map<String, Object> chart(DashboardDefinition.Widget w, ReportResult result) {
        int category = index(result, w.category());
        ReportColumn categoryColumn = result.columns().get(category);
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("tooltip", Map.of("trigger", Set.of("pie", "funnel").contains(w.type()) ? "item" : "axis"));
        if (Set.of("pie", "funnel").contains(w.type())) {
            int value = index(result, w.series().getFirst());
            List<Map<String, Object>> data = new ArrayList<>();
            for (List<Object> row : result.rows()) {
                Map<String, Object> slice = new LinkedHashMap<>();
                slice.put("name", String.valueOf(Buckets.label(categoryColumn.bucket(), row.get(category))));
                slice.put("value", number(row.get(value)));
                data.add(slice);
            }
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("type", w.type());
            series.put("name", w.series().getFirst());
            series.put("data", data);
            if ("funnel".equals(w.type())) {
                series.put("sort", "descending");
            }
            option.put("legend", Map.of("data", data.stream().map(d -> d.get("name")).toList()));
            option.put("series", List.of(series));
            return option;
        }
        List<Object> categories = new ArrayList<>(new LinkedHashSet<>(result.rows().stream()
                .map(r -> Buckets.label(categoryColumn.bucket(), r.get(category))).toList()));
        int pivotColumn = columnAxis(result);
        List<Map<String, Object>> series = new ArrayList<>();
        if (pivotColumn >= 0) {
            // a report grouped on columns too: one series per column value of the first measure (stacked bars)
            int value = index(result, w.series().getFirst());
            Map<Object, Object[]> byKey = new LinkedHashMap<>();
            for (List<Object> row : result.rows()) {
                Object[] data = byKey.computeIfAbsent(row.get(pivotColumn), k -> new Object[categories.size()]);
                data[categories.indexOf(Buckets.label(categoryColumn.bucket(), row.get(category)))] = number(row.get(value));
            }
            byKey.forEach((key, data) -> series.add(series(w.type(), String.valueOf(key), java.util.Arrays.asList(data),
                    w.series().getFirst())));
        } else {
            for (String measure : w.series()) {
                int value = index(result, measure);
                series.add(series(w.type(), measure, result.rows().stream().<Object>map(r -> number(r.get(value))).toList(),
                        null));
            }
        }
        option.put("legend", Map.of("data", series.stream().map(s -> s.get("name")).toList()));
        option.put("xAxis", Map.of("type", "category", "data", categories));
        option.put("yAxis", Map.of("type", "value"));
        option.put("series", series);
        return option;
    }

    private static Map<String, Object> series(String type, String name, List<Object> data, String stack) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("type", "area".equals(type) ? "line" : type);
        if ("area".equals(type)) {
            s.put("areaStyle", Map.of());
        }
        if (stack != null) {
            s.put("stack", stack);
        }
        s.put("data", data);
        return s;
    }

    /** A KPI card: the value of the last date bucket (or the only row), its predecessor, the trend before it. */
    static DashboardView.Kpi kpi(DashboardDefinition.Widget w, ReportResult result, List<DashboardView.Point> kept) {
        int value = index(result, w.value());
        int dated = -1;
        for (int i = 0; i < result.columns().size(); i++) {
            if (result.columns().get(i).bucket() != null) {
                dated = i;
                break;
            }
        }
        List<DashboardView.Point> trend = new ArrayList<>();
        BigDecimal current = null;
        BigDecimal previous = null;
        if (dated >= 0) {
            int at = dated;
            List<List<Object>> rows = result.rows().stream().filter(r -> r.get(at) != null)
                    .sorted(java.util.Comparator.comparing(r -> r.get(at).toString())).toList();
            for (List<Object> row : rows) {
                trend.add(new DashboardView.Point(Buckets.label(result.columns().get(at).bucket(), row.get(at)),
                        number(row.get(value))));
            }
        } else {
            trend.addAll(kept);
            current = result.rows().isEmpty() ? null : number(result.rows().getFirst().get(value));
            trend.add(new DashboardView.Point("now", current));
        }
        if (!trend.isEmpty()) {
            current = trend.getLast().value();
            previous = trend.size() > 1 ? trend.get(trend.size() - 2).value() : null;
        }
        BigDecimal progress = w.target() == null || current == null || w.target().signum() == 0 ? null
                : current.divide(w.target(), MathContext.DECIMAL64);
        BigDecimal change = previous == null || current == null || previous.signum() == 0 ? null
                : current.subtract(previous).divide(previous, MathContext.DECIMAL64);
        return new DashboardView.Kpi(current, w.target(), progress, previous, change, trend,
                result.columns().get(value).format());
    }

    /** A pivot: row groupings down, column groupings across, the value measure in the cells. */
    static DashboardView.Pivot pivot(DashboardDefinition.Widget w, ReportResult result) {
        List<Integer> rowAxes = new ArrayList<>();
        List<Integer> columnAxes = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            ReportColumn c = result.columns().get(i);
            if ("grouping".equals(c.role())) {
                ("column".equals(c.axis()) ? columnAxes : rowAxes).add(i);
            }
        }
        int value = index(result, w.value());
        Map<List<Object>, Map<Object, Object>> cells = new LinkedHashMap<>();
        Set<Object> columnKeys = new LinkedHashSet<>();
        for (List<Object> row : result.rows()) {
            List<Object> rowKey = rowAxes.stream().map(row::get).toList();
            Object columnKey = columnAxes.size() == 1 ? row.get(columnAxes.getFirst())
                    : columnAxes.stream().map(row::get).toList();
            columnKeys.add(columnKey);
            cells.computeIfAbsent(rowKey, k -> new LinkedHashMap<>()).put(columnKey, row.get(value));
        }
        List<Object> columns = columnKeys.stream().sorted(java.util.Comparator.nullsLast(
                java.util.Comparator.comparing(Object::toString))).toList();
        List<List<Object>> matrix = new ArrayList<>();
        cells.values().forEach(byColumn -> matrix.add(columns.stream().map(byColumn::get).toList()));
        return new DashboardView.Pivot(new ArrayList<>(cells.keySet()), columns, matrix, w.value());
    }

    private static int columnAxis(ReportResult result) {
        for (int i = 0; i < result.columns().size(); i++) {
            if ("column".equals(result.columns().get(i).axis())) {
                return i;
            }
        }
        return -1;
    }

    static int index(ReportResult result, String name) {
        for (int i = 0; i < result.columns().size(); i++) {
            if (Objects.equals(result.columns().get(i).name(), name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name + " in " + result.report());
    }

    static BigDecimal number(Object value) {
        return value == null ? null : value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
    }
}
