package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PicklistValue;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Permissions;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the render model of a form for one viewer: the layout tree with each field's metadata (type,
 * label, required, values, target, limits), its widget and grid spans, its rules as expression text, and
 * whether the viewer may edit it. Fields the viewer may not see are left out; computed, numbered and
 * read-only-by-permission fields are marked read-only. Without a form, the object's default form is one
 * section with every field in definition order, and a sub-table for each detail object.
 */
final class RenderModels {

    private RenderModels() {
    }

    /** The default form of an object: what a user of Salesforce or Jmix gets before anyone designs one. */
    static FormDefinition defaultForm(PublishedApp app, ObjectDefinition object) {
        List<FormElement> fields = new ArrayList<>();
        for (FieldDefinition field : object.fields()) {
            fields.add(fieldElement(field.name()));
        }
        List<FormElement> layout = new ArrayList<>();
        layout.add(new FormElement(FormElement.SECTION, object.label(), fields, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null));
        for (ObjectDefinition detail : app.objects().values()) {
            detail.fields().stream().filter(f -> f.type() == FieldType.MASTER_DETAIL && object.name().equals(f.target()))
                    .findFirst().ifPresent(link -> layout.add(new FormElement(FormElement.LINES, detail.pluralLabel(),
                            detail.fields().stream().filter(f -> f != link).map(f -> fieldElement(f.name())).toList(),
                            null, null, null, null, null, null, null, null, null, detail.name(), link.name(), null, null, null, null)));
        }
        return new FormDefinition("default", object.label(), null, object.name(), List.of(), null, List.of(), layout,
                List.of());
    }

    private static FormElement fieldElement(String field) {
        return new FormElement(FormElement.FIELD, null, null, field, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /**
     * The model as JSON. {@code permissions} gives the viewer's permissions on an object (the form's or a
     * sub-table's), so hidden fields never reach the client.
     */
    static ObjectNode render(PublishedApp app, FormDefinition form, Actor actor,
            BiFunction<Actor, String, Permissions> permissions) {
        ObjectDefinition object = app.getObject(form.object());
        ObjectNode model = Json.object();
        model.put("form", form.name());
        model.put("object", object.name());
        model.set("label", Json.tree(form.label().isEmpty() ? object.label() : form.label()));
        Permissions granted = permissions.apply(actor, object.name());
        model.put("editable", granted.edit() || granted.create());
        if (!form.recordTypes().isEmpty()) {
            model.put("recordTypeField", form.recordTypeField());
            form.recordTypes().forEach(model.withArray("recordTypes")::add);
        }
        ArrayNode layout = model.putArray("layout");
        form.layout().forEach(e -> element(app, object, e, granted, actor, permissions, layout));
        ArrayNode rules = model.putArray("rules");
        form.rules().forEach(r -> rules.addObject().put("name", r.name()).put("condition", r.condition())
                .put("message", r.message()).put("field", r.field()));
        return model;
    }

    private static void element(PublishedApp app, ObjectDefinition object, FormElement e, Permissions granted,
            Actor actor, BiFunction<Actor, String, Permissions> permissions, ArrayNode into) {
        switch (e.type()) {
            case FormElement.FIELD -> field(object, e, granted, into);
            case FormElement.TEXT -> into.addObject().put("type", "text").set("text", Json.tree(e.text()));
            case FormElement.LINES -> {
                ObjectDefinition detail = app.getObject(e.object());
                Permissions lines = permissions.apply(actor, detail.name());
                if (!lines.read()) {
                    return; // a sub-table of records the viewer may not read is not shown at all
                }
                ObjectNode node = into.addObject().put("type", "lines").put("object", detail.name());
                node.set("label", Json.tree(e.label().isEmpty() ? detail.pluralLabel() : e.label()));
                node.put("via", e.via() != null ? e.via() : detail.fields().stream()
                        .filter(f -> f.type() == FieldType.MASTER_DETAIL && object.name().equals(f.target()))
                        .findFirst().map(FieldDefinition::name).orElse(null));
                node.put("maxLines", e.maxLines() == null ? 1000 : e.maxLines());
                node.put("editable", lines.edit() || lines.create());
                ArrayNode columns = node.putArray("columns");
                e.children().forEach(c -> field(detail, c, lines, columns));
                ArrayNode totals = node.putArray("totals");
                e.totals().forEach(t -> totals.addObject().put("field", t.field()).put("function", t.function()));
            }
            default -> {
                ObjectNode node = into.addObject().put("type", e.type());
                node.set("label", Json.tree(e.label()));
                ArrayNode children = node.putArray("children");
                e.children().forEach(c -> element(app, object, c, granted, actor, permissions, children));
            }
        }
    }

    private static void field(ObjectDefinition object, FormElement e, Permissions granted, ArrayNode into) {
        FieldDefinition field = object.findField(e.field()).orElse(null);
        if (field == null || !granted.canSee(field.name())) {
            return;
        }
        ObjectNode node = into.addObject().put("type", "field").put("field", field.name());
        node.put("fieldType", field.type().jsonName());
        node.set("label", Json.tree(field.label()));
        node.put("widget", e.widget() != null ? e.widget() : Widgets.defaultFor(field.type()));
        boolean readOnly = !granted.canSet(field.name()) || field.computed() || field.type() == FieldType.AUTO_NUMBER;
        node.put("readOnly", readOnly);
        node.put("required", field.required());
        if (field.helpText() != null) {
            node.put("helpText", field.helpText());
        }
        if (field.type().isTextual() && field.type() != FieldType.PICKLIST) {
            node.put("maxLength", field.effectiveMaxLength());
        }
        if (field.type().isNumeric()) {
            node.put("scale", field.type() == FieldType.INTEGER ? 0 : field.effectiveScale());
        }
        if (field.type().isFile()) {
            AttachmentLimits limits = AttachmentLimits.of(field.type(), e);
            node.put("maxSize", limits.maxSize());
            limits.accept().forEach(node.withArray("accept")::add);
        }
        if (field.target() != null) {
            node.put("target", field.target());
        }
        if (!field.values().isEmpty()) {
            ArrayNode values = node.putArray("values");
            for (PicklistValue v : field.values()) {
                ObjectNode value = values.addObject().put("value", v.value());
                value.set("label", Json.tree(v.label()));
                String when = e.optionsWhen().get(v.value());
                if (when != null) {
                    value.put("when", when);
                }
            }
        }
        ObjectNode span = node.putObject("span");
        span.put("default", e.span().getOrDefault("default", 6));
        span.put("tablet", e.span().getOrDefault("tablet", e.span().getOrDefault("default", 6)));
        span.put("phone", e.span().getOrDefault("phone", 12));
        for (Map.Entry<String, String> rule : java.util.Map.of("visibleWhen", nullToEmpty(e.visibleWhen()),
                "requiredWhen", nullToEmpty(e.requiredWhen()), "readOnlyWhen", nullToEmpty(e.readOnlyWhen()),
                "defaultValue", nullToEmpty(e.defaultValue())).entrySet()) {
            if (!rule.getValue().isEmpty()) {
                node.put(rule.getKey(), rule.getValue());
            }
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
