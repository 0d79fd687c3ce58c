package dev.trellis.core.testing;

import dev.trellis.core.Actor;
import dev.trellis.core.EngineCoreConfiguration;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import tools.jackson.databind.JsonNode;

/** engine-core's Spring context on the test database, shared by the tests of one JVM. */
public final class CoreContext {

    private static AnnotationConfigApplicationContext context;
    private static final java.util.List<Class<?>> EXTENSIONS = new java.util.ArrayList<>();

    public static final Actor ADMIN = new Actor(1, "admin", Set.of(Actor.ADMIN_ROLE));
    public static final Actor CLERK = new Actor(2, "clerk", Set.of("user"));

    private CoreContext() {
    }

    /**
     * Adds an engine's configuration (the rule engine's, say) to the context; call before the first
     * {@link #get()} of the JVM, from the engine's own tests.
     */
    public static synchronized void extend(Class<?>... configurations) {
        for (Class<?> configuration : configurations) {
            if (!EXTENSIONS.contains(configuration)) {
                if (context != null) {
                    throw new IllegalStateException("the context already started; extend it before the first get()");
                }
                EXTENSIONS.add(configuration);
            }
        }
    }

    public static synchronized AnnotationConfigApplicationContext get() {
        if (context == null) {
            AnnotationConfigApplicationContext c = new AnnotationConfigApplicationContext();
            c.registerBean(DataSource.class, TestDatabase::dataSource);
            c.registerBean(RecordingListener.class);
            c.register(EngineCoreConfiguration.class);
            EXTENSIONS.forEach(c::register);
            c.refresh();
            context = c;
        }
        return context;
    }

    public static MetadataService metadata() {
        return get().getBean(MetadataService.class);
    }

    public static RecordService records() {
        return get().getBean(RecordService.class);
    }

    public static DSLContext dsl() {
        return get().getBean(DSLContext.class);
    }

    /** Saves an app with the given objects and publishes it. */
    public static void publishApp(String app, JsonNode... objects) {
        metadata().saveDraft(ADMIN, app, "app", app, json("{\"name\": \"" + app + "\"}"), "test app");
        for (JsonNode object : objects) {
            metadata().saveDraft(ADMIN, app, "object", object.get("name").stringValue(), object, null);
        }
        metadata().publish(ADMIN, app, false, "test publish");
    }

    /** A JSON document from a resource beside the test class, or inline JSON. */
    public static JsonNode json(String json) {
        return Json.parse(json);
    }

    public static JsonNode resource(Class<?> test, String name) {
        try (InputStream in = test.getResourceAsStream(test.getSimpleName() + "." + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + test.getSimpleName() + "." + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
