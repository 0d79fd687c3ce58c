package dev.trellis.core.metadata.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.json.JsonDiff;
import dev.trellis.core.metadata.AppDefinition;
import dev.trellis.core.metadata.JsonChange;
import dev.trellis.core.metadata.MetadataPublishedEvent;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishResult;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.schema.MigrationPlan;
import dev.trellis.core.schema.internal.MigrationPlanner;
import dev.trellis.core.schema.internal.PlannedMigration;
import dev.trellis.core.storage.StorageNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The metadata store: validation, immutable versions, publish with migration, and the cache of
 * published generations. One instance per node; a publish evicts the app's generation after commit.
 */
public final class DefaultMetadataService implements MetadataService {

    private final MetadataRepository repository;
    private final Map<String, MetadataKind<?>> kinds;
    private final JsonSchemaValidator schemaValidator = new JsonSchemaValidator();
    private final MigrationPlanner planner;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Map<String, PublishedApp> generations = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();

    public DefaultMetadataService(DSLContext dsl, List<MetadataKind<?>> kinds, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.repository = new MetadataRepository(dsl);
        this.kinds = kinds.stream().collect(Collectors.toUnmodifiableMap(MetadataKind::name, Function.identity()));
        this.planner = new MigrationPlanner(dsl);
        this.tx = tx;
        this.events = events;
    }

    @Override
    public List<Problem> validate(String app, String kind, String name, JsonNode document) {
        MetadataKind<?> k = kind(kind);
        requireApp(app, k);
        return check(app, k, name, document, draftView(app)).problems;
    }

    @Override
    public MetadataVersion saveDraft(Actor actor, String app, String kind, String name, JsonNode document,
            String comment) {
        requireAdmin(actor);
        MetadataKind<?> k = kind(kind);
        return tx.execute(status -> {
            repository.lockAppShared(app);
            requireApp(app, k);
            Checked checked = check(app, k, name, document, draftView(app));
            if (!checked.problems.isEmpty()) {
                throw new InvalidException(checked.problems);
            }
            int version = repository.append(app, kind, name, document, actor.username(), comment);
            return getVersion(app, kind, name, version);
        });
    }

    @Override
    public MetadataVersion deleteDraft(Actor actor, String app, String kind, String name, String comment) {
        requireAdmin(actor);
        kind(kind);
        if (AppKind.NAME.equals(kind)) {
            throw InvalidException.of("app-delete-unsupported", "", "an app cannot be deleted through its metadata");
        }
        return tx.execute(status -> {
            repository.lockAppShared(app);
            getLatest(app, kind, name);
            int version = repository.append(app, kind, name, null, actor.username(), comment);
            return getVersion(app, kind, name, version);
        });
    }

    @Override
    public MetadataVersion getLatest(String app, String kind, String name) {
        MetadataRepository.Item item = item(app, kind, name);
        return getVersion(app, kind, name, item.latest());
    }

    @Override
    public Optional<MetadataVersion> findPublished(String app, String kind, String name) {
        return repository.findItem(app, kind, name).filter(i -> i.published() != null)
                .map(i -> getVersion(app, kind, name, i.published())).filter(v -> !v.deleted());
    }

    @Override
    public MetadataVersion getVersion(String app, String kind, String name, int version) {
        MetadataRepository.Item item = item(app, kind, name);
        return repository.findVersion(app, kind, name, version).map(v -> toApi(item, v))
                .orElseThrow(() -> new NotFoundException("version-not-found",
                        kind + " '" + name + "' has no version " + version));
    }

    @Override
    public List<MetadataVersion> history(String app, String kind, String name) {
        MetadataRepository.Item item = item(app, kind, name);
        return repository.versions(app, kind, name).stream().map(v -> toApi(item, v)).toList();
    }

    @Override
    public List<MetadataVersion> list(String app, String kind) {
        kind(kind);
        Map<String, MetadataRepository.Item> items = repository.items(app).stream()
                .collect(Collectors.toMap(i -> i.kind() + "/" + i.name(), Function.identity()));
        return repository.latestVersions(app, kind).stream()
                .map(v -> toApi(items.get(v.kind() + "/" + v.name()), v)).toList();
    }

    @Override
    public List<JsonChange> diff(String app, String kind, String name, int fromVersion, int toVersion) {
        JsonNode from = getVersion(app, kind, name, fromVersion).body();
        JsonNode to = getVersion(app, kind, name, toVersion).body();
        return JsonDiff.diff(from, to);
    }

    @Override
    public MetadataVersion rollback(Actor actor, String app, String kind, String name, int toVersion, String comment) {
        requireAdmin(actor);
        MetadataVersion old = getVersion(app, kind, name, toVersion);
        String why = comment != null ? comment : "rollback to version " + toVersion;
        return old.deleted() ? deleteDraft(actor, app, kind, name, why)
                : saveDraft(actor, app, kind, name, old.body(), why);
    }

    @Override
    public MigrationPlan plan(String app) {
        return tx.execute(status -> prepare(app).migration.plan());
    }

    @Override
    public PublishResult publish(Actor actor, String app, boolean confirmDestructive, String comment) {
        requireAdmin(actor);
        return tx.execute(status -> {
            repository.lockApp(app);
            Prepared prepared = prepare(app);
            MigrationPlan plan = prepared.migration.plan();
            if (prepared.pending.isEmpty()) {
                int generation = plan.fromGeneration();
                return new PublishResult(app, generation, List.of(), new MigrationPlan(app, generation, generation,
                        List.of()));
            }
            if (plan.destructive() && !confirmDestructive) {
                List<Problem> problems = plan.steps().stream().filter(s -> s.destructive())
                        .map(s -> Problem.of("destructive-change-unconfirmed", "/object/" + s.object()
                                + (s.field() == null ? "" : "/fields/" + s.field()), s.description()))
                        .toList();
                throw new ConflictException("destructive-change-unconfirmed", "publishing would " + problems.size()
                        + " time(s) drop or narrow data; confirm the destructive change to go ahead", problems, null);
            }
            try {
                prepared.migration.apply();
            } catch (DataAccessException e) {
                throw new ConflictException("migration-failed", "the database refused the migration: "
                        + rootMessage(e), List.of(), e);
            }
            prepared.pending.forEach(repository::markPublished);
            repository.insertGeneration(app, plan.toGeneration(), actor.username(), comment, Json.tree(plan));
            afterCommit(() -> {
                evict(app);
                events.publishEvent(new MetadataPublishedEvent(app, plan.toGeneration()));
            });
            return new PublishResult(app, plan.toGeneration(),
                    prepared.pending.stream().map(i -> i.kind() + "/" + i.name()).toList(), plan);
        });
    }

    @Override
    public PublishedApp published(String app) {
        PublishedApp cached = generations.get(app);
        if (cached != null) {
            return cached;
        }
        long before = evictions.get();
        PublishedApp loaded = load(app);
        if (evictions.get() == before) {
            generations.putIfAbsent(app, loaded);
        }
        return loaded;
    }

    @Override
    public List<String> apps() {
        return repository.apps();
    }

    /** Forgets a cached generation; the next request loads the current one. */
    public void evict(String app) {
        evictions.incrementAndGet();
        generations.remove(app);
    }

    private record Prepared(List<MetadataRepository.Item> pending, PlannedMigration migration) {
    }

    /** Validates every item of the app as it would be published and plans the migration. */
    private Prepared prepare(String app) {
        List<MetadataRepository.Item> items = repository.items(app);
        if (items.stream().noneMatch(i -> i.kind().equals(AppKind.NAME) && i.name().equals(app))) {
            throw new NotFoundException("app-not-found", "no app named '" + app + "'");
        }
        DraftView view = draftView(app);
        List<Problem> problems = new ArrayList<>();
        for (MetadataRepository.Version v : repository.latestVersions(app, null)) {
            if (v.body() != null && kinds.containsKey(v.kind())) {
                check(app, kinds.get(v.kind()), v.name(), v.body(), view).problems.stream()
                        .map(p -> p.under("/" + v.kind() + "/" + v.name())).forEach(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException("the app's drafts have " + problems.size() + " problem(s)", problems);
        }
        int generation = repository.currentGeneration(app);
        Map<String, ObjectDefinition> before = new LinkedHashMap<>();
        for (MetadataRepository.Version v : repository.publishedVersions(app)) {
            if (v.kind().equals(ObjectKind.NAME)) {
                before.put(v.name(), Json.MAPPER.treeToValue(v.body(), ObjectDefinition.class));
            }
        }
        PlannedMigration migration = planner.plan(app, repository.schemaExists(StorageNames.schema(app)), generation,
                before, view.objects);
        return new Prepared(items.stream().filter(MetadataRepository.Item::hasDraft).toList(), migration);
    }

    private PublishedApp load(String app) {
        List<MetadataRepository.Version> versions = repository.publishedVersions(app);
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        AppDefinition appDefinition = null;
        for (MetadataRepository.Version v : versions) {
            MetadataKind<?> k = kinds.get(v.kind());
            if (k == null) {
                continue;
            }
            Object definition = Json.MAPPER.treeToValue(v.body(), k.type());
            byKind.computeIfAbsent(v.kind(), x -> new HashMap<>()).put(v.name(), definition);
            if (definition instanceof AppDefinition a && v.name().equals(app)) {
                appDefinition = a;
            }
        }
        if (appDefinition == null) {
            throw new NotFoundException("app-not-published", "app '" + app + "' does not exist or was never published");
        }
        return new PublishedApp(appDefinition, repository.currentGeneration(app), byKind);
    }

    /** The app as it would be after publishing: latest versions, deleted items left out. */
    private final class DraftView implements MetadataContext {
        private final String app;
        private final Map<String, ObjectDefinition> objects = new LinkedHashMap<>();
        private String replaced;
        private ObjectDefinition replacement;

        DraftView(String app) {
            this.app = app;
        }

        /** Other kinds' latest definitions, read when a validation first asks for them. */
        private final Map<String, Map<String, Object>> others = new HashMap<>();

        DraftView with(String name, ObjectDefinition object) {
            DraftView copy = new DraftView(app);
            copy.objects.putAll(objects);
            copy.others.putAll(others);
            copy.replaced = name;
            copy.replacement = object;
            return copy;
        }

        @Override
        public String app() {
            return app;
        }

        @Override
        public Optional<ObjectDefinition> findObject(String name) {
            if (name.equals(replaced)) {
                return Optional.ofNullable(replacement);
            }
            return Optional.ofNullable(objects.get(name));
        }

        @Override
        public java.util.Collection<ObjectDefinition> objects() {
            if (replaced == null) {
                return objects.values();
            }
            Map<String, ObjectDefinition> all = new LinkedHashMap<>(objects);
            all.remove(replaced);
            if (replacement != null) {
                all.put(replaced, replacement);
            }
            return all.values();
        }

        @Override
        public <T> Optional<T> find(String kind, String name, Class<T> type) {
            if (kind.equals(ObjectKind.NAME)) {
                return findObject(name).map(type::cast);
            }
            Map<String, Object> items = others.computeIfAbsent(kind, k -> {
                Map<String, Object> parsed = new HashMap<>();
                MetadataKind<?> metadataKind = kinds.get(k);
                for (MetadataRepository.Version v : metadataKind == null ? List.<MetadataRepository.Version>of()
                        : repository.latestVersions(app, k)) {
                    if (v.body() != null) {
                        try {
                            parsed.put(v.name(), Json.MAPPER.treeToValue(v.body(), metadataKind.type()));
                        } catch (JacksonException e) {
                            // reported when that draft itself is validated
                        }
                    }
                }
                return parsed;
            });
            Object item = items.get(name);
            return type.isInstance(item) ? Optional.of(type.cast(item)) : Optional.empty();
        }
    }

    private DraftView draftView(String app) {
        DraftView view = new DraftView(app);
        for (MetadataRepository.Version v : repository.latestVersions(app, ObjectKind.NAME)) {
            if (v.body() != null) {
                try {
                    view.objects.put(v.name(), Json.MAPPER.treeToValue(v.body(), ObjectDefinition.class));
                } catch (JacksonException e) {
                    // a stored draft that no longer parses is reported when that draft is validated
                }
            }
        }
        return view;
    }

    private record Checked(List<Problem> problems) {
    }

    private <T> Checked check(String app, MetadataKind<T> kind, String name, JsonNode document, DraftView view) {
        List<Problem> schemaProblems = schemaValidator.validate(kind.schemaResource(), document);
        T definition;
        try {
            definition = Json.MAPPER.treeToValue(document, kind.type());
        } catch (JacksonException | IllegalArgumentException e) {
            // the schema problems say why it does not read; without them, say so plainly
            return new Checked(schemaProblems.isEmpty()
                    ? List.of(Problem.of("document-unreadable", "", e.getMessage())) : schemaProblems);
        }
        if (definition == null) { // the document was JSON null
            return new Checked(schemaProblems.isEmpty()
                    ? List.of(Problem.of("document-unreadable", "", "the document is empty")) : schemaProblems);
        }
        List<Problem> problems = new ArrayList<>();
        String declared = kind.nameOf(definition);
        if (declared != null && !name.equals(declared)) {
            problems.add(Problem.of("name-mismatch", "/name", "the document is named '" + declared
                    + "' but is saved as '" + name + "'"));
        }
        if (kind.name().equals(AppKind.NAME) && !name.equals(app)) {
            problems.add(Problem.of("name-mismatch", "/name", "the app document of app '" + app
                    + "' must be named '" + app + "'"));
        }
        MetadataContext context = definition instanceof ObjectDefinition o ? view.with(name, o) : view;
        kind.validate(definition, context, problems);
        // a document that reads despite schema problems still gets its semantic check, so one round
        // trip reports everything; where both speak about one path, the semantic message is the clearer
        List<Problem> all = new ArrayList<>();
        schemaProblems.stream().filter(sp -> problems.stream().noneMatch(p -> p.path().equals(sp.path())))
                .forEach(all::add);
        all.addAll(problems);
        return new Checked(all);
    }

    private MetadataKind<?> kind(String kind) {
        MetadataKind<?> k = kinds.get(kind);
        if (k == null) {
            throw new NotFoundException("kind-unknown", "no metadata kind '" + kind + "'; kinds are "
                    + kinds.keySet().stream().sorted().toList());
        }
        return k;
    }

    private void requireApp(String app, MetadataKind<?> kind) {
        if (!kind.name().equals(AppKind.NAME) && repository.findItem(app, AppKind.NAME, app).isEmpty()) {
            throw new NotFoundException("app-not-found", "no app named '" + app + "'; save its app document first");
        }
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("metadata-edit-forbidden", "only administrators change metadata");
        }
    }

    private MetadataRepository.Item item(String app, String kind, String name) {
        kind(kind);
        return repository.findItem(app, kind, name).orElseThrow(() -> new NotFoundException("metadata-not-found",
                "app '" + app + "' has no " + kind + " named '" + name + "'"));
    }

    private static MetadataVersion toApi(MetadataRepository.Item item, MetadataRepository.Version v) {
        String status = item.published() == null || v.version() > item.published() ? "draft"
                : v.version() == item.published() ? "published" : "superseded";
        return new MetadataVersion(v.app(), v.kind(), v.name(), v.version(), status, v.body() == null, v.body(),
                v.author(), v.createdAt(), v.comment(), v.publishedAt());
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
