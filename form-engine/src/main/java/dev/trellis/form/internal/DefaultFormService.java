package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordService;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormService;
import java.util.Comparator;
import tools.jackson.databind.node.ObjectNode;

/** Picks the form for a viewer and builds its render model with the viewer's permissions. */
public final class DefaultFormService implements FormService {

    private final MetadataService metadata;
    private final RecordService records;

    public DefaultFormService(MetadataService metadata, RecordService records) {
        this.metadata = metadata;
        this.records = records;
    }

    @Override
    public ObjectNode render(Actor actor, String app, String object, String form) {
        PublishedApp published = metadata.published(app);
        published.getObject(object);
        FormDefinition chosen = form != null ? published.find(FormKind.NAME, form, FormDefinition.class)
                .filter(f -> f.object().equals(object))
                .orElseThrow(() -> new NotFoundException("form-not-found", "object " + object + " has no form '" + form + "'"))
                : choose(published, object, actor);
        return RenderModels.render(published, chosen, actor, (viewer, o) -> records.permissions(viewer, app, o));
    }

    /** A form for one of the viewer's roles first, then one for everyone, then the default; by name within each. */
    private static FormDefinition choose(PublishedApp app, String object, Actor actor) {
        var forms = app.all(FormKind.NAME, FormDefinition.class).values().stream()
                .filter(f -> f.object().equals(object)).sorted(Comparator.comparing(FormDefinition::name)).toList();
        return forms.stream().filter(f -> f.roles().stream().anyMatch(actor.roles()::contains)).findFirst()
                .or(() -> forms.stream().filter(f -> f.roles().isEmpty()).findFirst())
                .orElseGet(() -> RenderModels.defaultForm(app, app.getObject(object)));
    }
}
