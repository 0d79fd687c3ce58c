package dev.trellis.report.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.security.OperationLog;
import dev.trellis.data.Export;
import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import dev.trellis.data.TabularFormat;
import dev.trellis.report.ReportColumn;
import dev.trellis.report.ReportService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report checked for export and streamed, row by row from the database cursor, through the platform's one
 * table writer: numbers and dates as typed cells with the report's formats, headers in the viewer's language.
 * Memory stays bounded whatever the row count (the writer keeps a window of rows; the cursor fetches 1,000 at a
 * time). Every export, finished or not, is in the operation log.
 */
final class ReportExport implements Export {

    private final String app;
    private final String report;
    private final DefaultReportService.Streamable streamable;
    private final TabularFormat format;
    private final String locale;
    private final OperationLog log;
    private final Actor actor;
    private final String fileName;

    ReportExport(String app, String report, DefaultReportService.Streamable streamable, TabularFormat format,
            String locale, OperationLog log, Actor actor, Clock clock) {
        this.app = app;
        this.report = report;
        this.streamable = streamable;
        this.format = format;
        this.locale = locale;
        this.log = log;
        this.actor = actor;
        this.fileName = format.fileName(report, LocalDateTime.now(clock));
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public TabularFormat format() {
        return format;
    }

    /** Unknown before the cursor is read: a grouped report's row count is what the database computes. */
    @Override
    public long total() {
        return -1;
    }

    @Override
    public long writeTo(OutputStream out) throws IOException {
        List<ReportColumn> columns = streamable.columns();
        List<TableColumn> header = columns.stream().map(this::column).toList();
        long rows = 0;
        boolean complete = false;
        try (TableWriter writer = TableWriter.open(format, out, header, TableWriter.Options.defaults()
                .withSheetName(report))) {
            streamable.rows().accept(new ReportService.RowSink() {
                @Override
                public void columns(List<ReportColumn> ignored) {
                    // given above, before the first byte
                }

                @Override
                public void row(List<Object> values) {
                    writer.write(values);
                }
            });
            rows = writer.rows();
            complete = true;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("format", format.extension());
            detail.put("report", report);
            detail.put("columns", columns.stream().map(ReportColumn::name).toList());
            detail.put("rows", rows);
            detail.put("complete", complete);
            log.record(actor, "export", app + "/report/" + report, detail);
        }
        return rows;
    }

    private TableColumn column(ReportColumn c) {
        String header = c.label().getOrDefault(locale == null ? "en" : locale, c.label().getOrDefault("en", c.name()));
        TableColumn.Kind kind = switch (c.type()) {
            case "integer" -> TableColumn.Kind.INTEGER;
            case "decimal" -> TableColumn.Kind.DECIMAL;
            case "boolean" -> TableColumn.Kind.BOOLEAN;
            case "date" -> TableColumn.Kind.DATE;
            case "datetime" -> TableColumn.Kind.DATETIME;
            default -> TableColumn.Kind.TEXT;
        };
        return new TableColumn(header, kind, c.format().isEmpty() ? null : c.format());
    }
}
