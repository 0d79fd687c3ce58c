package dev.trellis.rule;

import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an expression may refer to: the fields of {@code object}, fields of records reached through its
 * lookups ({@code partner.tier.code}), the values before an update ({@code prior.amount}) and the current
 * user ({@code user.id}, {@code user.username}, {@code user.roles}, {@code user.department},
 * {@code user.partner}).
 *
 * @param objects the app's other objects, for following lookups
 */
public record ExpressionScope(String app, ObjectDefinition object, Function<String, Optional<ObjectDefinition>> objects) {

    /** The scope of an object of a published app. */
    public static ExpressionScope of(PublishedApp app, String object) {
        return new ExpressionScope(app.name(), app.getObject(object), app::findObject);
    }
}
