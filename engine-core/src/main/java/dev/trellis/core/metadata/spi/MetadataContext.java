package dev.trellis.core.metadata.spi;

import dev.trellis.core.metadata.ObjectDefinition;
import java.util.Optional;

/** What a kind's validation may look at besides the document: the other items of the same app as
 *  they would be after publishing (drafts over published versions). */
public interface MetadataContext {

    String app();

    Optional<ObjectDefinition> findObject(String name);

    /** The named object, or null after adding an {@code object-unknown} problem at {@code path}. */
    default ObjectDefinition object(String name, String path, java.util.List<dev.trellis.core.Problem> problems) {
        ObjectDefinition object = name == null ? null : findObject(name).orElse(null);
        if (object == null) {
            problems.add(dev.trellis.core.Problem.of("object-unknown", path, "app '" + app()
                    + "' has no object named '" + name + "'"));
        }
        return object;
    }

    /** Every object of the app as it would be after publishing. */
    java.util.Collection<ObjectDefinition> objects();

    /** An item of any kind as it would be after publishing, e.g. the parent of a role. */
    <T> Optional<T> find(String kind, String name, Class<T> type);
}
