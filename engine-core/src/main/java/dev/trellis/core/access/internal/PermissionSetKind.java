package dev.trellis.core.access.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.access.ObjectPermission;
import dev.trellis.core.access.PermissionSetDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.internal.Identifiers;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import java.util.List;
import java.util.Map;

/** The {@code permission_set} kind: object permissions and field access, checked against the objects. */
public final class PermissionSetKind implements MetadataKind<PermissionSetDefinition> {

    public static final String NAME = "permission_set";

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<PermissionSetDefinition> type() {
        return PermissionSetDefinition.class;
    }

    @Override
    public String nameOf(PermissionSetDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(PermissionSetDefinition set, MetadataContext context, List<Problem> problems) {
        Identifiers.check(set.name(), "/name", problems);
        for (Map.Entry<String, ObjectPermission> entry : set.objects().entrySet()) {
            String path = "/objects/" + entry.getKey();
            ObjectDefinition object = context.findObject(entry.getKey()).orElse(null);
            if (object == null) {
                problems.add(Problem.of("object-unknown", path, "app '" + context.app() + "' has no object named '"
                        + entry.getKey() + "'"));
                continue;
            }
            ObjectPermission p = entry.getValue();
            if (p == null) {
                continue;
            }
            needs(p.create() && !p.read(), path + "/create", "create", "read", problems);
            needs(p.edit() && !p.read(), path + "/edit", "edit", "read", problems);
            needs(p.delete() && !p.edit(), path + "/delete", "delete", "edit", problems);
            needs(p.export() && !p.read(), path + "/export", "export", "read", problems);
            needs(p.viewAll() && !p.read(), path + "/viewAll", "viewAll", "read", problems);
            needs(p.modifyAll() && !(p.edit() && p.viewAll()), path + "/modifyAll", "modifyAll", "edit and viewAll",
                    problems);
            for (String field : p.fields().keySet()) {
                if (object.findField(field).isEmpty()) {
                    problems.add(Problem.of("field-unknown", path + "/fields/" + field,
                            "object '" + object.name() + "' has no field '" + field + "'"));
                }
            }
        }
    }

    private static void needs(boolean missing, String path, String permission, String required,
            List<Problem> problems) {
        if (missing) {
            problems.add(Problem.of("permission-incomplete", path, permission + " needs " + required));
        }
    }
}
