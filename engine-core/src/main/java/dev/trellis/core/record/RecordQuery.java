package dev.trellis.core.record;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A query of one object's records: an optional filter, sort keys (the id breaks ties), a page size, the
 * cursor of the page to continue from, whether to count all matches, and lookups to expand.
 *
 * <pre>{"filter": {"and": [{"field": "tier", "op": "eq", "value": "gold"},
 *                          {"or": [{"field": "credit_limit", "op": "ge", "value": 100000},
 *                                  {"field": "region", "op": "in", "value": ["east", "south"]}]}]},
 *  "sort": [{"field": "name", "direction": "asc"}], "limit": 50, "after": "…", "count": true,
 *  "expand": ["partner"]}</pre>
 */
public record RecordQuery(Filter filter, List<SortOrder> sort, int limit, String after, boolean count,
        Set<String> expand) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public RecordQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidException.of("query-limit-invalid", "/limit", "limit is a whole number from 1 to " + MAX_LIMIT);
        }
        sort = sort == null ? List.of() : List.copyOf(sort);
        expand = expand == null ? Set.of() : Set.copyOf(expand);
    }

    public static RecordQuery all() {
        return new RecordQuery(null, List.of(), DEFAULT_LIMIT, null, false, Set.of());
    }

    public RecordQuery withAfter(String cursor) {
        return new RecordQuery(filter, sort, limit, cursor, count, expand);
    }

    /** Reads a query from its JSON form; every problem is reported with its path. */
    public static RecordQuery fromJson(JsonNode json) {
        List<Problem> problems = new ArrayList<>();
        if (json == null || json.isNull() || json.isMissingNode()) {
            return all();
        }
        if (!json.isObject()) {
            throw InvalidException.of("query-invalid", "", "a query must be a JSON object");
        }
        for (String key : json.propertyNames()) {
            if (!Set.of("filter", "sort", "limit", "after", "count", "expand").contains(key)) {
                problems.add(Problem.of("query-property-unknown", "/" + key, "unknown query property '" + key
                        + "'; use filter, sort, limit, after, count, expand"));
            }
        }
        Filter filter = json.hasNonNull("filter") ? Filter.parse(json.get("filter"), "/filter", problems) : null;
        List<SortOrder> sort = new ArrayList<>();
        JsonNode s = json.get("sort");
        if (s != null && !s.isNull()) {
            if (!s.isArray()) {
                problems.add(Problem.of("query-sort-invalid", "/sort", "sort must be an array of {field, direction}"));
            } else {
                for (int i = 0; i < s.size(); i++) {
                    JsonNode key = s.get(i);
                    String path = "/sort/" + i;
                    String direction = key.path("direction").asString("asc");
                    if (!key.path("field").isString()) {
                        problems.add(Problem.of("query-sort-invalid", path + "/field", "a sort key needs a field name"));
                    } else if (!direction.equals("asc") && !direction.equals("desc")) {
                        problems.add(Problem.of("query-sort-invalid", path + "/direction", "direction is asc or desc"));
                    } else {
                        sort.add(new SortOrder(key.get("field").stringValue(), direction.equals("desc")));
                    }
                }
            }
        }
        int limit = DEFAULT_LIMIT;
        JsonNode l = json.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.isIntegralNumber() || !l.canConvertToInt() || l.asInt() < 1 || l.asInt() > MAX_LIMIT) {
                problems.add(Problem.of("query-limit-invalid", "/limit", "limit is a whole number from 1 to " + MAX_LIMIT));
            } else {
                limit = l.asInt();
            }
        }
        String after = null;
        JsonNode a = json.get("after");
        if (a != null && !a.isNull()) {
            if (!a.isString()) {
                problems.add(Problem.of("cursor-invalid", "/after", "after is the cursor string of a previous page"));
            } else {
                after = a.stringValue();
            }
        }
        JsonNode c = json.get("count");
        if (c != null && !c.isNull() && !c.isBoolean()) {
            problems.add(Problem.of("query-count-invalid", "/count", "count is true or false"));
        }
        Set<String> expand = new LinkedHashSet<>();
        JsonNode e = json.get("expand");
        if (e != null && !e.isNull()) {
            if (e.isArray() && e.valueStream().allMatch(JsonNode::isString)) {
                e.valueStream().map(JsonNode::stringValue).forEach(expand::add);
            } else {
                problems.add(Problem.of("query-expand-invalid", "/expand", "expand is an array of lookup field names"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return new RecordQuery(filter, sort, limit, after, c != null && c.asBoolean(false), expand);
    }
}
