package dev.trellis.core.access;

import java.util.List;
import java.util.Map;

/**
 * A role of an app: what its holders may do (the union of its permission sets) and where it sits in
 * the role hierarchy. Holders of a role see the records owned by holders of the roles below it.
 * Users hold roles by name; an app that defines no role of that name grants it nothing.
 *
 * @param parent the role this one reports to, or null at the top
 */
public record RoleDefinition(String name, Map<String, String> label, String description, String parent,
        List<String> permissionSets) {

    public RoleDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        permissionSets = permissionSets == null ? List.of() : List.copyOf(permissionSets);
    }
}
