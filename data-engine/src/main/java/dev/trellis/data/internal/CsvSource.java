package dev.trellis.data.internal;

import dev.trellis.core.InvalidException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV text: UTF-8 with or without a byte order mark, or GBK, detected from the head of the file; the
 * delimiter (, ; tab |) detected from the first lines; RFC 4180 quotes, fields spanning lines included.
 * Lines are decoded one by one, strictly: a line that is not valid in the file's encoding (a file pasted
 * together from UTF-8 and GBK parts) is reported on its row instead of turning into mojibake.
 */
final class CsvSource implements RowSource {

    static final Charset GBK = Charset.forName("GBK");
    private static final int HEAD = 1 << 16;

    private final Path file;
    private final long size;
    private final Charset charset;
    private final boolean bom;
    private final char delimiter;
    private volatile long consumed;

    CsvSource(Path file, String encoding, Character delimiter) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        byte[] head = head(file);
        this.bom = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (encoding != null) {
            try {
                this.charset = Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw InvalidException.of("encoding-unknown", "/encoding", "unknown encoding '" + encoding
                        + "'; use UTF-8 or GBK");
            }
        } else {
            this.charset = bom || decodes(head, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : GBK;
        }
        this.delimiter = delimiter != null ? delimiter : detectDelimiter(new String(head, charset));
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEAD);
            // a multi-byte character cut at the end of the head is not an encoding error
            int end = head.length;
            while (head.length == HEAD && end > 0 && end > head.length - 4 && (head[end - 1] & 0x80) != 0) {
                end--;
            }
            return end == head.length ? head : java.util.Arrays.copyOf(head, end);
        }
    }

    private static boolean decodes(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The candidate that splits the first lines into the same number (> 0) of extra fields, commas first. */
    static char detectDelimiter(String head) {
        String[] lines = head.split("\r?\n", 11);
        int usable = Math.max(1, Math.min(lines.length - 1, 10));
        char best = ',';
        int bestCount = 0;
        for (char candidate : new char[] {',', ';', '\t', '|'}) {
            int first = -1;
            boolean consistent = true;
            for (int i = 0; i < usable; i++) {
                int count = countOutsideQuotes(lines[i], candidate);
                if (lines[i].isBlank()) {
                    continue;
                }
                if (first < 0) {
                    first = count;
                } else if (count != first) {
                    consistent = false;
                }
            }
            if (consistent && first > bestCount) {
                best = candidate;
                bestCount = first;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char c) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                count++;
            }
        }
        return count;
    }

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public String encoding() {
        return charset == StandardCharsets.UTF_8 && bom ? "UTF-8 (BOM)" : charset.name();
    }

    @Override
    public Character delimiter() {
        return delimiter;
    }

    @Override
    public Long lastRow() {
        return null;
    }

    @Override
    public double fractionRead() {
        return size == 0 ? 1 : (double) consumed / size;
    }

    @Override
    public void read(Sink sink) throws IOException {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            if (bom) {
                in.skipNBytes(3);
                consumed = 3;
            }
            LineBytes line = new LineBytes();
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            long lineNumber = 0;
            long rowStart = 1;
            List<SourceRow.Issue> issues = new ArrayList<>();
            while (line.next(in)) {
                consumed += line.length + 1;
                lineNumber++;
                String text;
                try {
                    text = decoder.decode(ByteBuffer.wrap(line.bytes, 0, line.length)).toString();
                } catch (CharacterCodingException e) {
                    issues.add(new SourceRow.Issue(-1, "csv-encoding-mixed", "line " + lineNumber + " is not valid "
                            + charset.name() + " text although the file's head is: the file mixes encodings; save"
                            + " it again as UTF-8"));
                    text = new String(line.bytes, 0, line.length, charset);
                }
                if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
                    text = text.substring(0, text.length() - 1);
                }
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (quoted) {
                        if (c == '"') {
                            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                quoted = false;
                            }
                        } else {
                            field.append(c);
                        }
                    } else if (c == '"' && field.isEmpty()) {
                        quoted = true;
                    } else if (c == delimiter) {
                        fields.add(field.toString());
                        field.setLength(0);
                    } else {
                        field.append(c);
                    }
                }
                if (quoted) {
                    field.append('\n'); // a quoted field goes on in the next line
                    continue;
                }
                fields.add(field.toString());
                field.setLength(0);
                Object[] cells = fields.toArray();
                fields.clear();
                boolean more = sink.row(new SourceRow(rowStart, cells, issues.isEmpty() ? List.of() : List.copyOf(issues)));
                issues.clear();
                rowStart = lineNumber + 1;
                if (!more) {
                    return;
                }
            }
            if (quoted) {
                issues.add(new SourceRow.Issue(-1, "csv-quote-unclosed", "a quoted field opened on line " + rowStart
                        + " is never closed"));
                fields.add(field.toString());
                sink.row(new SourceRow(rowStart, fields.toArray(), List.copyOf(issues)));
            }
        }
    }

    /** Reads one line's bytes up to '\n', which no byte of a UTF-8 or GBK multi-byte character equals. */
    private static final class LineBytes {
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] bytes = new byte[1024];
        private int length;

        boolean next(InputStream in) throws IOException {
            length = 0;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return length > 0;
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int n = position - start;
                if (length + n > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
                }
                System.arraycopy(buffer, start, bytes, length, n);
                length += n;
                if (position < limit) {
                    position++; // the '\n'
                    return true;
                }
            }
        }
    }
}
