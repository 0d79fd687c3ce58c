package dev.trellis.core.record.internal;

import dev.trellis.core.access.FieldAccess;
import dev.trellis.core.access.ObjectPermission;
import dev.trellis.core.access.PermissionSetDefinition;
import dev.trellis.core.access.RoleDefinition;
import dev.trellis.core.access.internal.PermissionSetKind;
import dev.trellis.core.access.internal.RoleKind;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a set of roles is granted in one published app: the union of their permission sets per object
 * (a permission any set grants; a field as open as the widest set that can read the object makes it),
 * and the roles below them in the hierarchy. Compiled once per (generation, role set).
 */
record Grants(Map<String, Grant> objects, Set<String> rolesBelow) {

    /** The permissions on one object. */
    record Grant(boolean create, boolean read, boolean edit, boolean delete, boolean export, boolean viewAll,
            boolean modifyAll, Map<String, FieldAccess> fields) {

        static final Grant NONE = new Grant(false, false, false, false, false, false, false, Map.of());

        FieldAccess field(String name) {
            return fields.getOrDefault(name, FieldAccess.HIDDEN);
        }
    }

    private record Key(Set<String> roles) {
    }

    static Grants of(PublishedApp app, Set<String> roles) {
        return app.compiled(new Key(roles), p -> compile(p, roles));
    }

    Grant object(String name) {
        return objects.getOrDefault(name, Grant.NONE);
    }

    private static Grants compile(PublishedApp app, Set<String> roles) {
        Map<String, RoleDefinition> defined = app.all(RoleKind.NAME, RoleDefinition.class);
        List<PermissionSetDefinition> sets = new ArrayList<>();
        for (String role : roles) {
            RoleDefinition definition = defined.get(role);
            if (definition != null) {
                definition.permissionSets().forEach(name ->
                        app.find(PermissionSetKind.NAME, name, PermissionSetDefinition.class).ifPresent(sets::add));
            }
        }
        Map<String, Grant> objects = new HashMap<>();
        for (ObjectDefinition object : app.objects().values()) {
            Grant grant = Grant.NONE;
            for (PermissionSetDefinition set : sets) {
                ObjectPermission p = set.objects().get(object.name());
                if (p != null && p.read()) {
                    grant = union(grant, p, object);
                }
            }
            if (grant != Grant.NONE) {
                objects.put(object.name(), grant);
            }
        }
        return new Grants(Map.copyOf(objects), rolesBelow(defined, roles));
    }

    private static Grant union(Grant g, ObjectPermission p, ObjectDefinition object) {
        Map<String, FieldAccess> fields = new LinkedHashMap<>(g.fields());
        for (FieldDefinition field : object.fields()) {
            FieldAccess granted = p.fields().getOrDefault(field.name(), FieldAccess.EDIT);
            fields.merge(field.name(), granted, FieldAccess::widest);
        }
        return new Grant(g.create() || p.create(), true, g.edit() || p.edit(), g.delete() || p.delete(),
                g.export() || p.export(), g.viewAll() || p.viewAll(), g.modifyAll() || p.modifyAll(), Map.copyOf(fields));
    }

    /** Every role under the given ones in the hierarchy, not counting the given ones themselves. */
    private static Set<String> rolesBelow(Map<String, RoleDefinition> defined, Set<String> roles) {
        Map<String, List<String>> children = new HashMap<>();
        defined.values().stream().filter(r -> r.parent() != null)
                .forEach(r -> children.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r.name()));
        Set<String> below = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(roles);
        while (!todo.isEmpty()) {
            for (String child : children.getOrDefault(todo.pop(), List.of())) {
                if (below.add(child)) {
                    todo.push(child);
                }
            }
        }
        below.removeAll(roles);
        return Set.copyOf(below);
    }
}
