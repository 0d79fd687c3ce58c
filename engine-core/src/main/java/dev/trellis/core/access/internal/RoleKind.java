package dev.trellis.core.access.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.access.PermissionSetDefinition;
import dev.trellis.core.access.RoleDefinition;
import dev.trellis.core.metadata.internal.Identifiers;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code role} kind: a place in the role hierarchy and the permission sets it grants. */
public final class RoleKind implements MetadataKind<RoleDefinition> {

    public static final String NAME = "role";

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<RoleDefinition> type() {
        return RoleDefinition.class;
    }

    @Override
    public String nameOf(RoleDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(RoleDefinition role, MetadataContext context, List<Problem> problems) {
        Identifiers.check(role.name(), "/name", problems);
        if (Actor.ADMIN_ROLE.equals(role.name())) {
            problems.add(Problem.of("role-reserved", "/name",
                    "'admin' is the platform's administrator role and cannot be defined by an app"));
        }
        if (role.parent() != null) {
            checkParent(role, context, problems);
        }
        for (int i = 0; i < role.permissionSets().size(); i++) {
            String set = role.permissionSets().get(i);
            if (context.find(PermissionSetKind.NAME, set, PermissionSetDefinition.class).isEmpty()) {
                problems.add(Problem.of("permission-set-unknown", "/permissionSets/" + i,
                        "app '" + context.app() + "' has no permission set named '" + set + "'"));
            }
        }
    }

    /** The parent exists, and following parents never comes back to this role. */
    private static void checkParent(RoleDefinition role, MetadataContext context, List<Problem> problems) {
        Set<String> seen = new HashSet<>(Set.of(role.name()));
        String current = role.parent();
        while (current != null) {
            if (!seen.add(current)) {
                problems.add(Problem.of("role-hierarchy-cycle", "/parent",
                        "role '" + role.name() + "' would report to itself through '" + role.parent() + "'"));
                return;
            }
            var parent = context.find(NAME, current, RoleDefinition.class);
            if (parent.isEmpty()) {
                problems.add(Problem.of("role-unknown", "/parent", "app '" + context.app()
                        + "' has no role named '" + current + "'"));
                return;
            }
            current = parent.get().parent();
        }
    }
}
