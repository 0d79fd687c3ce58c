package dev.trellis.data;

import dev.trellis.core.InvalidException;
import java.util.Locale;

/** The two table formats data goes in and out as: Excel workbooks and comma-separated text. */
public enum TabularFormat {
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    CSV("text/csv; charset=UTF-8", "csv");

    private final String contentType;
    private final String extension;

    TabularFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** A download's name: {@code partner-20261123-101500.xlsx} for {@code partner} at that time. */
    public String fileName(String base, java.time.LocalDateTime at) {
        return base + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(at) + "." + extension;
    }

    /** The format named {@code xlsx} or {@code csv} (any case); a clear problem at {@code path} otherwise. */
    public static TabularFormat named(String name, String path) {
        if (name != null) {
            for (TabularFormat f : values()) {
                if (f.extension.equals(name.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
        }
        throw InvalidException.of("format-unknown", path, "format is xlsx or csv");
    }
}
