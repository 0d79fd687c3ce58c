package dev.trellis.data.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.data.ImportOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Opens an uploaded file by what its bytes are, not by its name: a zip is read as an xlsx workbook, an OLE2
 * container is an old .xls or a password-protected workbook (both refused by name), anything else must be
 * text to be read as CSV. Every refusal is a {@code Problem} at {@code /file} that says what the file is.
 */
final class SourceFiles {

    private SourceFiles() {
    }

    static RowSource open(Path file, String fileName, ImportOptions options) {
        try {
            if (Files.size(file) == 0) {
                throw InvalidException.of("file-empty", "/file", "the file is empty");
            }
            FileMagic magic;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                magic = FileMagic.valueOf(in);
            }
            String extension = extension(fileName);
            return switch (magic) {
                case OOXML -> new XlsxSource(file, options.sheet());
                case OLE2 -> throw ole2(file);
                default -> {
                    if (extension.equals("xlsx") || extension.equals("xls")) {
                        throw InvalidException.of("file-not-xlsx", "/file", "the file is named ." + extension
                                + " but is not an Excel workbook (" + describe(file, magic) + ")");
                    }
                    if (magic != FileMagic.UNKNOWN || binary(file)) {
                        throw InvalidException.of("file-not-tabular", "/file", "the file is neither an xlsx workbook"
                                + " nor CSV text (" + describe(file, magic) + ")");
                    }
                    yield new CsvSource(file, options.encoding(), options.delimiter());
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static InvalidException ole2(Path file) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            if (fs.getRoot().hasEntryCaseInsensitive("EncryptionInfo")) {
                return InvalidException.of("file-password-protected", "/file", "the workbook is protected by a"
                        + " password: remove the password in Excel (File → Info → Protect Workbook) and upload it again");
            }
        }
        return InvalidException.of("file-xls-unsupported", "/file", "the file is an Excel 97-2003 workbook (.xls):"
                + " save it as .xlsx and upload it again");
    }

    /** NUL bytes in the head: no CSV text has them. */
    private static boolean binary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String describe(Path file, FileMagic magic) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        String start = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (start.startsWith("%PDF")) {
            return "it is a PDF document";
        }
        if (start.startsWith("\u0089PNG") || start.startsWith("\u00FF\u00D8\u00FF") || start.startsWith("GIF8")) {
            return "it is an image";
        }
        if (magic != FileMagic.UNKNOWN) {
            return "it is " + magic.name().toLowerCase(Locale.ROOT) + " data";
        }
        return binary(file) ? "it holds binary data" : "it is text: name it .csv to import it as CSV";
    }

    static InvalidException notXlsx(Exception e) {
        return InvalidException.of("file-not-xlsx", "/file", "the file is a zip archive but not a readable xlsx"
                + " workbook (" + firstLine(e.getMessage()) + ")");
    }

    /** POI's zip-bomb guard and broken archives as problems; other failures as they are. */
    static RuntimeException translate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("Zip bomb detected") || message.contains("exceeds the max")
                    || message.contains("maximum size")) {
                return InvalidException.of("file-zip-bomb", "/file", "the workbook expands to far more data than"
                        + " its size suggests (a zip bomb?); it was not read");
            }
            if (t instanceof java.util.zip.ZipException) {
                return InvalidException.of("file-not-xlsx", "/file", "the workbook's zip archive is broken: "
                        + firstLine(message));
            }
            if (t instanceof InvalidException invalid) {
                return invalid;
            }
        }
        return e instanceof RuntimeException r ? r : new UncheckedIOException(new IOException(e));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
