package dev.trellis.core.metadata.spi;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.ObjectDefinition;
import java.util.List;

/**
 * A check another engine adds to the validation of objects: the rule engine checks formula fields'
 * expressions, which engine-core cannot read.
 */
public interface ObjectCheck {

    /** Adds every problem of the object this check knows about, with JSON pointers into the object. */
    void validate(ObjectDefinition object, MetadataContext context, List<Problem> problems);

    /** Whether this check reads {@code formula} expressions; without one, formula fields are refused. */
    default boolean checksFormulas() {
        return false;
    }
}
