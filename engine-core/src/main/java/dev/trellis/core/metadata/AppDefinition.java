package dev.trellis.core.metadata;

import java.util.Map;

/** An application: the container of objects (and later forms, flows, reports); a schema of its own. */
public record AppDefinition(String name, Map<String, String> label, String description) {

    public AppDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
    }
}
