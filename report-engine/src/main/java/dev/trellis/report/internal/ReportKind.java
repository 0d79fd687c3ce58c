package dev.trellis.report.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.access.FieldAccess;
import dev.trellis.core.access.ObjectPermission;
import dev.trellis.core.access.PermissionSetDefinition;
import dev.trellis.core.access.RoleDefinition;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.report.ReportDefinition;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code report} kind. Planning the report is its validation: every path resolves through lookups, each
 * aggregate fits its field's type, buckets are on dates, formulas name aggregates, filters compile with a
 * sample of each parameter. Then, for every role the report is meant for, no field it uses may be hidden
 * from that role (a report must not be built on what its audience may not see).
 */
public final class ReportKind implements MetadataKind<ReportDefinition> {

    public static final String NAME = "report";

    private final Clock clock;

    public ReportKind(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<ReportDefinition> type() {
        return ReportDefinition.class;
    }

    @Override
    public String nameOf(ReportDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(ReportDefinition report, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(report.name(), "/name", problems);
        ReportPlan plan = ReportPlan.plan(context.app(), report, context::findObject, LocalDate.now(clock), problems);
        if (plan == null) {
            return;
        }
        for (int i = 0; i < report.roles().size(); i++) {
            String role = report.roles().get(i);
            RoleDefinition definition = context.find("role", role, RoleDefinition.class).orElse(null);
            if (definition == null) {
                problems.add(Problem.of("role-unknown", "/roles/" + i, "app '" + context.app() + "' has no role '"
                        + role + "'"));
                continue;
            }
            List<PermissionSetDefinition> sets = definition.permissionSets().stream()
                    .flatMap(s -> context.find("permission_set", s, PermissionSetDefinition.class).stream()).toList();
            for (SourceRows.Resolved r : plan.rows.paths()) {
                if (r.definition().type() != null && hiddenFrom(sets, r.hop().object(), r.column())) {
                    problems.add(new Problem("report-field-hidden", plan.usedAt.get(r.path()), "field " + r.column()
                            + " of " + r.hop().object() + " is hidden from role " + role + ", for whom this report is",
                            java.util.Map.of("role", role, "field", r.path())));
                }
            }
        }
    }

    /** Hidden unless a set that reads the object leaves the field visible (unnamed fields are visible). */
    static boolean hiddenFrom(List<PermissionSetDefinition> sets, String object, String field) {
        if (dev.trellis.core.storage.ObjectTable.SYSTEM_COLUMNS.contains(field)) {
            return false;
        }
        for (PermissionSetDefinition set : sets) {
            ObjectPermission p = set.objects().get(object);
            if (p != null && p.read() && p.fields().getOrDefault(field, FieldAccess.EDIT) != FieldAccess.HIDDEN) {
                return false;
            }
        }
        return true;
    }
}
