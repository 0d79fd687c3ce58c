package dev.trellis.data;

import java.util.List;

/**
 * What a file looks like to the importer before anything runs: its format and how it was read, its columns,
 * the mapping suggested from the column headers (by field name or label in any locale), and the first rows.
 *
 * @param unmapped columns that no field matched
 */
public record ImportPreview(String format, String encoding, String delimiter, List<String> sheets, String sheet,
        boolean header, List<String> columns, List<ColumnMapping> suggestedMapping, List<String> unmapped,
        List<List<String>> sample) {
}
