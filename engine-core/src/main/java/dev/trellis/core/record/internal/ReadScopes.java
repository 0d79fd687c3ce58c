package dev.trellis.core.record.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.ReadScope;
import dev.trellis.core.storage.ObjectTable;
import org.jooq.DSLContext;

/** Builds {@link ReadScope}s from {@link Access}, which stays package-private. */
public final class ReadScopes {

    private record TableKey(String object) {
    }

    private ReadScopes() {
    }

    public static ReadScope of(Actor actor, PublishedApp app, String object, DSLContext dsl) {
        Access access = Access.of(actor, app, table(app, object), ReadScopes::table, dsl);
        return new ReadScope(access.permissions(), access.read());
    }

    private static ObjectTable table(PublishedApp app, String object) {
        return app.compiled(new TableKey(object), p -> new ObjectTable(p.name(), p.getObject(object)));
    }
}
