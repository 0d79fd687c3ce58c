package dev.trellis.rule.internal;

import static dev.trellis.rule.ValueType.BOOLEAN;
import static dev.trellis.rule.ValueType.DATE;
import static dev.trellis.rule.ValueType.DATETIME;
import static dev.trellis.rule.ValueType.LIST;
import static dev.trellis.rule.ValueType.NUMBER;
import static dev.trellis.rule.ValueType.TEXT;

import dev.trellis.rule.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The allow-list: every function an expression may call, with its parameter types and result. A name
 * not here is refused at check time. {@code isBlank}, {@code blankValue} and {@code isChanged} are
 * compiled specially (they look at a field's stored value, not at its blank-as-zero value).
 */
final class Library {

    /** A parameter type of null accepts any type. */
    record Signature(String name, List<ValueType> parameters, ValueType result, String help) {

        String describe() {
            return name + "(" + parameters.stream().map(p -> p == null ? "any" : p.jsonName())
                    .collect(Collectors.joining(", ")) + ") → "
                    + (result == null ? "the value's type" : result.jsonName()) + ": " + help;
        }
    }

    static final String IS_BLANK = "isBlank";
    static final String BLANK_VALUE = "blankValue";
    static final String IS_CHANGED = "isChanged";

    static final Map<String, Signature> FUNCTIONS = new LinkedHashMap<>();

    private static void add(String name, List<ValueType> parameters, ValueType result, String help) {
        FUNCTIONS.put(name, new Signature(name, parameters, result, help));
    }

    static {
        add("abs", List.of(NUMBER), NUMBER, "the number without its sign");
        add("round", List.of(NUMBER, NUMBER), NUMBER, "rounded half up to a number of decimals");
        add("floor", List.of(NUMBER), NUMBER, "rounded down to a whole number");
        add("ceil", List.of(NUMBER), NUMBER, "rounded up to a whole number");
        add("min", List.of(NUMBER, NUMBER), NUMBER, "the smaller");
        add("max", List.of(NUMBER, NUMBER), NUMBER, "the larger");
        add("len", List.of(TEXT), NUMBER, "the number of characters");
        add("upper", List.of(TEXT), TEXT, "in capitals");
        add("lower", List.of(TEXT), TEXT, "in small letters");
        add("trim", List.of(TEXT), TEXT, "without surrounding spaces");
        add("left", List.of(TEXT, NUMBER), TEXT, "the first n characters");
        add("right", List.of(TEXT, NUMBER), TEXT, "the last n characters");
        add("startsWith", List.of(TEXT, TEXT), BOOLEAN, "whether the text begins with the prefix");
        add("substitute", List.of(TEXT, TEXT, TEXT), TEXT, "every occurrence replaced");
        add("contains", List.of(TEXT, TEXT), BOOLEAN, "whether text holds a part, or a list holds a value");
        add("text", java.util.Arrays.asList((ValueType) null), TEXT, "any value as text");
        add("number", List.of(TEXT), NUMBER, "text read as a number");
        add("size", List.of(LIST), NUMBER, "the number of values in a list");
        add("today", List.of(), DATE, "today's date");
        add("now", List.of(), DATETIME, "the current date and time");
        add("date", List.of(NUMBER, NUMBER, NUMBER), DATE, "the date of year, month, day");
        add("dateOf", List.of(DATETIME), DATE, "the date of a date-time");
        add("year", List.of(DATE), NUMBER, "the year of a date");
        add("month", List.of(DATE), NUMBER, "the month of a date, 1 to 12");
        add("day", List.of(DATE), NUMBER, "the day of the month");
        add("quarter", List.of(DATE), NUMBER, "the quarter of the year, 1 to 4");
        add("addDays", List.of(DATE, NUMBER), DATE, "a date some days later (earlier if negative)");
        add("addMonths", List.of(DATE, NUMBER), DATE, "a date some months later");
        add("daysBetween", List.of(DATE, DATE), NUMBER, "days from the first date to the second");
        add("startOfMonth", List.of(DATE), DATE, "the first day of the date's month");
        add("endOfMonth", List.of(DATE), DATE, "the last day of the date's month");
        add("startOfQuarter", List.of(DATE), DATE, "the first day of the date's quarter");
        add("startOfYear", List.of(DATE), DATE, "the first day of the date's year");
        add(IS_BLANK, java.util.Arrays.asList((ValueType) null), BOOLEAN, "whether a value is blank (empty, not given)");
        add(BLANK_VALUE, java.util.Arrays.asList(null, null), null, "the value, or the second argument when it is blank");
        add(IS_CHANGED, List.of(TEXT), BOOLEAN, "whether the update changes the named field ('amount')");
    }

    private Library() {
    }
}
