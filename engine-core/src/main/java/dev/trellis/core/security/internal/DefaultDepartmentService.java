package dev.trellis.core.security.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.security.Department;
import dev.trellis.core.security.DepartmentInput;
import dev.trellis.core.security.DepartmentService;
import dev.trellis.core.security.OperationLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The organisation tree: each change validates everything, takes the tree's lock, changes the rows and
 * logs the change in one transaction.
 */
public final class DefaultDepartmentService implements DepartmentService {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_NAME = 200;

    private final DepartmentTree tree;
    private final TransactionTemplate tx;
    private final OperationLog log;

    public DefaultDepartmentService(DSLContext dsl, TransactionTemplate tx, OperationLog log) {
        this.tree = new DepartmentTree(dsl);
        this.tx = tx;
        this.log = log;
    }

    @Override
    public Department create(Actor actor, DepartmentInput input) {
        requireAdmin(actor);
        return tx.execute(status -> {
            tree.lock();
            Department parent = validate(input, null);
            Department created = tree.insert(input.code(), input.name(), input.parentId(), input.managerId(),
                    parent == null ? "/" : parent.path());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("code", created.code());
            detail.put("name", created.name());
            detail.put("parentId", created.parentId());
            detail.put("managerId", created.managerId());
            log.record(actor, "department.create", target(created), detail);
            return created;
        });
    }

    @Override
    public Department update(Actor actor, long id, DepartmentInput input) {
        requireAdmin(actor);
        return tx.execute(status -> {
            tree.lock();
            Department before = tree.find(id).orElseThrow(() -> notFound(id));
            Department parent = validate(input, before);
            tree.update(id, input.code(), input.name(), input.parentId(), input.managerId());
            String path = (parent == null ? "/" : parent.path()) + id + "/";
            if (!path.equals(before.path())) {
                tree.movePaths(before.path(), path);
            }
            Department after = tree.find(id).orElseThrow();
            Map<String, Object> changes = new LinkedHashMap<>();
            change(changes, "code", before.code(), after.code());
            change(changes, "name", before.name(), after.name());
            change(changes, "parentId", before.parentId(), after.parentId());
            change(changes, "managerId", before.managerId(), after.managerId());
            change(changes, "path", before.path(), after.path());
            if (!changes.isEmpty()) {
                log.record(actor, "department.update", target(after), changes);
            }
            return after;
        });
    }

    @Override
    public void delete(Actor actor, long id) {
        requireAdmin(actor);
        tx.executeWithoutResult(status -> {
            tree.lock();
            Department department = tree.find(id).orElseThrow(() -> notFound(id));
            if (tree.hasChildren(id)) {
                throw new ConflictException("department-has-children", "department '" + department.code()
                        + "' has sub-departments; move or delete them first");
            }
            tree.delete(id);
            log.record(actor, "department.delete", target(department),
                    Map.of("code", department.code(), "name", department.name(), "path", department.path()));
        });
    }

    @Override
    public List<Department> list(Actor actor) {
        requireStaff(actor);
        return tree.list();
    }

    @Override
    public Department get(Actor actor, long id) {
        requireStaff(actor);
        return tree.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Every problem of the input, for a new department ({@code current} null) or a changed one. Returns the
     * parent, or null at the root. Runs under the tree's lock, so what it checked still holds when written.
     */
    private Department validate(DepartmentInput input, Department current) {
        List<Problem> problems = new ArrayList<>();
        if (input.code() == null || !CODE.matcher(input.code()).matches()) {
            problems.add(Problem.of("department-code-invalid", "/code", "1 to 64 letters, digits or . _ -"));
        }
        if (input.name() == null || input.name().isBlank() || input.name().length() > MAX_NAME) {
            problems.add(Problem.of("department-name-invalid", "/name", "1 to " + MAX_NAME + " characters"));
        }
        Department parent = null;
        if (input.parentId() != null) {
            parent = tree.find(input.parentId()).orElse(null);
            if (parent == null) {
                problems.add(Problem.of("department-parent-not-found", "/parentId",
                        "no department " + input.parentId()));
            } else if (current != null && parent.path().startsWith(current.path())) {
                problems.add(Problem.of("department-parent-cycle", "/parentId", "department '" + current.code()
                        + "' cannot move under itself or one of its sub-departments"));
            }
        }
        if (input.managerId() != null && !tree.userExists(input.managerId())) {
            problems.add(Problem.of("department-manager-not-found", "/managerId", "no user " + input.managerId()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        if (tree.codeTaken(input.code(), current == null ? null : current.id())) {
            throw new ConflictException("department-code-taken", "a department with code '" + input.code() + "' exists",
                    List.of(Problem.of("department-code-taken", "/code", "the code is taken")), null);
        }
        return parent;
    }

    private static void change(Map<String, Object> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, Arrays.asList(before, after));
        }
    }

    private static String target(Department department) {
        return "department/" + department.id();
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("department-change-forbidden", "only administrators change departments");
        }
    }

    /** The organisation chart is internal: partner users do not see it. */
    private static void requireStaff(Actor actor) {
        if (actor.isPartner()) {
            throw new ForbiddenException("department-read-forbidden", "partner users do not see the organisation");
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("department-not-found", "no department " + id);
    }
}
