package dev.trellis.rule.trigger.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.access.RoleDefinition;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.trigger.TriggerDefinition;
import dev.trellis.rule.trigger.TriggerDefinition.Action;
import dev.trellis.rule.trigger.TriggerDefinition.Recipient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * The {@code trigger} kind: the object must exist; the condition must check as true/false against it; each
 * action must name fields that exist and may be set, with values of their types, recipients that exist, an
 * http(s) URL; and every example must come out as it says. Problems point into the document
 * ({@code /actions/1/values/colour}).
 */
public final class TriggerKind implements MetadataKind<TriggerDefinition> {

    public static final String NAME = "trigger";
    private static final Set<String> USER_SYSTEM_FIELDS = Set.of(ObjectTable.OWNER_ID, ObjectTable.CREATED_BY,
            ObjectTable.UPDATED_BY);

    private final ExpressionService expressions;

    public TriggerKind(ExpressionService expressions) {
        this.expressions = expressions;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<TriggerDefinition> type() {
        return TriggerDefinition.class;
    }

    @Override
    public String nameOf(TriggerDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(TriggerDefinition trigger, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(trigger.name(), "/name", problems);
        if (trigger.validFrom() != null && trigger.validTo() != null && !trigger.validFrom().isBefore(trigger.validTo())) {
            problems.add(Problem.of("validity-invalid", "/validTo", "validTo must come after validFrom"));
        }
        ObjectDefinition object = context.object(trigger.object(), "/object", problems);
        if (object == null) {
            return;
        }
        ExpressionScope scope = new ExpressionScope(context.app(), object, context::findObject);
        int before = problems.size();
        if (trigger.condition() != null) {
            problems.addAll(expressions.check(scope, trigger.condition(), ValueType.BOOLEAN, "/condition"));
        }
        for (int i = 0; i < trigger.actions().size(); i++) {
            checkAction(trigger, trigger.actions().get(i), "/actions/" + i, scope, context, problems);
        }
        if (problems.size() == before) {
            CompiledTrigger compiled = CompiledTrigger.compile(trigger, object, context::findObject,
                    (source, type) -> expressions.compile(scope, source, type));
            TriggerExamples.check(compiled, scope, problems);
        }
    }

    private void checkAction(TriggerDefinition trigger, Action action, String path, ExpressionScope scope,
            MetadataContext context, List<Problem> problems) {
        ObjectDefinition object = scope.object();
        switch (action) {
            case TriggerDefinition.SetFields a -> {
                if (trigger.events().contains(RecordAction.DELETE)) {
                    problems.add(Problem.of("action-not-on-delete", path + "/type", "set_fields changes the record "
                            + "itself, which a delete leaves nothing of; remove 'delete' from the events or this action"));
                }
                FieldValues.check(expressions, scope, object, a.values(), path + "/values", problems);
            }
            case TriggerDefinition.CreateRecord a -> {
                ObjectDefinition target = a.object() == null ? null : context.findObject(a.object()).orElse(null);
                if (target == null) {
                    problems.add(Problem.of("object-unknown", path + "/object", "app '" + context.app()
                            + "' has no object named '" + a.object() + "'"));
                    return;
                }
                FieldValues.check(expressions, scope, target, a.values(), path + "/values", problems);
                for (FieldDefinition field : target.fields()) {
                    if (field.required() && field.defaultValue() == null && field.type() != FieldType.AUTO_NUMBER
                            && !field.computed()
                            && !a.values().containsKey(field.name())) {
                        problems.add(Problem.of("field-required", path + "/values", "field " + field.name() + " of "
                                + target.name() + " is required and has no default: give it a value"));
                    }
                }
            }
            case TriggerDefinition.Notify a -> {
                for (int j = 0; j < a.recipients().size(); j++) {
                    checkRecipient(a.recipients().get(j), path + "/recipients/" + j, object, context, problems);
                }
                problems.addAll(expressions.check(scope, a.title(), ValueType.TEXT, path + "/title"));
                if (a.body() != null) {
                    problems.addAll(expressions.check(scope, a.body(), ValueType.TEXT, path + "/body"));
                }
            }
            case TriggerDefinition.Webhook a -> {
                checkUrl(a.url(), path + "/url", problems);
                MetadataNames.check(a.secret(), path + "/secret", problems);
                if (a.fields() != null) {
                    for (int j = 0; j < a.fields().size(); j++) {
                        String field = a.fields().get(j);
                        if (object.findField(field).isEmpty() && !ObjectTable.SYSTEM_COLUMNS.contains(field)) {
                            problems.add(Problem.of("field-unknown", path + "/fields/" + j, "object " + object.name()
                                    + " has no field '" + field + "'"));
                        }
                    }
                }
            }
            case TriggerDefinition.StartFlow a -> {
                // the flow kind belongs to the workflow engine, which checks the name when it takes the event
                MetadataNames.check(a.flow(), path + "/flow", problems);
                a.variables().forEach((name, source) -> {
                    MetadataNames.check(name, path + "/variables/" + name, problems);
                    problems.addAll(expressions.check(scope, source, null, path + "/variables/" + name));
                });
            }
        }
    }

    private static void checkRecipient(Recipient recipient, String path,
            ObjectDefinition object, MetadataContext context, List<Problem> problems) {
        if (recipient.field() != null) {
            String field = recipient.field();
            FieldDefinition definition = object.findField(field).orElse(null);
            if (definition == null && !USER_SYSTEM_FIELDS.contains(field)) {
                problems.add(Problem.of("field-unknown", path + "/field", "object " + object.name() + " has no field '"
                        + field + "'"));
            } else if (definition != null && definition.type() != FieldType.INTEGER) {
                problems.add(Problem.of("field-not-user", path + "/field", "field " + field + " is a "
                        + definition.type().jsonName() + "; a recipient field holds a user's id (an integer field, or "
                        + "owner_id, created_by, updated_by)"));
            }
        } else if (recipient.role() != null) {
            if (!recipient.role().equals(Actor.ADMIN_ROLE)
                    && context.find("role", recipient.role(), RoleDefinition.class).isEmpty()) {
                problems.add(Problem.of("role-unknown", path + "/role", "app '" + context.app() + "' has no role '"
                        + recipient.role() + "'"));
            }
        }
    }

    /** An absolute http(s) URL with a host and no credentials in it; where it points is checked on delivery. */
    static void checkUrl(String url, String path, List<Problem> problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add(Problem.of("url-scheme-invalid", path, "a webhook URL starts with https:// (or http://)"));
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problems.add(Problem.of("url-invalid", path, "the URL has no host name"));
            } else if (uri.getRawUserInfo() != null) {
                problems.add(Problem.of("url-invalid", path, "the URL may not carry a user name or password; the "
                        + "receiver checks the signature instead"));
            } else if (uri.getRawFragment() != null) {
                problems.add(Problem.of("url-invalid", path, "the URL may not have a #fragment"));
            }
        } catch (URISyntaxException e) {
            problems.add(Problem.of("url-invalid", path, "not a URL: " + e.getReason()));
        }
    }
}
