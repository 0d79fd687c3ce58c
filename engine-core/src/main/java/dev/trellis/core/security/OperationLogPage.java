package dev.trellis.core.security;

import java.util.List;

/** A page of operation-log entries, newest first; {@code before} fetches the next (older) page. */
public record OperationLogPage(List<OperationLogEntry> entries, Long before) {
}
