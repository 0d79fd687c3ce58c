package dev.trellis.core.metadata.spi;

import dev.trellis.core.metadata.ObjectDefinition;
import java.util.Optional;

/** What a kind's validation may look at besides the document: the other items of the same app as
 *  they would be after publishing (drafts over published versions). */
public interface MetadataContext {

    String app();

    Optional<ObjectDefinition> findObject(String name);
}
