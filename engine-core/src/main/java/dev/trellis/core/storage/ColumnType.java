package dev.trellis.core.storage;

import dev.trellis.core.metadata.FieldDefinition;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * The PostgreSQL column a field is stored in. Two field types with the same column type (text and
 * email, say) switch by metadata alone; a column type that holds every value of another widens it.
 */
public record ColumnType(Kind kind, int length, int precision, int scale) {

    public enum Kind { VARCHAR, TEXT, BIGINT, NUMERIC, BOOLEAN, DATE, TIMESTAMPTZ, VARCHAR_ARRAY, JSONB }

    public static ColumnType of(FieldDefinition field) {
        return switch (field.type()) {
            case TEXT, EMAIL, PHONE, URL, PICKLIST, AUTO_NUMBER -> new ColumnType(Kind.VARCHAR, field.effectiveMaxLength(), 0, 0);
            case LONG_TEXT -> new ColumnType(Kind.TEXT, 0, 0, 0);
            case INTEGER, LOOKUP, MASTER_DETAIL, ATTACHMENT, IMAGE -> new ColumnType(Kind.BIGINT, 0, 0, 0);
            case DECIMAL, CURRENCY, PERCENT -> new ColumnType(Kind.NUMERIC, 0, field.effectivePrecision(), field.effectiveScale());
            case BOOLEAN -> new ColumnType(Kind.BOOLEAN, 0, 0, 0);
            case DATE -> new ColumnType(Kind.DATE, 0, 0, 0);
            case DATETIME -> new ColumnType(Kind.TIMESTAMPTZ, 0, 0, 0);
            case MULTI_PICKLIST -> new ColumnType(Kind.VARCHAR_ARRAY, 0, 0, 0);
            case JSON -> new ColumnType(Kind.JSONB, 0, 0, 0);
        };
    }

    public DataType<?> dataType() {
        return switch (kind) {
            case VARCHAR -> SQLDataType.VARCHAR(length);
            case TEXT -> SQLDataType.CLOB;
            case BIGINT -> SQLDataType.BIGINT;
            case NUMERIC -> SQLDataType.NUMERIC(precision, scale);
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case DATE -> SQLDataType.LOCALDATE;
            case TIMESTAMPTZ -> SQLDataType.TIMESTAMPWITHTIMEZONE;
            case VARCHAR_ARRAY -> SQLDataType.VARCHAR.array();
            case JSONB -> SQLDataType.JSONB;
        };
    }

    /** Whether every value this column holds fits {@code wider} unchanged, so ALTER TYPE is safe. */
    public boolean fitsIn(ColumnType wider) {
        if (equals(wider)) {
            return true;
        }
        return switch (kind) {
            case VARCHAR -> wider.kind == Kind.TEXT || (wider.kind == Kind.VARCHAR && wider.length >= length);
            case NUMERIC -> wider.kind == Kind.NUMERIC && wider.scale >= scale
                    && wider.precision - wider.scale >= precision - scale;
            case BIGINT -> wider.kind == Kind.NUMERIC && wider.precision - wider.scale >= 19;
            default -> false;
        };
    }

    /** For plans and messages: {@code varchar(120)}, {@code numeric(18,2)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case VARCHAR -> "varchar(" + length + ")";
            case NUMERIC -> "numeric(" + precision + "," + scale + ")";
            case VARCHAR_ARRAY -> "varchar[]";
            default -> kind.name().toLowerCase();
        };
    }
}
