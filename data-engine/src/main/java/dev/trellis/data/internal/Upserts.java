package dev.trellis.data.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.TrellisException;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Upserts by a key field (an external id, a code): rows whose key names a record the user can read update it
 * through {@code RecordService.update}, each under its own savepoint so one refused update rejects one row;
 * the other rows are left to be created.
 */
final class Upserts {

    private final RecordService records;

    Upserts(RecordService records) {
        this.records = records;
    }

    /** Updates the rows whose key exists; adds the clean rest to {@code creates}; returns how many were updated. */
    long apply(ImportRunner.Plan plan, List<PendingRow> batch, List<PendingRow> creates, TransactionTemplate savepoint) {
        String key = plan.upsertKey();
        ArrayNode keys = CellConverter.NODES.arrayNode();
        for (PendingRow row : batch) {
            JsonNode k = row.values.get(key);
            if (row.clean() && k != null && !k.isNull()) {
                keys.add(k);
            }
        }
        Map<String, Map<String, Object>> existing = new HashMap<>();
        if (!keys.isEmpty()) {
            RecordQuery query = new RecordQuery(new Filter.Condition(key, Filter.Operator.IN, keys, "/filter"), List.of(),
                    RecordQuery.MAX_LIMIT, null, false, Set.of());
            while (true) {
                RecordPage page = records.query(plan.actor(), plan.app(), plan.object().name(), query);
                page.records().forEach(r -> existing.put(String.valueOf(r.get(key)), r));
                if (page.next() == null) {
                    break;
                }
                query = query.withAfter(page.next());
            }
        }
        long updated = 0;
        for (PendingRow row : batch) {
            if (!row.clean()) {
                continue;
            }
            JsonNode k = row.values.get(key);
            Map<String, Object> record = k == null ? null : existing.get(k.isString() ? k.stringValue() : k.toString());
            if (record == null) {
                creates.add(row);
                continue;
            }
            long id = (Long) record.get("id");
            int version = (Integer) record.get("version");
            try {
                savepoint.executeWithoutResult(s -> records.update(plan.actor(), plan.app(), plan.object().name(), id,
                        version, row.values));
                updated++;
            } catch (TrellisException e) {
                Map<String, String> headers = new HashMap<>();
                plan.columns().forEach(c -> headers.put(c.field().name(), c.header()));
                List<Problem> problems = e.problems().isEmpty() ? List.of(Problem.of(e.code(), "", e.getMessage()))
                        : e.problems();
                for (Problem p : problems) {
                    String field = p.path().length() > 1 ? p.path().substring(1).split("/")[0] : null;
                    row.problem(field == null ? null : headers.getOrDefault(field, field), field, p.code(),
                            "updating " + plan.object().name() + " " + id + ": " + p.message());
                }
            }
        }
        return updated;
    }
}
