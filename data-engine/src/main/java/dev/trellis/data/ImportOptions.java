package dev.trellis.data;

import java.util.List;

/**
 * How to read and write an import. Null means "detect" or "default" throughout.
 *
 * @param mode      what the run does with its rows (default {@code dry_run})
 * @param mapping   column-to-field mapping; null: a saved mapping named by {@code mappingName}, else the suggestion
 * @param sheet     the xlsx sheet to read (default the first)
 * @param header    whether the first row is a header (default: detected)
 * @param delimiter a CSV delimiter (default: detected among , ; tab |)
 * @param encoding  a CSV encoding (default: detected: UTF-8 with or without a byte order mark, else GBK)
 * @param upsertKey a unique field (an external id, a code): rows whose value exists update that record
 * @param batchSize rows per write (default 5,000)
 */
public record ImportOptions(ImportMode mode, List<ColumnMapping> mapping, String mappingName, String sheet,
        Boolean header, Character delimiter, String encoding, String upsertKey, Integer batchSize) {

    public static final int DEFAULT_BATCH = 5_000;

    public ImportOptions {
        mode = mode == null ? ImportMode.DRY_RUN : mode;
        mapping = mapping == null ? null : List.copyOf(mapping);
    }

    public static ImportOptions of(ImportMode mode) {
        return new ImportOptions(mode, null, null, null, null, null, null, null, null);
    }

    public ImportOptions withMapping(List<ColumnMapping> columns) {
        return new ImportOptions(mode, columns, mappingName, sheet, header, delimiter, encoding, upsertKey, batchSize);
    }

    public int effectiveBatchSize() {
        return batchSize == null ? DEFAULT_BATCH : Math.max(1, Math.min(batchSize, 50_000));
    }
}
