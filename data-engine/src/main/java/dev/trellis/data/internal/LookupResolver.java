package dev.trellis.data.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Turns the keys a file names lookups by (a partner's code) into record ids, a batch at a time, through the
 * record service's query: a key only finds records the importing user can read. Keys found once are
 * remembered for the rest of the import.
 */
final class LookupResolver {

    private static final long NOT_FOUND = -1;
    private static final long AMBIGUOUS = -2;
    private static final int KEYS_PER_QUERY = 500;

    private final RecordService records;
    private final Actor actor;
    private final String app;
    private final CellConverter converter;
    private final Map<Integer, Map<String, Long>> cache = new HashMap<>();

    LookupResolver(RecordService records, Actor actor, String app, CellConverter converter) {
        this.records = records;
        this.actor = actor;
        this.app = app;
        this.converter = converter;
    }

    void resolve(List<PendingRow> batch, List<ImportColumns.Bound> columns) {
        for (ImportColumns.Bound column : columns) {
            if (!column.field().type().isReference()) {
                continue;
            }
            String field = column.field().name();
            if (column.keyField() == null) {
                for (PendingRow row : batch) {
                    JsonNode key = row.values.get(field);
                    if (key != null && key.isString()) {
                        try {
                            row.values.put(field, Long.parseLong(key.stringValue()));
                        } catch (NumberFormatException e) {
                            row.values.remove(field);
                            row.problem(column.header(), field, "value-type-mismatch", "'" + key.stringValue()
                                    + "' is not the id of a " + column.field().target());
                        }
                    }
                }
                continue;
            }
            Map<String, Long> ids = cache.computeIfAbsent(column.index(), i -> new HashMap<>());
            Set<String> missing = new LinkedHashSet<>();
            for (PendingRow row : batch) {
                JsonNode key = row.values.get(field);
                if (key != null && key.isString() && !ids.containsKey(key.stringValue())) {
                    missing.add(key.stringValue());
                }
            }
            fetch(column, new ArrayList<>(missing), ids);
            for (PendingRow row : batch) {
                JsonNode key = row.values.get(field);
                if (key == null || !key.isString()) {
                    continue;
                }
                long id = ids.getOrDefault(key.stringValue(), NOT_FOUND);
                if (id >= 0) {
                    row.values.put(field, id);
                    continue;
                }
                row.values.remove(field);
                String target = column.field().target();
                String keyName = column.keyField().name();
                row.problem(column.header(), field, id == AMBIGUOUS ? "lookup-ambiguous" : "lookup-not-found",
                        id == AMBIGUOUS ? "more than one " + target + " has " + keyName + " '" + key.stringValue() + "'"
                                : "no " + target + " with " + keyName + " '" + key.stringValue() + "' that you can read");
            }
        }
    }

    private void fetch(ImportColumns.Bound column, List<String> keys, Map<String, Long> ids) {
        String keyName = column.keyField().name();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            ArrayNode values = CellConverter.NODES.arrayNode();
            for (String key : chunk) {
                ids.put(key, NOT_FOUND);
                Object typed = converter.convert(column.keyField(), key);
                if (typed instanceof JsonNode node) {
                    values.add(node);
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            Filter filter = new Filter.Condition(keyName, Filter.Operator.IN, values, "/filter");
            RecordQuery query = new RecordQuery(filter, List.of(), RecordQuery.MAX_LIMIT, null, false, Set.of());
            while (true) {
                RecordPage page = records.query(actor, app, column.field().target(), query);
                for (Map<String, Object> record : page.records()) {
                    Object value = record.get(keyName);
                    if (value == null) {
                        continue;
                    }
                    String text = CellConverter.text(value instanceof Long l ? new java.math.BigDecimal(l) : value);
                    long id = (Long) record.get("id");
                    Long before = ids.get(text);
                    ids.put(text, before == null || before == NOT_FOUND ? id : AMBIGUOUS);
                }
                if (page.next() == null) {
                    break;
                }
                query = query.withAfter(page.next());
            }
        }
    }
}
