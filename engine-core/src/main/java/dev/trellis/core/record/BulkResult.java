package dev.trellis.core.record;

import java.util.List;

/** The ids of records created by one bulk call, in input order. */
public record BulkResult(int created, List<Long> ids) {
}
