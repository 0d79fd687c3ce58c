package dev.trellis.data;

/**
 * Which field a file column fills.
 *
 * @param column    the column's header text (or {@code "#3"} for the third column of a file without a header)
 * @param field     the object's field
 * @param lookupKey for a lookup field: the target's field the cell holds (a partner's {@code code}); null for
 *                  the target's first unique text field, else its name field
 */
public record ColumnMapping(String column, String field, String lookupKey) {
}
