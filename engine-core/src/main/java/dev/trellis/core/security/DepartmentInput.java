package dev.trellis.core.security;

/** A department as an administrator describes it, to create one or to replace one as a whole. */
public record DepartmentInput(String code, String name, Long parentId, Long managerId) {
}
