package dev.trellis.bench;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The baseline: what a competent developer writes with jOOQ directly against the item table, with
 * the table and columns declared by hand as they would be without code generation.
 */
final class HandWrittenItems {

    static final int PAGE_SIZE = 50;

    private static final Table<Record> ITEM = table(name("app_" + ItemRow.APP, ItemRow.ITEM));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<Long> CREATED_BY = field(name("created_by"), SQLDataType.BIGINT);
    private static final Field<Long> UPDATED_BY = field(name("updated_by"), SQLDataType.BIGINT);
    private static final Field<Long> OWNER_ID = field(name("owner_id"), SQLDataType.BIGINT);
    private static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR(120));
    private static final Field<String> CODE = field(name("code"), SQLDataType.VARCHAR(32));
    private static final Field<String> STATUS = field(name("status"), SQLDataType.VARCHAR(64));
    private static final Field<String> REGION = field(name("region"), SQLDataType.VARCHAR(64));
    private static final Field<BigDecimal> AMOUNT = field(name("amount"), SQLDataType.NUMERIC(14, 2));
    private static final Field<Long> QUANTITY = field(name("quantity"), SQLDataType.BIGINT);
    private static final Field<Boolean> ACTIVE = field(name("active"), SQLDataType.BOOLEAN);
    private static final Field<LocalDate> ORDER_DATE = field(name("order_date"), SQLDataType.LOCALDATE);
    private static final Field<String> EMAIL = field(name("email"), SQLDataType.VARCHAR(320));
    private static final Field<String> NOTES = field(name("notes"), SQLDataType.VARCHAR(200));

    private final DSLContext dsl;

    HandWrittenItems(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One autocommitted INSERT … RETURNING id. */
    long insert(ItemRow row, long userId) {
        return dsl.insertInto(ITEM)
                .set(NAME, row.name())
                .set(CODE, row.code())
                .set(STATUS, row.status())
                .set(REGION, row.region())
                .set(AMOUNT, row.amount())
                .set(QUANTITY, row.quantity())
                .set(ACTIVE, row.active())
                .set(ORDER_DATE, row.orderDate())
                .set(EMAIL, row.email())
                .set(NOTES, row.notes())
                .set(CREATED_BY, userId)
                .set(UPDATED_BY, userId)
                .set(OWNER_ID, userId)
                .returning(ID)
                .fetchSingle(ID);
    }

    Record read(long id) {
        return dsl.selectFrom(ITEM).where(ID.eq(id)).fetchOne();
    }

    /** The page of items with the given status after {@code afterId}. */
    Result<Record> page(String status, long afterId) {
        return dsl.selectFrom(ITEM).where(STATUS.eq(status), ID.gt(afterId)).orderBy(ID).limit(PAGE_SIZE).fetch();
    }
}
