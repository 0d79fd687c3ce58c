package dev.trellis.data;

import java.util.Objects;

/**
 * One column of a table written by a {@link TableWriter}: independent of records, so an export, a report
 * or an import's rejected-rows file describe their columns the same way.
 *
 * @param header the text of the header cell
 * @param kind   how values are written: typed cells in xlsx, their text in CSV
 * @param format an Excel number format for numeric and date columns ({@code #,##0.00}, {@code yyyy-mm-dd});
 *               null for the kind's default
 */
public record TableColumn(String header, Kind kind, String format) {

    /** What a column holds; a value of another Java type is written as its text. */
    public enum Kind {
        TEXT, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN
    }

    public TableColumn {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(kind, "kind");
    }

    public static TableColumn text(String header) {
        return new TableColumn(header, Kind.TEXT, null);
    }

    public static TableColumn of(String header, Kind kind) {
        return new TableColumn(header, kind, null);
    }
}
