package dev.trellis.core.record;

import java.util.Set;

/**
 * What an actor may do with an object: the object permissions their roles grant and the fields they
 * may not see or change. Record-level access (which records) comes on top, per record.
 *
 * @param hiddenFields   fields never shown to the actor
 * @param readOnlyFields fields the actor sees but may not set (hidden fields are not listed again)
 */
public record Permissions(boolean create, boolean read, boolean edit, boolean delete, boolean export,
        Set<String> hiddenFields, Set<String> readOnlyFields) {

    public static final Permissions ALL = new Permissions(true, true, true, true, true, Set.of(), Set.of());

    public Permissions {
        hiddenFields = Set.copyOf(hiddenFields);
        readOnlyFields = Set.copyOf(readOnlyFields);
    }

    public boolean canSee(String field) {
        return !hiddenFields.contains(field);
    }

    public boolean canSet(String field) {
        return !hiddenFields.contains(field) && !readOnlyFields.contains(field);
    }
}
