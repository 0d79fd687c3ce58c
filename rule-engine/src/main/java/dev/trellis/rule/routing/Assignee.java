package dev.trellis.rule.routing;

/**
 * Whom a decision routes to: exactly one of a user (by id), a role, a department (by code) or a named queue.
 */
public record Assignee(Long user, String role, String department, String queue) {

    public static Assignee user(long id) {
        return new Assignee(id, null, null, null);
    }

    public static Assignee role(String role) {
        return new Assignee(null, role, null, null);
    }

    public static Assignee department(String code) {
        return new Assignee(null, null, code, null);
    }

    public static Assignee queue(String queue) {
        return new Assignee(null, null, null, queue);
    }

    /** {@code user}, {@code role}, {@code department} or {@code queue}. */
    public String kind() {
        return user != null ? "user" : role != null ? "role" : department != null ? "department" : "queue";
    }

    /** The user id, role name, department code or queue name. */
    public String value() {
        return user != null ? user.toString() : role != null ? role : department != null ? department : queue;
    }

    @Override
    public String toString() {
        return kind() + " " + value();
    }
}
