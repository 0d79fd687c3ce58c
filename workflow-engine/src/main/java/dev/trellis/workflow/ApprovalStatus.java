package dev.trellis.workflow;

/** Where a record stands in its approval; the value of the flow's status field. */
public enum ApprovalStatus {
    DRAFT, IN_APPROVAL, APPROVED, REJECTED, WITHDRAWN;

    /** The value stored in the status field: {@code in_approval}. */
    public String value() {
        return name().toLowerCase();
    }

    public static ApprovalStatus of(String value) {
        return valueOf(value.toUpperCase());
    }
}
