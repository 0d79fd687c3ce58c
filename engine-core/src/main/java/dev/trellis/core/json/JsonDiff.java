package dev.trellis.core.json;

import dev.trellis.core.metadata.JsonChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A structural diff of two JSON documents. Arrays whose elements are all objects with a string
 * {@code name} (or picklist {@code value}) are compared element by element by that key, which is how
 * people think of fields; other arrays are compared by position.
 */
public final class JsonDiff {

    private JsonDiff() {
    }

    public static List<JsonChange> diff(JsonNode from, JsonNode to) {
        List<JsonChange> changes = new ArrayList<>();
        diff("", from, to, changes);
        return changes;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<JsonChange> out) {
        if (a == null || a.isMissingNode()) {
            if (b != null && !b.isMissingNode()) {
                out.add(new JsonChange("add", path, null, b));
            }
            return;
        }
        if (b == null || b.isMissingNode()) {
            out.add(new JsonChange("remove", path, a, null));
            return;
        }
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>(a.propertyNames());
            keys.addAll(b.propertyNames());
            for (String key : keys) {
                diff(path + "/" + escape(key), a.get(key), b.get(key), out);
            }
        } else if (a.isArray() && b.isArray() && commonKey(a, b) != null) {
            String key = commonKey(a, b);
            Map<String, JsonNode> left = byKey(a, key);
            Map<String, JsonNode> right = byKey(b, key);
            Set<String> keys = new LinkedHashSet<>(left.keySet());
            keys.addAll(right.keySet());
            for (String k : keys) {
                diff(path + "/" + escape(k), left.get(k), right.get(k), out);
            }
            // the elements kept may also have changed places (fields reordered on a form, say)
            List<String> keptBefore = left.keySet().stream().filter(right::containsKey).toList();
            List<String> keptAfter = right.keySet().stream().filter(left::containsKey).toList();
            if (!keptBefore.equals(keptAfter)) {
                out.add(new JsonChange("reorder", path, Json.tree(keptBefore), Json.tree(keptAfter)));
            }
        } else if (a.isArray() && b.isArray()) {
            int n = Math.max(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out);
            }
        } else {
            out.add(new JsonChange("replace", path, a, b));
        }
    }

    /**
     * The key both arrays' elements are identified by; an empty array takes the other's, so the first
     * index added to an object shows as {@code /indexes/by_status}, not {@code /indexes/0}.
     */
    private static String commonKey(JsonNode a, JsonNode b) {
        if (a.isEmpty()) {
            return keyOf(b);
        }
        if (b.isEmpty()) {
            return keyOf(a);
        }
        String key = keyOf(a);
        return key != null && key.equals(keyOf(b)) ? key : null;
    }

    /** The identifying key of an array's elements, or null if they have none in common. */
    private static String keyOf(JsonNode array) {
        if (array.isEmpty()) {
            return null;
        }
        for (String key : List.of("name", "value")) {
            Set<String> seen = new LinkedHashSet<>();
            boolean all = true;
            for (JsonNode element : array) {
                JsonNode k = element.get(key);
                if (!element.isObject() || k == null || !k.isString() || !seen.add(k.stringValue())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return key;
            }
        }
        return null;
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String key) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode element : array) {
            JsonNode k = element.get(key);
            if (k != null && k.isString()) {
                map.put(k.stringValue(), element);
            }
        }
        return map;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
