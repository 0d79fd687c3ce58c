package dev.trellis.core.record.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.JSONB;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams rows into PostgreSQL with {@code COPY … FROM STDIN} in text format, escaping each value
 * as that format requires. The statement is built by the caller from jOOQ-rendered identifiers.
 */
final class CopyWriter implements AutoCloseable {

    private final PGCopyOutputStream stream;
    private final BufferedWriter out;
    private boolean firstInRow = true;

    CopyWriter(Connection connection, String copyStatement) throws SQLException {
        this.stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), copyStatement, 1 << 16);
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    void value(Object value) {
        try {
            if (!firstInRow) {
                out.write('\t');
            }
            firstInRow = false;
            switch (value) {
                case null -> out.write("\\N");
                case String s -> escaped(s);
                case BigDecimal d -> out.write(d.toPlainString());
                case Boolean b -> out.write(b ? 't' : 'f');
                case String[] array -> escaped(arrayLiteral(array));
                case JSONB json -> escaped(json.data());
                default -> escaped(value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void endRow() {
        try {
            out.write('\n');
            firstInRow = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finishes the copy; the server reports a refused row (a duplicate, say) here. */
    void finish() throws IOException, SQLException {
        out.flush();
        stream.endCopy();
    }

    /** Abandons a copy that did not finish, so the connection can be used (and rolled back). */
    @Override
    public void close() throws SQLException {
        if (stream.isActive()) {
            stream.cancelCopy();
        }
    }

    /** Writes {@code s} escaped for COPY's text format, copying the stretches that need no escape whole. */
    private void escaped(String s) throws IOException {
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            String escape = switch (s.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                out.write(s, from, i - from);
                out.write(escape);
                from = i + 1;
            }
        }
        out.write(s, from, s.length() - from);
    }

    private static String arrayLiteral(String[] values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }
}
