package dev.trellis.core.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A business object (partner, order, …): its fields and indexes; published, it is a table. */
public record ObjectDefinition(
        String name,
        Map<String, String> label,
        Map<String, String> pluralLabel,
        String description,
        String nameField,
        List<FieldDefinition> fields,
        List<IndexDefinition> indexes) {

    public ObjectDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        pluralLabel = pluralLabel == null ? Map.of() : Map.copyOf(pluralLabel);
        fields = fields == null ? List.of() : List.copyOf(fields);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }

    public Optional<FieldDefinition> findField(String fieldName) {
        return fields.stream().filter(f -> f != null && fieldName.equals(f.name())).findFirst();
    }
}
