package dev.trellis.core.security;

/**
 * A department of the organisation tree.
 *
 * @param parentId  the department above, null at the top
 * @param managerId the user who manages it, if any
 * @param path      the ids from the root down to this one, {@code /1/5/9/}: a subtree is every department
 *                  whose path starts with this one's
 */
public record Department(long id, String code, String name, Long parentId, Long managerId, String path) {
}
