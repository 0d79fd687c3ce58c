package dev.trellis.core.metadata;

import java.util.List;

/** A database index an analyst declares on an object (lookups get one each without asking). */
public record IndexDefinition(String name, List<String> fields, boolean unique) {

    public IndexDefinition {
        fields = List.copyOf(fields);
    }
}
