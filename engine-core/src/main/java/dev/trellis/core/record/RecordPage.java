package dev.trellis.core.record;

import java.util.List;
import java.util.Map;

/**
 * A page of records. {@code next} is the opaque cursor of the following page (null on the last);
 * {@code total} is set when the query asked for a count.
 */
public record RecordPage(List<Map<String, Object>> records, String next, Long total) {
}
