package dev.trellis.core.metadata.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.AppDefinition;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import java.util.List;

/** The {@code app} kind: an app's name, labels and description. */
public final class AppKind implements MetadataKind<AppDefinition> {

    public static final String NAME = "app";

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<AppDefinition> type() {
        return AppDefinition.class;
    }

    @Override
    public String nameOf(AppDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(AppDefinition definition, MetadataContext context, List<Problem> problems) {
        Identifiers.check(definition.name(), "/name", problems);
    }
}
