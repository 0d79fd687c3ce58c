package dev.trellis.report;

import java.util.List;

/**
 * What a report run, a drill-down or a page of underlying records returns: the columns and the rows, each
 * row's values in column order (numbers as {@code BigDecimal}/{@code Long}, dates as ISO strings).
 *
 * @param truncated a records page that has more after its last row (ask again with {@code after})
 */
public record ReportResult(String report, List<ReportColumn> columns, List<List<Object>> rows, boolean truncated) {

    public ReportResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
