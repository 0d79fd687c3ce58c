package dev.trellis.data.internal;

import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8 (optionally with a byte order mark, which Excel needs to read Chinese text),
 * CRLF line ends, fields quoted when they hold a comma, quote or line break.
 */
public final class CsvTableWriter implements TableWriter {

    private final Writer out;
    private final List<TableColumn> columns;
    private final ZoneId zone;
    private final StringBuilder line = new StringBuilder(256);
    private long rows;

    public CsvTableWriter(OutputStream stream, List<TableColumn> columns, Options options) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.columns = List.copyOf(columns);
        this.zone = options.zone();
        try {
            if (options.csvBom()) {
                out.write('\uFEFF');
            }
            writeLine(columns.stream().map(TableColumn::header).toList(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(List<?> values) {
        try {
            writeLine(values, false);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeLine(List<?> values, boolean header) throws IOException {
        line.setLength(0);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = i < values.size() ? values.get(i) : null;
            String text = CellValues.text(value, zone);
            // numbers in numeric columns are data, not formulas: "-5" stays -5
            boolean numeric = !header && value instanceof Number;
            if (!numeric && TableWriter.looksLikeFormula(text)) {
                text = "'" + text;
            }
            appendField(text);
        }
        line.append("\r\n");
        out.write(line.toString());
    }

    private void appendField(String text) {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            line.append(text);
            return;
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
