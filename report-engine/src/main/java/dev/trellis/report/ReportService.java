package dev.trellis.report;

import dev.trellis.core.Actor;
import dev.trellis.data.Export;
import dev.trellis.data.TabularFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Runs published reports for a viewer. Every run is one SQL statement carrying the viewer's record-level
 * read condition on every object the report reaches; a field hidden from the viewer anywhere in the report
 * makes the run forbidden rather than silently different. Parameters are the report's declared ones
 * (unknown or ill-typed values are a 400 with the parameter's path).
 */
public interface ReportService {

    /** The report's groups and measures (or, for a report without groupings and aggregates, its records). */
    ReportResult run(Actor actor, String app, String report, Map<String, JsonNode> parameters);

    /**
     * From one cell (its coordinates: grouping name → value as the result gave it) to the next grouping level
     * ({@link Drill#to()} names a grouping or drill level) or, with no level left or {@code to} = "records",
     * to the underlying records: the same filters plus the cell's coordinates, under the same permissions.
     */
    ReportResult drill(Actor actor, String app, String report, Map<String, JsonNode> parameters, Drill drill);

    /**
     * Streams the report's rows without holding them: {@code sink} gets the columns, then each row as the
     * database cursor yields it (dates and date-times as {@code LocalDate} and {@code OffsetDateTime}, where a
     * run gives their ISO text). For exports: it needs the export permission on the source object (a 403
     * otherwise); nothing is cached.
     */
    void stream(Actor actor, String app, String report, Map<String, JsonNode> parameters, RowSink sink);

    /**
     * A report's rows as an xlsx or CSV file, checked now (the viewer's read and export permissions, the
     * parameters) and streamed by {@link Export#writeTo} through the platform's one table writer; the export is
     * in the operation log. Headers are the columns' labels in {@code locale} (e.g. zh-CN; null: English).
     */
    Export export(Actor actor, String app, String report, Map<String, JsonNode> parameters, TabularFormat format,
            String locale);

    /** What a report's run would return, as columns, with the viewer's check applied. */
    List<ReportColumn> columns(Actor actor, String app, String report);

    /**
     * A drill-down request.
     *
     * @param cell  the coordinates of the cell, by grouping name; may be empty (the whole report)
     * @param to    a grouping or drill level, "records", or null for the next level after the cell's
     * @param after for records: the id after which the page starts
     * @param limit for records: the page size (default 100, at most 10,000)
     */
    record Drill(Map<String, JsonNode> cell, String to, Long after, Integer limit) {
        public static final String RECORDS = "records";

        public Drill {
            cell = cell == null ? Map.of() : Map.copyOf(cell);
        }
    }

    /** Receives a streamed report. */
    interface RowSink {
        void columns(List<ReportColumn> columns);

        void row(List<Object> values);
    }
}
