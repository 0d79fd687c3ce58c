package dev.trellis.rule.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Collection;
import java.util.List;

/**
 * The function library as the compiled expressions call it ({@code fn.round(v0, 2B)}). Only calls that
 * passed the checker reach these methods, with the argument types the checker allowed. Every function
 * takes blank (null) arguments without failing; a result that cannot be computed throws
 * {@link ArithmeticException} or {@link IllegalArgumentException}, which the evaluator reports.
 */
public final class Functions {

    static final Functions INSTANCE = new Functions(ZoneId.systemDefault());
    private static final int MAX_TEXT = 100_000;

    private final ZoneId zone;

    Functions(ZoneId zone) {
        this.zone = zone;
    }

    // numbers

    public BigDecimal abs(BigDecimal x) {
        return x.abs();
    }

    public BigDecimal round(BigDecimal x, BigDecimal digits) {
        return x.setScale(digits(digits), RoundingMode.HALF_UP);
    }

    public BigDecimal floor(BigDecimal x) {
        return x.setScale(0, RoundingMode.FLOOR);
    }

    public BigDecimal ceil(BigDecimal x) {
        return x.setScale(0, RoundingMode.CEILING);
    }

    public BigDecimal min(BigDecimal a, BigDecimal b) {
        return a.min(b);
    }

    public BigDecimal max(BigDecimal a, BigDecimal b) {
        return a.max(b);
    }

    private static int digits(BigDecimal n) {
        int d = n.intValue();
        if (d < -18 || d > 18) {
            throw new IllegalArgumentException("round takes -18 to 18 digits");
        }
        return d;
    }

    // text

    public BigDecimal len(String s) {
        return BigDecimal.valueOf(s.codePointCount(0, s.length()));
    }

    public String upper(String s) {
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    public String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    public String trim(String s) {
        return s.strip();
    }

    public String left(String s, BigDecimal n) {
        return s.substring(0, Math.min(s.length(), Math.max(0, n.intValue())));
    }

    public String right(String s, BigDecimal n) {
        return s.substring(Math.max(0, s.length() - Math.max(0, n.intValue())));
    }

    public boolean startsWith(String s, String prefix) {
        return s.startsWith(prefix);
    }

    public String substitute(String s, String find, String replacement) {
        String result = find.isEmpty() ? s : s.replace(find, replacement);
        if (result.length() > MAX_TEXT) {
            throw new IllegalArgumentException("substitute would make text longer than " + MAX_TEXT + " characters");
        }
        return result;
    }

    /** Whether text holds a part, or a list (a multi-picklist, a list literal) holds a value. */
    public boolean contains(Object haystack, Object needle) {
        if (haystack instanceof String s) {
            return needle != null && s.contains(needle.toString());
        }
        if (haystack instanceof Collection<?> c) {
            return c.stream().anyMatch(item -> same(item, needle));
        }
        if (haystack instanceof Object[] a) {
            return List.of(a).stream().anyMatch(item -> same(item, needle));
        }
        return false;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a != null && a.equals(b);
    }

    public String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    public BigDecimal number(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "' is not a number");
        }
    }

    public boolean isBlank(Object value) {
        return value == null || value instanceof String s && s.isBlank()
                || value instanceof Collection<?> c && c.isEmpty();
    }

    public BigDecimal size(Object list) {
        return BigDecimal.valueOf(list instanceof Collection<?> c ? c.size() : list instanceof Object[] a ? a.length : 0);
    }

    // dates

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(zone);
    }

    public LocalDate date(BigDecimal year, BigDecimal month, BigDecimal day) {
        return LocalDate.of(year.intValueExact(), month.intValueExact(), day.intValueExact());
    }

    public LocalDate dateOf(OffsetDateTime at) {
        return at == null ? null : at.atZoneSameInstant(zone).toLocalDate();
    }

    public BigDecimal year(LocalDate d) {
        return d == null ? BigDecimal.ZERO : BigDecimal.valueOf(d.getYear());
    }

    public BigDecimal month(LocalDate d) {
        return d == null ? BigDecimal.ZERO : BigDecimal.valueOf(d.getMonthValue());
    }

    public BigDecimal day(LocalDate d) {
        return d == null ? BigDecimal.ZERO : BigDecimal.valueOf(d.getDayOfMonth());
    }

    public BigDecimal quarter(LocalDate d) {
        return d == null ? BigDecimal.ZERO : BigDecimal.valueOf(d.get(IsoFields.QUARTER_OF_YEAR));
    }

    public LocalDate addDays(LocalDate d, BigDecimal days) {
        return d == null ? null : d.plusDays(days.longValueExact());
    }

    public LocalDate addMonths(LocalDate d, BigDecimal months) {
        return d == null ? null : d.plusMonths(months.longValueExact());
    }

    public BigDecimal daysBetween(LocalDate from, LocalDate to) {
        return from == null || to == null ? BigDecimal.ZERO : BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to));
    }

    public LocalDate startOfMonth(LocalDate d) {
        return d == null ? null : d.withDayOfMonth(1);
    }

    public LocalDate endOfMonth(LocalDate d) {
        return d == null ? null : d.withDayOfMonth(d.lengthOfMonth());
    }

    public LocalDate startOfQuarter(LocalDate d) {
        return d == null ? null : d.withDayOfMonth(1).withMonth((d.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1);
    }

    public LocalDate startOfYear(LocalDate d) {
        return d == null ? null : d.withDayOfYear(1);
    }
}
