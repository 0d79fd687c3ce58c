package dev.trellis.workflow;

/** The lists of a user's task inbox. */
public enum Inbox {
    /** Tasks assigned to me and open. */
    OPEN,
    /** Open tasks of my roles and department that nobody has claimed. */
    GROUP,
    /** Tasks I acted on. */
    DONE
}
