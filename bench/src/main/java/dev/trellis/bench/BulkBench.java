package dev.trellis.bench;

import static dev.trellis.bench.ItemRow.APP;

import dev.trellis.core.Actor;
import dev.trellis.core.record.RecordService;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * Bulk creation of the same rows through {@link RecordService#bulkCreate} and through the COPY
 * reference, each into its own empty table of the same definition.
 */
final class BulkBench {

    private final RecordService records;
    private final CopyReference copy;
    private final DSLContext dsl;
    private final Actor actor;

    BulkBench(RecordService records, CopyReference copy, DSLContext dsl, Actor actor) {
        this.records = records;
        this.copy = copy;
        this.dsl = dsl;
        this.actor = actor;
    }

    BulkOutcome run(int rowCount) throws SQLException, IOException {
        long start = System.nanoTime();
        List<JsonNode> rows = new ArrayList<>(rowCount);
        for (int n = 0; n < rowCount; n++) {
            rows.add(ItemRow.of(n).toJson());
        }
        long buildNanos = System.nanoTime() - start;
        long auditBefore = auditedRecords();

        checkpoint();
        start = System.nanoTime();
        int created = records.bulkCreate(actor, APP, ItemRow.BULK_ITEM, rows).created();
        long serviceNanos = System.nanoTime() - start;

        checkpoint();
        start = System.nanoTime();
        long copied = copy.copy(rows, actor.userId());
        long copyNanos = System.nanoTime() - start;

        if (created != rowCount || copied != rowCount || count(ItemRow.BULK_ITEM) != rowCount
                || count(ItemRow.COPY_ITEM) != rowCount) {
            throw new IllegalStateException("expected " + rowCount + " rows on each side, the service created "
                    + created + " and COPY took " + copied);
        }
        return new BulkOutcome(rowCount, buildNanos, serviceNanos, copyNanos, auditedRecords() - auditBefore);
    }

    /**
     * A checkpoint, so neither side pays for flushing what the other wrote, and a full collection, so
     * neither pays for the collector moving the million freshly built input documents out of the young
     * generation: that is the cost of building the input, which is timed apart.
     */
    private void checkpoint() {
        dsl.execute("checkpoint");
        System.gc();
    }

    private int count(String object) {
        return dsl.fetchCount(DSL.table(DSL.name("app_" + APP, object)));
    }

    /** Records the audit of bulk creates covers: the sum of its chunks' record counts. */
    private long auditedRecords() {
        return dsl.select(DSL.coalesce(DSL.sum(DSL.field(DSL.name("record_count"), Integer.class)), BigDecimal.ZERO))
                .from(DSL.table(DSL.name("trellis_sys", "audit_bulk"))).fetchSingle().value1().longValue();
    }
}
