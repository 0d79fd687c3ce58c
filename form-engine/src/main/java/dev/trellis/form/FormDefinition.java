package dev.trellis.form;

import java.util.List;
import java.util.Map;

/**
 * A form of an object: a layout tree of sections, tabs, fields, static text and sub-tables of detail lines,
 * with per-element rules (visible, required, read-only when; defaults; options offered when) and form-level
 * validation rules, all rule-engine expressions. {@code roles} choose who gets it: an object may have a
 * partner's order form and an internal one; with none named, the form is for everyone.
 *
 * <p>Record types, as in Salesforce: a picklist field of the object ({@code recordTypeField}) says what kind of
 * record one is (a distributor's order, a retailer's); a form naming {@code recordTypes} serves only records of
 * those kinds, and a record submitted through it must be of one of them. A form naming none serves every kind.
 */
public record FormDefinition(String name, Map<String, String> label, String description, String object,
        List<String> roles, String recordTypeField, List<String> recordTypes, List<FormElement> layout,
        List<FormRule> rules) {

    public FormDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        roles = roles == null ? List.of() : List.copyOf(roles);
        recordTypes = recordTypes == null ? List.of() : List.copyOf(recordTypes);
        layout = layout == null ? List.of() : List.copyOf(layout);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Whether the form serves records of this type: it names none, or names this one. */
    public boolean serves(String recordType) {
        return recordTypes.isEmpty() || recordTypes.contains(recordType);
    }

    /** A form-level validation rule: when {@code condition} holds, the submission is refused with the message. */
    public record FormRule(String name, String condition, String message, String field) {
    }
}
