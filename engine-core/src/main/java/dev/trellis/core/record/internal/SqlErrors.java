package dev.trellis.core.record.internal;

import dev.trellis.core.ConflictException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.storage.ObjectTable;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns the database's refusals of a record write into the errors the caller can act on, naming the
 * field through the constraint that fired: a duplicate unique value (409), a lookup to a record that
 * does not exist (400), a record still referenced by others (409).
 */
final class SqlErrors {

    private SqlErrors() {
    }

    /** What the failed statement was doing: a foreign-key failure means opposite things for each. */
    enum Operation { WRITE, DELETE, READ }

    static RuntimeException translate(RuntimeException e, ObjectTable table, String pathPrefix, Operation operation) {
        Optional<ServerErrorMessage> server = serverMessage(e);
        if (server.isEmpty()) {
            return e;
        }
        ServerErrorMessage m = server.get();
        String state = m.getSQLState() == null ? "" : m.getSQLState();
        String constraint = m.getConstraint();
        Optional<String> field = constraint == null || !table.name().equals(m.getTable()) ? Optional.empty()
                : table.fieldOfConstraint(constraint);
        String detail = m.getDetail() == null ? "" : " (" + m.getDetail() + ")";
        return switch (state) {
            case "23505" -> new ConflictException("value-duplicate", "another " + table.name()
                    + " record already has this " + field.orElse("value") + detail,
                    List.of(Problem.of("value-duplicate", pathPrefix + field.map(f -> "/" + f).orElse(""),
                            "must be unique" + detail)), e);
            case "23503" -> field.isPresent() && operation != Operation.DELETE
                    ? new InvalidException("no such record for " + field.get() + detail, List.of(Problem.of(
                            "lookup-target-missing", pathPrefix + "/" + field.get(), "refers to a record that does not exist"
                                    + detail)))
                    : new ConflictException("record-referenced", "the record is still referenced by "
                            + (m.getTable() == null ? "other records" : m.getTable() + " records") + detail);
            case "22003" -> InvalidException.of("value-out-of-range", pathPrefix, "a value is out of range: "
                    + m.getMessage());
            case "40001", "40P01" -> new ConflictException("write-conflict", "the record was changed by a concurrent "
                    + "write; read it again and retry");
            default -> state.startsWith("22") // data exceptions: a value the column cannot take
                    ? InvalidException.of("value-invalid", pathPrefix, "a value was refused by the database: "
                            + m.getMessage())
                    : e;
        };
    }

    private static Optional<ServerErrorMessage> serverMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return Optional.of(p.getServerErrorMessage());
            }
            if (t instanceof SQLException s && s.getNextException() instanceof PSQLException p
                    && p.getServerErrorMessage() != null) {
                return Optional.of(p.getServerErrorMessage());
            }
        }
        return Optional.empty();
    }
}
