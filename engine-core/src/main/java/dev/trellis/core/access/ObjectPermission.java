package dev.trellis.core.access;

import java.util.Map;

/**
 * What a permission set allows on one object. {@code viewAll} and {@code modifyAll} pass over
 * record-level sharing (never over partner scoping). Fields not named in {@code fields} are editable
 * wherever the object is.
 */
public record ObjectPermission(boolean create, boolean read, boolean edit, boolean delete, boolean export,
        boolean viewAll, boolean modifyAll, Map<String, FieldAccess> fields) {

    public ObjectPermission {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
