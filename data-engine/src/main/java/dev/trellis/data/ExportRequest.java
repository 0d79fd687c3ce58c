package dev.trellis.data;

import dev.trellis.core.record.RecordQuery;
import java.util.List;

/**
 * What to export: the records a query selects (its filter and sort; its page size and cursor are ignored,
 * every match is exported), the fields as columns in this order (empty: every field the viewer can see),
 * the file format and the locale of the header labels and picklist labels ({@code en}, {@code zh-CN}).
 */
public record ExportRequest(TabularFormat format, RecordQuery query, List<String> fields, String locale) {

    public ExportRequest {
        query = query == null ? RecordQuery.all() : query;
        fields = fields == null ? List.of() : List.copyOf(fields);
        locale = locale == null || locale.isBlank() ? "en" : locale;
    }
}
