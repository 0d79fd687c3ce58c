package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.storage.AutoNumberPattern;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.StorageNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Sequence;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Numbers drawn from sequences for a batch of new records: their ids, and the value of every
 * auto-number field formatted by its pattern. Drawing all of a batch's numbers is one round trip.
 */
final class AutoNumbers {

    private record Numbered(ObjectTable.Column column, AutoNumberPattern pattern, long[] numbers) {
    }

    private final List<Numbered> fields;
    private final LocalDate today = LocalDate.now();

    private AutoNumbers(List<Numbered> fields) {
        this.fields = fields;
    }

    /** Draws {@code count} numbers for each auto-number field of the table. */
    static AutoNumbers draw(DSLContext dsl, ObjectTable t, int count) {
        List<Numbered> fields = new ArrayList<>();
        for (ObjectTable.Column column : t.dataColumns()) {
            if (column.definition().type() == FieldType.AUTO_NUMBER) {
                Sequence<Long> sequence = DSL.sequence(name(StorageNames.schema(t.app()),
                        StorageNames.sequence(t.name(), column.name())), SQLDataType.BIGINT);
                fields.add(new Numbered(column, AutoNumberPattern.parse(column.definition().pattern()).value()
                        .orElseThrow(), draw(dsl, sequence, count)));
            }
        }
        return new AutoNumbers(fields);
    }

    /** {@code count} ids from the table's identity sequence. */
    static long[] drawIds(DSLContext dsl, ObjectTable t, int count) {
        String sequenceName = dsl.select(DSL.function("pg_get_serial_sequence", String.class,
                DSL.val(dsl.render(t.table())), DSL.val(ObjectTable.ID))).fetchSingle().value1();
        return draw(dsl, DSL.sequence(dsl.parser().parseName(sequenceName), SQLDataType.BIGINT), count);
    }

    /** Sets the auto-number fields of the {@code index}-th record of the batch. */
    void apply(Object[] row, int index) {
        for (Numbered field : fields) {
            row[field.column.position()] = field.pattern.format(today, field.numbers[index]);
        }
    }

    private static long[] draw(DSLContext dsl, Sequence<Long> sequence, int count) {
        if (count == 1) {
            return new long[] {dsl.select(sequence.nextval()).fetchSingle().value1()};
        }
        // one array value instead of a million rows: far less to decode
        Long[] values = dsl.select(DSL.arrayAgg(sequence.nextval())).from(DSL.generateSeries(1, count))
                .fetchSingle().value1();
        long[] numbers = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            numbers[i] = values[i];
        }
        return numbers;
    }
}
