package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;

/** Collects every problem of what a user is given: names, password, roles, department, partner account. */
final class UserValidator {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final DSLContext dsl;
    private final PartnerAccounts partners;

    UserValidator(DSLContext dsl, PartnerAccounts partners) {
        this.dsl = dsl;
        this.partners = partners;
    }

    static void username(String username, List<Problem> problems) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.add(Problem.of("username-invalid", "/username", "1 to 64 letters, digits or . _ @ -"));
        }
    }

    static void password(String password, String path, List<Problem> problems) {
        if (password == null || password.length() < 8) {
            problems.add(Problem.of("password-too-short", path, "at least 8 characters"));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            // BCrypt reads at most 72 bytes; a longer password would not be what is checked
            problems.add(Problem.of("password-too-long", path, "at most 72 bytes"));
        }
    }

    /** Roles, department and partner account, which a new user and an update share. */
    void membership(Set<String> roles, Long departmentId, Actor.PartnerAccount partner, List<Problem> problems) {
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                problems.add(Problem.of("role-invalid", "/roles", "'" + role + "' is not a role name"));
            }
        }
        if (departmentId != null && !dsl.fetchExists(table(name("trellis_sys", "department")),
                field(name("id"), SQLDataType.BIGINT).eq(departmentId))) {
            problems.add(Problem.of("department-not-found", "/departmentId", "no department " + departmentId));
        }
        if (partner != null) {
            problems.addAll(partners.problems(partner, "/partner"));
            if (roles.contains(Actor.ADMIN_ROLE)) {
                problems.add(Problem.of("partner-admin-forbidden", "/roles",
                        "a partner user cannot be an administrator"));
            }
        }
    }
}
