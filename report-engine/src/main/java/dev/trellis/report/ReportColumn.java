package dev.trellis.report;

import java.util.Map;

/**
 * A column of a report's result: what a table header, a chart axis or a spreadsheet writer needs.
 *
 * @param role   {@code grouping}, {@code aggregate}, {@code formula} or {@code field} (a record's column)
 * @param type   text, integer, decimal, boolean, date or datetime
 * @param format an Excel-style number or date format ({@code #,##0.00}), never null
 * @param bucket the date bucket of a grouping (day … year), else null
 * @param axis   {@code row} or {@code column} for groupings (a pivot's layout), else null
 */
public record ReportColumn(String name, Map<String, String> label, String role, String type, String format,
        String bucket, String axis) {

    public ReportColumn {
        label = label == null ? Map.of() : Map.copyOf(label);
    }
}
