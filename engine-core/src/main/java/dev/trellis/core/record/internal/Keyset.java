package dev.trellis.core.record.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.record.SortOrder;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keyset paging over the sort keys plus the id. Nulls sort last in both directions, and the seek
 * condition accounts for them, so a page never skips or repeats a record. The cursor is the last
 * row's key values and the sort they belong to, base64url-encoded JSON.
 */
final class Keyset {

    private final ObjectTable table;
    private final List<SortOrder> sort;
    private final List<ObjectTable.Column> columns;

    Keyset(ObjectTable table, List<SortOrder> requested) {
        this.table = table;
        List<Problem> problems = new ArrayList<>();
        List<SortOrder> keys = new ArrayList<>();
        List<ObjectTable.Column> cols = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            SortOrder order = requested.get(i);
            ObjectTable.Column column = table.findColumn(order.field()).orElse(null);
            if (column == null) {
                problems.add(Problem.of("field-unknown", "/sort/" + i + "/field", "object " + table.name()
                        + " has no field '" + order.field() + "'"));
            } else if (column.definition().type() == FieldType.JSON
                    || column.definition().type() == FieldType.MULTI_PICKLIST) {
                problems.add(Problem.of("sort-unsupported", "/sort/" + i + "/field", "cannot sort by a "
                        + column.definition().type().jsonName() + " field"));
            } else if (!order.field().equals(ObjectTable.ID)) {
                keys.add(order);
                cols.add(column);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        this.sort = List.copyOf(keys);
        this.columns = List.copyOf(cols);
    }

    List<SortField<?>> orderBy() {
        List<SortField<?>> fields = new ArrayList<>();
        for (int i = 0; i < sort.size(); i++) {
            Field<Object> f = columns.get(i).field();
            fields.add((sort.get(i).descending() ? f.desc() : f.asc()).nullsLast());
        }
        fields.add(table.id.asc());
        return fields;
    }

    /** The condition selecting rows after the cursor's row. */
    Condition after(String cursor) {
        if (cursor == null) {
            return DSL.noCondition();
        }
        List<Object> values = decode(cursor);
        long id = (Long) values.get(values.size() - 1);
        Condition result = table.id.gt(id);
        // built from the last key backwards: (k_i after v_i) or (k_i equals v_i and <the rest>)
        for (int i = sort.size() - 1; i >= 0; i--) {
            Field<Object> f = columns.get(i).field();
            Object v = values.get(i);
            Condition same = v == null ? f.isNull() : f.eq(v);
            Condition beyond = v == null ? DSL.falseCondition()
                    : (sort.get(i).descending() ? f.lt(v) : f.gt(v)).or(f.isNull());
            result = beyond.or(same.and(result));
        }
        return result;
    }

    String cursorOf(Map<String, Object> lastRow) {
        ObjectNode node = Json.object();
        ArrayNode keys = node.putArray("s");
        sort.forEach(s -> keys.add(s.field() + (s.descending() ? ":desc" : ":asc")));
        ArrayNode values = node.putArray("v");
        columns.forEach(c -> values.add(Json.tree(lastRow.get(c.name()))));
        values.add((Long) lastRow.get(ObjectTable.ID));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
    }

    private List<Object> decode(String cursor) {
        try {
            JsonNode node = Json.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            JsonNode keys = node.get("s");
            JsonNode values = node.get("v");
            List<String> expected = sort.stream().map(s -> s.field() + (s.descending() ? ":desc" : ":asc")).toList();
            if (keys == null || values == null || !keys.isArray() || !values.isArray()
                    || values.size() != columns.size() + 1
                    || !expected.equals(keys.valueStream().map(JsonNode::asString).toList())) {
                throw invalid("the cursor belongs to a query with another sort");
            }
            List<Problem> problems = new ArrayList<>();
            List<Object> result = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                result.add(ValueConverter.toColumn(columns.get(i).definition(), values.get(i), "/after", problems));
            }
            JsonNode id = values.get(columns.size());
            if (!problems.isEmpty() || !id.canConvertToLong()) {
                throw invalid("the cursor is damaged");
            }
            result.add(id.longValue());
            return result;
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid("the cursor is not one this service issued");
        }
    }

    private static InvalidException invalid(String message) {
        return InvalidException.of("cursor-invalid", "/after", message);
    }
}
