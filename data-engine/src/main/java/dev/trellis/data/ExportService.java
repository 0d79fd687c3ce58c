package dev.trellis.data;

import dev.trellis.core.Actor;

/**
 * Exports of record queries to xlsx or CSV, as the viewer sees them: only with the object's export
 * permission, only records their read access reaches (the pages come from {@code RecordService.query}), only
 * fields they may see; lookups show the looked-up record's name, picklists their label. Every export is in the
 * operation log (action {@code export}) with its fields, filter and row count.
 */
public interface ExportService {

    /** Checks the request and the viewer's rights; throws forbidden/invalid/not-found before anything streams. */
    Export prepare(Actor actor, String app, String object, ExportRequest request);
}
