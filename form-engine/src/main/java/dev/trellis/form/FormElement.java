package dev.trellis.form;

import java.util.List;
import java.util.Map;

/**
 * One node of a form's layout. {@code type} says which attributes apply: a {@code section}, {@code tabs}
 * or {@code tab} holds {@code children}; a {@code field} shows one field with a {@code widget} and its
 * rules; a {@code text} shows static {@code text}; {@code lines} is a sub-table of the detail records of
 * {@code object} (through its master-detail field {@code via}), whose {@code children} are its columns.
 *
 * @param span    columns of the 12-column grid at each breakpoint ({@code default}, {@code tablet}, {@code phone})
 * @param maxSize the largest file an attachment or image field takes, in bytes (a default per type when null)
 * @param accept  the content types an attachment or image field takes (a default per type when empty)
 */
public record FormElement(String type, Map<String, String> label, List<FormElement> children, String field,
        String widget, Map<String, Integer> span, String visibleWhen, String requiredWhen, String readOnlyWhen,
        String defaultValue, Map<String, String> optionsWhen, Map<String, String> text, String object, String via,
        Integer maxLines, List<Total> totals, Long maxSize, List<String> accept) {

    public static final String SECTION = "section";
    public static final String TABS = "tabs";
    public static final String TAB = "tab";
    public static final String FIELD = "field";
    public static final String TEXT = "text";
    public static final String LINES = "lines";

    public FormElement {
        label = label == null ? Map.of() : Map.copyOf(label);
        children = children == null ? List.of() : List.copyOf(children);
        span = span == null ? Map.of() : Map.copyOf(span);
        optionsWhen = optionsWhen == null ? Map.of() : Map.copyOf(optionsWhen);
        text = text == null ? Map.of() : Map.copyOf(text);
        totals = totals == null ? List.of() : List.copyOf(totals);
        accept = accept == null ? List.of() : List.copyOf(accept);
    }

    /** A total under a sub-table: {@code sum} of a column, say. */
    public record Total(String field, String function) {
    }
}
