package dev.trellis.data.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import java.util.zip.Deflater;

/**
 * An xlsx table through POI's SXSSF: only a window of rows stays in memory, the rest goes to a temp file
 * until {@link #close()} zips the workbook into the output. The temp file is not compressed: gzipping it, then
 * reading it back to deflate it again into the zip, cost a third of an export's time (the disk it takes is the
 * sheet's XML, deleted at close). Shared strings are off (every text cell is
 * inline), so memory does not grow with the number of distinct texts.
 */
public final class XlsxTableWriter implements TableWriter {

    private static final int WINDOW = 200;
    private static final int MAX_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();

    private final OutputStream out;
    private final SXSSFWorkbook workbook;
    private final SXSSFSheet sheet;
    private final List<TableColumn> columns;
    private final ZoneId zone;
    private final CellStyle[] styles;
    private final CellStyle quoted;
    private final CellStyle dateTime;
    private final CellStyle date;
    private long rows;

    public XlsxTableWriter(OutputStream out, List<TableColumn> columns, Options options) {
        this.out = out;
        this.columns = List.copyOf(columns);
        this.zone = options.zone();
        this.workbook = new SXSSFWorkbook(null, WINDOW, false, false) {
            // the fastest deflate level: files about a quarter larger, written in half the time
            @Override
            protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
                ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
                zip.setLevel(Deflater.BEST_SPEED);
                return zip;
            }
        };
        String name = options.sheetName() == null || options.sheetName().isBlank() ? "Sheet1" : options.sheetName();
        this.sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(name));
        this.quoted = workbook.createCellStyle();
        quoted.setQuotePrefixed(true);
        this.date = formatted("yyyy-mm-dd");
        this.dateTime = formatted("yyyy-mm-dd hh:mm:ss");
        this.styles = new CellStyle[columns.size()];
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            TableColumn c = columns.get(i);
            styles[i] = switch (c.kind()) {
                case DATE -> c.format() == null ? date : formatted(c.format());
                case DATETIME -> c.format() == null ? dateTime : formatted(c.format());
                case INTEGER -> formatted(c.format() == null ? "0" : c.format());
                case DECIMAL -> c.format() == null ? null : formatted(c.format());
                default -> null;
            };
            headers.add(c.header());
            sheet.setColumnWidth(i, Math.min(60, Math.max(10, displayWidth(c.header()) + 2)) * 256);
        }
        CellStyle bold = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setBold(true);
        bold.setFont(font);
        Row header = sheet.createRow(0);
        for (int i = 0; i < headers.size(); i++) {
            Cell cell = header.createCell(i);
            cell.setCellValue(cut(headers.get(i)));
            cell.setCellStyle(TableWriter.looksLikeFormula(headers.get(i)) ? quoted : bold);
        }
        sheet.createFreezePane(0, 1);
    }

    private CellStyle formatted(String format) {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    /** Chinese characters take two columns of width. */
    private static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); i++) {
            width += text.charAt(i) > 0x2E80 ? 2 : 1;
        }
        return width;
    }

    @Override
    public void write(List<?> values) {
        if (rows >= XLSX_MAX_ROWS) {
            throw InvalidException.of("xlsx-too-many-rows", "", "an xlsx sheet holds at most "
                    + String.format("%,d", XLSX_MAX_ROWS) + " rows under its header; export as CSV instead");
        }
        Row row = sheet.createRow((int) ++rows);
        for (int i = 0; i < columns.size() && i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            CellStyle style = styles[i];
            switch (value) {
                case BigDecimal d -> cell.setCellValue(d.doubleValue());
                case Number n -> cell.setCellValue(n.doubleValue());
                case Boolean b -> cell.setCellValue(b);
                case LocalDate d -> {
                    cell.setCellValue(d);
                    style = style == null ? date : style;
                }
                case java.sql.Date d -> {
                    cell.setCellValue(d.toLocalDate());
                    style = style == null ? date : style;
                }
                default -> {
                    LocalDateTime t = CellValues.localDateTime(value, zone);
                    if (t != null) {
                        cell.setCellValue(t);
                        style = style == null || style == date ? dateTime : style;
                    } else {
                        String text = CellValues.text(value, zone);
                        cell.setCellValue(cut(text));
                        // a text cell is never evaluated, but Excel would make it a formula once edited
                        style = TableWriter.looksLikeFormula(text) ? quoted : null;
                    }
                }
            }
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        try {
            workbook.write(out);
            out.flush();
        } finally {
            workbook.close();
        }
    }
}
