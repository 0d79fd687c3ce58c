package dev.trellis.core.access;

import java.util.Map;

/** A named bundle of object and field permissions that roles grant (Salesforce's permission set). */
public record PermissionSetDefinition(String name, Map<String, String> label, String description,
        Map<String, ObjectPermission> objects) {

    public PermissionSetDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        objects = objects == null ? Map.of() : Map.copyOf(objects);
    }
}
