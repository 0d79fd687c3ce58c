package dev.trellis.rule;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A record held as a map of field values (as the record service returns them), with the records its
 * lookups point at loaded on demand through {@code related} (object, id → record, or null), each once.
 */
public final class MapRecordContext implements RecordContext {

    private final ExpressionScope scope;
    private final Map<String, Object> values;
    private final Map<String, Object> prior;
    private final Actor user;
    private final BiFunction<String, Long, Map<String, Object>> related;
    private Map<String, Map<String, Object>> loaded;

    public MapRecordContext(ExpressionScope scope, Map<String, Object> values, Map<String, Object> prior, Actor user,
            BiFunction<String, Long, Map<String, Object>> related) {
        this.scope = scope;
        this.values = values;
        this.prior = prior;
        this.user = user;
        this.related = related;
    }

    /** A record with no lookups to follow and no prior values, e.g. for a test run. */
    public static MapRecordContext of(ExpressionScope scope, Map<String, Object> values, Actor user) {
        return new MapRecordContext(scope, values, null, user, (object, id) -> null);
    }

    @Override
    public Object value(List<String> path) {
        return walk(values, path);
    }

    @Override
    public Object prior(List<String> path) {
        return prior == null ? null : walk(prior, path);
    }

    @Override
    public Actor user() {
        return user;
    }

    private Object walk(Map<String, Object> record, List<String> path) {
        ObjectDefinition object = scope.object();
        Map<String, Object> current = record;
        for (int i = 0; i < path.size() - 1; i++) {
            Object id = current.get(path.get(i));
            if (!(id instanceof Number n)) {
                return null;
            }
            FieldDefinition field = object.findField(path.get(i)).orElseThrow();
            String target = field.target();
            if (loaded == null) {
                loaded = new HashMap<>();
            }
            current = loaded.computeIfAbsent(target + "/" + n.longValue(), k -> related.apply(target, n.longValue()));
            if (current == null) {
                return null;
            }
            object = target.equals(object.name()) ? object : scope.objects().apply(target).orElseThrow();
        }
        return current.get(path.getLast());
    }
}
