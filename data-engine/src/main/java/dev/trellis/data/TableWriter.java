package dev.trellis.data;

import dev.trellis.data.internal.CsvTableWriter;
import dev.trellis.data.internal.XlsxTableWriter;
import java.io.Closeable;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.List;

/**
 * The platform's one writer of xlsx and CSV tables, for exports, reports and import reports: a header row,
 * then rows streamed in bounded memory (xlsx through POI's SXSSF, which keeps a window of rows and spills
 * the rest to a temp file). Cells are typed by their {@link TableColumn}: numbers and dates are
 * real Excel numbers and dates with a format. Text that a spreadsheet would run as a formula
 * ({@code =cmd|' /C calc'!A0}, {@code +…}, {@code -…}, {@code @…}) is neutralised: written as
 * quote-prefixed text in xlsx and with a leading apostrophe in CSV.
 *
 * <p>Close the writer to finish the file; the caller owns and closes the output stream.
 */
public interface TableWriter extends Closeable {

    /** The most data rows an xlsx sheet holds under its header row (Excel's limit is 1,048,576 rows). */
    int XLSX_MAX_ROWS = 1_048_575;

    /**
     * @param sheetName name of the xlsx sheet (Excel allows 31 characters; longer names are cut)
     * @param csvBom    start a CSV with a UTF-8 byte order mark, so Excel reads Chinese text right
     * @param zone      the time zone date-times are shown in (spreadsheets have no zones)
     */
    record Options(String sheetName, boolean csvBom, ZoneId zone) {

        public static Options defaults() {
            return new Options("Sheet1", true, ZoneId.systemDefault());
        }

        public Options withSheetName(String name) {
            return new Options(name, csvBom, zone);
        }
    }

    /**
     * Writes one row: values in column order ({@code null} for an empty cell); numbers, {@code LocalDate},
     * {@code LocalDateTime}, {@code OffsetDateTime}, {@code Instant} and booleans are written as such,
     * anything else as its text. An xlsx file takes at most {@link #XLSX_MAX_ROWS} rows: the next one is
     * refused with an {@code InvalidException} ({@code xlsx-too-many-rows}).
     */
    void write(List<?> values);

    /** Data rows written so far. */
    long rows();

    static TableWriter open(TabularFormat format, OutputStream out, List<TableColumn> columns, Options options) {
        return switch (format) {
            case XLSX -> new XlsxTableWriter(out, columns, options);
            case CSV -> new CsvTableWriter(out, columns, options);
        };
    }

    /**
     * Whether a text would be taken for a formula by a spreadsheet: it starts with {@code = + - @}, a tab or
     * a carriage return (OWASP's list for CSV injection).
     */
    static boolean looksLikeFormula(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
