package dev.trellis.core.record;

import java.util.List;

/** A page of audit entries, newest first; {@code before} fetches the next (older) page. */
public record AuditPage(List<AuditEntry> entries, Long before) {
}
