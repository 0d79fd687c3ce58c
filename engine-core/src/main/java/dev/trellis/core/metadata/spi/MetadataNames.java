package dev.trellis.core.metadata.spi;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.internal.Identifiers;
import java.util.List;

/** The naming rule every metadata item follows, for kinds contributed by other engines. */
public final class MetadataNames {

    private MetadataNames() {
    }

    /** Adds a problem at {@code path} unless {@code name} is a valid, unreserved name. */
    public static void check(String name, String path, List<Problem> problems) {
        Identifiers.check(name, path, problems);
    }
}
