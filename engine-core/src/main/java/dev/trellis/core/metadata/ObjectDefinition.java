package dev.trellis.core.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A business object (partner, order, …): its fields, indexes and sharing; published, it is a table. */
public record ObjectDefinition(
        String name,
        Map<String, String> label,
        Map<String, String> pluralLabel,
        String description,
        String nameField,
        List<FieldDefinition> fields,
        List<IndexDefinition> indexes,
        SharingDefinition sharing) {

    public ObjectDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        pluralLabel = pluralLabel == null ? Map.of() : Map.copyOf(pluralLabel);
        fields = fields == null ? List.of() : List.copyOf(fields);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        sharing = sharing == null ? SharingDefinition.DEFAULT : sharing;
    }

    public Optional<FieldDefinition> findField(String fieldName) {
        return fields.stream().filter(f -> f != null && fieldName.equals(f.name())).findFirst();
    }
}
