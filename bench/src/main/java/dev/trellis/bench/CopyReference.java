package dev.trellis.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * The reference for bulk creation: the same JSON rows streamed with one autocommitted
 * {@code COPY … FROM STDIN} (text format) straight into a table identical to the service's, writing
 * the same columns. It checks nothing and writes no audit, which is what makes it the upper bound.
 */
final class CopyReference {

    private final DataSource dataSource;

    CopyReference(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Copies the rows into the COPY reference table; returns how many the server took. */
    long copy(List<JsonNode> rows, long userId) throws SQLException, IOException {
        String columns = Stream.concat(Stream.of("created_by", "updated_by", "owner_id"), ItemRow.FIELDS.stream())
                .map(c -> '"' + c + '"').collect(Collectors.joining(", "));
        String copy = "COPY \"app_" + ItemRow.APP + "\".\"" + ItemRow.COPY_ITEM + "\" (" + columns + ") FROM STDIN";
        String actorColumns = userId + "\t" + userId + "\t" + userId;
        try (Connection connection = dataSource.getConnection()) {
            PGCopyOutputStream stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), copy, 1 << 16);
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            for (JsonNode row : rows) {
                out.write(actorColumns);
                for (String field : ItemRow.FIELDS) {
                    out.write('\t');
                    writeValue(out, row.get(field));
                }
                out.write('\n');
            }
            out.flush();
            return stream.endCopy();
        }
    }

    /** A JSON value in COPY's text format: \N for null, backslash escapes in strings. */
    private static void writeValue(Writer out, JsonNode value) throws IOException {
        if (value == null || value.isNull()) {
            out.write("\\N");
        } else if (value.isBoolean()) {
            out.write(value.booleanValue() ? "t" : "f");
        } else if (value.isIntegralNumber()) {
            out.write(Long.toString(value.longValue()));
        } else if (value.isNumber()) {
            out.write(value.decimalValue().toPlainString());
        } else {
            escaped(out, value.asString());
        }
    }

    private static void escaped(Writer out, String s) throws IOException {
        if (s.chars().noneMatch(c -> c == '\\' || c == '\t' || c == '\n' || c == '\r')) {
            out.write(s);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }
}
