package dev.trellis.data;

import java.util.Map;

/**
 * A merge: the record kept, the one removed, how many records of each lookup ({@code sales_order.partner}) were
 * re-pointed, and the survivor's fields filled from the duplicate.
 */
public record MergeResult(long survivor, long removed, Map<String, Integer> repointed, java.util.List<String> filled) {
}
