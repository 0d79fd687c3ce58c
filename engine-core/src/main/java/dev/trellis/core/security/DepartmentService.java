package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.util.List;

/**
 * The organisation tree. Only administrators change it; every change is logged. Moving a department
 * moves its whole subtree; a move under itself is refused.
 */
public interface DepartmentService {

    Department create(Actor actor, DepartmentInput input);

    Department update(Actor actor, long id, DepartmentInput input);

    /** Refused while the department has sub-departments; its members are left without a department. */
    void delete(Actor actor, long id);

    /** Head-office users read the tree (partner users do not): ordered by path, a parent before its children. */
    List<Department> list(Actor actor);

    Department get(Actor actor, long id);
}
