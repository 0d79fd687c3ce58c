package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.security.Department;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQL of {@code trellis_sys.department}. Each row keeps its materialised path ({@code /1/5/9/}), so
 * "this department and everything under it" is one index range scan and moving a subtree is one UPDATE.
 */
final class DepartmentTree {

    private static final Table<Record> DEPARTMENT = table(name("trellis_sys", "department"));
    private static final Table<Record> USER = table(name("trellis_sys", "app_user"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> CODE = field(name("code"), SQLDataType.CLOB);
    private static final Field<String> NAME = field(name("name"), SQLDataType.CLOB);
    private static final Field<Long> PARENT_ID = field(name("parent_id"), SQLDataType.BIGINT);
    private static final Field<Long> MANAGER_ID = field(name("manager_id"), SQLDataType.BIGINT);
    private static final Field<String> PATH = field(name("path"), SQLDataType.CLOB);

    private final DSLContext dsl;

    DepartmentTree(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Serialises changes of the tree until the transaction ends; reads go on. Two moves checked for cycles
     * at the same time could otherwise each put one department under the other.
     */
    void lock() {
        dsl.execute("lock table {0} in share row exclusive mode", DEPARTMENT);
    }

    Optional<Department> find(long id) {
        return dsl.select(ID, CODE, NAME, PARENT_ID, MANAGER_ID, PATH).from(DEPARTMENT).where(ID.eq(id))
                .fetchOptional(DepartmentTree::department);
    }

    /** Parents before their children: a child's path extends its parent's. */
    List<Department> list() {
        return dsl.select(ID, CODE, NAME, PARENT_ID, MANAGER_ID, PATH).from(DEPARTMENT).orderBy(PATH)
                .fetch(DepartmentTree::department);
    }

    boolean codeTaken(String code, Long except) {
        return dsl.fetchExists(DEPARTMENT, CODE.eq(code), except == null ? DSL.noCondition() : ID.ne(except));
    }

    boolean userExists(long id) {
        return dsl.fetchExists(USER, ID.eq(id));
    }

    boolean hasChildren(long id) {
        return dsl.fetchExists(DEPARTMENT, PARENT_ID.eq(id));
    }

    /** Inserts a department under a parent with the given path ('/' at the root); its own path follows its id. */
    Department insert(String code, String name, Long parentId, Long managerId, String parentPath) {
        long id = dsl.insertInto(DEPARTMENT, CODE, NAME, PARENT_ID, MANAGER_ID, PATH)
                .values(code, name, parentId, managerId, "")
                .returningResult(ID).fetchSingle().value1();
        dsl.update(DEPARTMENT).set(PATH, parentPath + id + "/").where(ID.eq(id)).execute();
        return find(id).orElseThrow();
    }

    void update(long id, String code, String name, Long parentId, Long managerId) {
        dsl.update(DEPARTMENT).set(CODE, code).set(NAME, name).set(PARENT_ID, parentId).set(MANAGER_ID, managerId)
                .where(ID.eq(id)).execute();
    }

    /** Rewrites the path of a department and of everything under it in one statement. */
    void movePaths(String oldPath, String newPath) {
        dsl.update(DEPARTMENT).set(PATH, DSL.val(newPath).concat(DSL.substring(PATH, oldPath.length() + 1)))
                .where(PATH.startsWith(oldPath)).execute();
    }

    void delete(long id) {
        dsl.deleteFrom(DEPARTMENT).where(ID.eq(id)).execute();
    }

    private static Department department(Record r) {
        return new Department(r.get(ID), r.get(CODE), r.get(NAME), r.get(PARENT_ID), r.get(MANAGER_ID), r.get(PATH));
    }
}
