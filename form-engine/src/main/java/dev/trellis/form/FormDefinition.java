package dev.trellis.form;

import java.util.List;
import java.util.Map;

/**
 * A form of an object: a layout tree of sections, tabs, fields, static text and sub-tables of detail lines,
 * with per-element rules (visible, required, read-only when; defaults; options offered when) and form-level
 * validation rules, all rule-engine expressions. {@code roles} choose who gets it: an object may have a
 * partner's order form and an internal one; with none named, the form is for everyone.
 */
public record FormDefinition(String name, Map<String, String> label, String description, String object,
        List<String> roles, List<FormElement> layout, List<FormRule> rules) {

    public FormDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        roles = roles == null ? List.of() : List.copyOf(roles);
        layout = layout == null ? List.of() : List.copyOf(layout);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A form-level validation rule: when {@code condition} holds, the submission is refused with the message. */
    public record FormRule(String name, String condition, String message, String field) {
    }
}
