package dev.trellis.core.metadata;

import dev.trellis.core.NotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One published generation of an app: its definitions, immutable. A request takes the current
 * generation once and uses it throughout, so a publish in the middle never mixes two versions.
 * Engines memoise what they compile from a generation ({@link #compiled}); the memo goes when the
 * generation is replaced.
 */
public final class PublishedApp {

    private final AppDefinition app;
    private final int generation;
    private final Map<String, ObjectDefinition> objects;
    private final Map<String, Map<String, Object>> definitionsByKind;
    private final Map<Object, Object> compiled = new ConcurrentHashMap<>();

    public PublishedApp(AppDefinition app, int generation, Map<String, Map<String, Object>> definitionsByKind) {
        this.app = app;
        this.generation = generation;
        this.definitionsByKind = Map.copyOf(definitionsByKind);
        Map<String, Object> objectDefinitions = this.definitionsByKind.getOrDefault("object", Map.of());
        this.objects = objectDefinitions.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> (ObjectDefinition) e.getValue()));
    }

    public String name() {
        return app.name();
    }

    public AppDefinition definition() {
        return app;
    }

    public int generation() {
        return generation;
    }

    public Map<String, ObjectDefinition> objects() {
        return objects;
    }

    public Optional<ObjectDefinition> findObject(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    public ObjectDefinition getObject(String name) {
        return findObject(name).orElseThrow(() -> new NotFoundException("object-not-found",
                "app '" + app.name() + "' has no published object '" + name + "'"));
    }

    /** A published definition of any kind, e.g. {@code find("form", "order_entry", FormDefinition.class)}. */
    public <T> Optional<T> find(String kind, String name, Class<T> type) {
        return Optional.ofNullable(definitionsByKind.getOrDefault(kind, Map.of()).get(name)).map(type::cast);
    }

    /** Every published definition of a kind, by name. */
    public <T> Map<String, T> all(String kind, Class<T> type) {
        Map<String, T> all = new java.util.LinkedHashMap<>();
        definitionsByKind.getOrDefault(kind, Map.of()).forEach((name, definition) -> all.put(name, type.cast(definition)));
        return all;
    }

    /**
     * What an engine compiled from this generation under {@code key}, compiled on first use. A compiler may
     * itself ask for other compiled artifacts (the record checks of an object ask for its rules), so it
     * runs outside the map's lock; two threads may both compile the same key once, and the first result wins.
     */
    @SuppressWarnings("unchecked")
    public <T> T compiled(Object key, Function<PublishedApp, T> compiler) {
        Object existing = compiled.get(key);
        if (existing != null) {
            return (T) existing;
        }
        T made = compiler.apply(this);
        Object raced = compiled.putIfAbsent(key, made);
        return raced != null ? (T) raced : made;
    }
}
