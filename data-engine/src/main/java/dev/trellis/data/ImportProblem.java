package dev.trellis.data;

/**
 * One problem of an imported row.
 *
 * @param row    the row number as the file shows it (the header is row 1 of a sheet)
 * @param column the file column's header, or null for a problem of the whole row
 * @param field  the object's field, when the problem is one field's
 */
public record ImportProblem(long row, String column, String field, String code, String message) {
}
