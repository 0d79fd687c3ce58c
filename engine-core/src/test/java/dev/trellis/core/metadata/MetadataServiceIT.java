package dev.trellis.core.metadata;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.schema.MigrationPlan;
import dev.trellis.core.schema.MigrationStep;
import dev.trellis.core.schema.MigrationStep.Action;
import dev.trellis.core.testing.AppCatalog;
import dev.trellis.core.testing.CoreContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata store through {@link MetadataService} only, on the real database: validation,
 * versions, and publishing with its schema migration. Each test that changes state uses an app of
 * its own; the validation tests share one app that is never published.
 */
class MetadataServiceIT {

    private static final String CHECKS = "meta_check";
    private static MetadataService metadata;
    private static RecordService records;

    @BeforeAll
    static void appWithAPartnerDraft() {
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        saveApp(CHECKS);
        metadata.saveDraft(ADMIN, CHECKS, "object", "partner", fixture("partner"), null);
    }

    // --- validation ---------------------------------------------------------------------------

    @Test
    void schemaViolationsAreAllReportedAtThePointerOfTheOffendingProperty() {
        List<Problem> problems = metadata.validate(CHECKS, "object", "sales_order", fixture("schema-violations"));

        assertThat(problems).extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                tuple("/name", "schema-required"),
                tuple("/label/english", "schema-property-names"),
                tuple("/fields/0/requird", "schema-additional-properties"),
                tuple("/fields/1/type", "schema-enum"),
                tuple("/fields/2/target", "schema-required"));
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    }

    @Test
    void namesMustBePlainLowerCaseAsciiOfAtMost63Characters() {
        String longest = "a".repeat(63);
        JsonNode document = object("bad_names", "drop table x", "Name", "p\u0430rtner", "a".repeat(64), longest);

        // the schema's pattern and the semantic check both object; the clearer semantic message is kept
        assertThat(metadata.validate(CHECKS, "object", "bad_names", document))
                .extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                        tuple("/fields/0/name", "name-invalid"),
                        tuple("/fields/1/name", "name-invalid"),
                        tuple("/fields/2/name", "name-invalid"),
                        tuple("/fields/3/name", "name-invalid"));
    }

    @Test
    void reservedWordsAndSystemColumnsCannotNameAnything() {
        ObjectNode document = object("select", "amount", "from", "id", "created_at", "version");
        document.set("indexes", json("[{\"name\": \"order\", \"fields\": [\"amount\"]}]"));

        assertThat(metadata.validate(CHECKS, "object", "select", document))
                .extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                        tuple("/name", "name-reserved"),
                        tuple("/fields/1/name", "name-reserved"),
                        tuple("/fields/2/name", "name-reserved"),
                        tuple("/fields/3/name", "name-reserved"),
                        tuple("/fields/4/name", "name-reserved"),
                        tuple("/indexes/0/name", "name-reserved"));
    }

    @Test
    void aRepeatedFieldNameIsReportedWhereItRepeats() {
        assertThat(metadata.validate(CHECKS, "object", "invoice", object("invoice", "amount", "note", "amount")))
                .extracting(Problem::path, Problem::code, p -> p.args().get("name"))
                .containsExactly(tuple("/fields/2/name", "field-duplicate", "amount"));
    }

    @Test
    void referencesMustResolveToObjectsFieldsAndAllowedTargets() {
        JsonNode document = json("""
                {"name": "sales_order", "nameField": "title",
                 "fields": [
                   {"name": "customer", "type": "lookup", "target": "customer"},
                   {"name": "parent", "type": "master_detail", "target": "sales_order"},
                   {"name": "partner", "type": "lookup", "target": "partner"},
                   {"name": "previous", "type": "lookup", "target": "sales_order"}],
                 "indexes": [{"name": "recent", "fields": ["created_at", "amount"]}]}""");

        assertThat(metadata.validate(CHECKS, "object", "sales_order", document))
                .extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                        tuple("/fields/0/target", "lookup-target-unknown"),
                        tuple("/fields/1/target", "master-detail-self"),
                        tuple("/indexes/0/fields/1", "index-field-unknown"),
                        tuple("/nameField", "name-field-unknown"));
    }

    @Test
    void attributesMustSuitTheFieldType() {
        assertThat(metadata.validate(CHECKS, "object", "invoice", fixture("bad-attributes")))
                .extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                        tuple("/nameField", "name-field-type"),
                        tuple("/fields/0/maxLength", "field-attribute-not-applicable"),
                        tuple("/fields/1/scale", "field-scale-exceeds-precision"),
                        tuple("/fields/2/pattern", "auto-number-pattern-invalid"),
                        tuple("/fields/3/pattern", "auto-number-pattern-invalid"),
                        tuple("/fields/4/defaultValue", "value-type-mismatch"),
                        tuple("/fields/5/defaultValue", "value-not-in-picklist"),
                        tuple("/fields/6/defaultValue", "value-too-long"),
                        tuple("/fields/7/unique", "field-unique-not-supported"),
                        tuple("/fields/8/values/1/value", "picklist-value-duplicate"),
                        tuple("/fields/9/target", "field-attribute-not-applicable"),
                        tuple("/fields/10/pattern", "auto-number-pattern-too-long"));
    }

    @Test
    void aDocumentMustCarryTheNameItIsSavedUnder() {
        assertThat(metadata.validate(CHECKS, "object", "orders", object("order_header", "amount")))
                .extracting(Problem::path, Problem::code).containsExactly(tuple("/name", "name-mismatch"));
        assertThat(metadata.validate(CHECKS, "app", "meta_other", json("{\"name\": \"meta_other\"}")))
                .extracting(Problem::path, Problem::code).containsExactly(tuple("/name", "name-mismatch"));
    }

    @Test
    void validateOnlyReportsAndSaveDraftRefusesWithTheSameProblemsStoringNothing() {
        String app = "meta_refuse";
        saveApp(app);
        JsonNode bad = json("""
                {"name": "invoice", "fields": [
                  {"name": "amount", "type": "integer", "scale": 2},
                  {"name": "partner", "type": "lookup", "target": "partner"}]}""");

        List<Problem> problems = metadata.validate(app, "object", "invoice", bad);
        assertThat(problems).extracting(Problem::path)
                .containsExactlyInAnyOrder("/fields/0/scale", "/fields/1/target");
        assertThatThrownBy(() -> metadata.getLatest(app, "object", "invoice")).isInstanceOf(NotFoundException.class);

        assertThatThrownBy(() -> metadata.saveDraft(ADMIN, app, "object", "invoice", bad, "bad"))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems()).isEqualTo(problems));
        assertThat(metadata.list(app, "object")).isEmpty();

        metadata.saveDraft(ADMIN, app, "object", "invoice", object("invoice", "amount"), "good");
        assertThatThrownBy(() -> metadata.saveDraft(ADMIN, app, "object", "invoice", bad, "bad again"))
                .isInstanceOf(InvalidException.class);
        assertThat(metadata.history(app, "object", "invoice")).singleElement()
                .satisfies(v -> assertThat(v.comment()).isEqualTo("good"));
    }

    @Test
    void anObjectCannotBeSavedBeforeItsApp() {
        String app = "meta_orphan";
        assertThatThrownBy(() -> metadata.saveDraft(ADMIN, app, "object", "partner", fixture("partner"), null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).isEqualTo("app-not-found"));
        assertThatThrownBy(() -> metadata.validate(app, "object", "partner", fixture("partner")))
                .isInstanceOf(NotFoundException.class);
        assertThat(metadata.apps()).doesNotContain(app).contains(CHECKS);
    }

    @Test
    void onlyAdministratorsChangeMetadata() {
        List<MetadataVersion> before = metadata.history(CHECKS, "object", "partner");

        assertForbidden(() -> metadata.saveDraft(CLERK, CHECKS, "object", "partner", fixture("partner"), null));
        assertForbidden(() -> metadata.deleteDraft(CLERK, CHECKS, "object", "partner", null));
        assertForbidden(() -> metadata.rollback(CLERK, CHECKS, "object", "partner", 1, null));
        assertForbidden(() -> metadata.publish(CLERK, CHECKS, true, null));
        assertForbidden(() -> metadata.saveDraft(CLERK, "meta_clerk_app", "app", "meta_clerk_app",
                json("{\"name\": \"meta_clerk_app\"}"), null));

        assertThat(metadata.history(CHECKS, "object", "partner")).isEqualTo(before);
        assertThat(metadata.apps()).doesNotContain("meta_clerk_app");
        assertThatThrownBy(() -> metadata.published(CHECKS)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUnknownKindIsNotFound() {
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> metadata.validate(CHECKS, "widget", "w", json("{\"name\": \"w\"}")),
                () -> metadata.saveDraft(ADMIN, CHECKS, "widget", "w", json("{\"name\": \"w\"}"), null),
                () -> metadata.getLatest(CHECKS, "widget", "w"),
                () -> metadata.list(CHECKS, "widget"))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(NotFoundException.class,
                    e -> assertThat(e.code()).isEqualTo("kind-unknown"));
        }
    }

    // --- versions -----------------------------------------------------------------------------

    @Test
    void everySaveIsANewImmutableVersionFromDraftToPublishedToSuperseded() {
        String app = "meta_versions";
        saveApp(app);
        JsonNode first = object("note", "title");
        JsonNode second = object("note", "title", "body");
        metadata.saveDraft(ADMIN, app, "object", "note", first, "first");
        MetadataVersion v2 = metadata.saveDraft(ADMIN, app, "object", "note", second, "second");

        assertThat(v2.version()).isEqualTo(2);
        assertThat(metadata.history(app, "object", "note"))
                .extracting(MetadataVersion::version, MetadataVersion::status, MetadataVersion::author,
                        MetadataVersion::comment)
                .containsExactly(tuple(2, "draft", "admin", "second"), tuple(1, "draft", "admin", "first"));
        assertThat(metadata.history(app, "object", "note")).allSatisfy(v -> {
            assertThat(v.createdAt()).isNotNull();
            assertThat(v.publishedAt()).isNull();
        });
        assertThat(metadata.getLatest(app, "object", "note").body()).isEqualTo(second);
        assertThat(metadata.findPublished(app, "object", "note")).isEmpty();

        PublishResult result = metadata.publish(ADMIN, app, false, "go live");
        assertThat(result.generation()).isEqualTo(1);
        assertThat(result.published()).containsExactlyInAnyOrder("app/" + app, "object/note");
        assertThat(metadata.history(app, "object", "note"))
                .extracting(MetadataVersion::version, MetadataVersion::status)
                .containsExactly(tuple(2, "published"), tuple(1, "superseded"));
        assertThat(metadata.getVersion(app, "object", "note", 2).publishedAt()).isNotNull();

        JsonNode third = object("note", "title", "body", "tags");
        metadata.saveDraft(ADMIN, app, "object", "note", third, "third");
        assertThat(metadata.getLatest(app, "object", "note"))
                .satisfies(v -> assertThat(v.version()).isEqualTo(3))
                .satisfies(v -> assertThat(v.status()).isEqualTo("draft"));
        assertThat(metadata.findPublished(app, "object", "note")).get()
                .satisfies(v -> assertThat(v.body()).isEqualTo(second));
        assertThat(metadata.published(app).getObject("note").fields()).extracting(FieldDefinition::name)
                .containsExactly("title", "body");
        assertThat(metadata.getVersion(app, "object", "note", 1).body()).isEqualTo(first);
        assertThat(metadata.list(app, "object")).singleElement()
                .satisfies(v -> assertThat(v.version()).isEqualTo(3));
        assertThatThrownBy(() -> metadata.getVersion(app, "object", "note", 9)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void diffAddressesFieldsAndPicklistValuesByName() {
        String app = "meta_diff";
        saveApp(app);
        JsonNode v1 = json("""
                {"name": "invoice", "fields": [
                  {"name": "amount", "type": "decimal", "precision": 14, "scale": 2},
                  {"name": "status", "type": "picklist", "values": [{"value": "open"}, {"value": "paid"}]}]}""");
        JsonNode v2 = json("""
                {"name": "invoice", "description": "Bills we send",
                 "fields": [
                  {"name": "note", "type": "text"},
                  {"name": "amount", "type": "decimal", "precision": 14, "scale": 4},
                  {"name": "status", "type": "picklist",
                   "values": [{"value": "open"}, {"value": "paid"}, {"value": "void"}]}]}""");
        metadata.saveDraft(ADMIN, app, "object", "invoice", v1, null);
        metadata.saveDraft(ADMIN, app, "object", "invoice", v2, null);

        List<JsonChange> forward = metadata.diff(app, "object", "invoice", 1, 2);
        assertThat(forward).extracting(JsonChange::op, JsonChange::path).containsExactlyInAnyOrder(
                tuple("add", "/description"),
                tuple("add", "/fields/note"),
                tuple("replace", "/fields/amount/scale"),
                tuple("add", "/fields/status/values/void"));
        assertThat(forward).filteredOn(c -> c.path().equals("/fields/amount/scale")).singleElement()
                .satisfies(c -> assertThat(c.oldValue() + "->" + c.newValue()).isEqualTo("2->4"));
        assertThat(forward).filteredOn(c -> c.path().equals("/fields/note")).singleElement()
                .satisfies(c -> assertThat(c.newValue()).isEqualTo(v2.get("fields").get(0)));

        assertThat(metadata.diff(app, "object", "invoice", 2, 1)).extracting(JsonChange::op, JsonChange::path)
                .containsExactlyInAnyOrder(
                        tuple("remove", "/description"),
                        tuple("remove", "/fields/note"),
                        tuple("replace", "/fields/amount/scale"),
                        tuple("remove", "/fields/status/values/void"));
        assertThat(metadata.diff(app, "object", "invoice", 2, 2)).isEmpty();
    }

    @Test
    void rollbackSavesAnOldBodyAsANewDraftThatIsLiveAgainAfterPublish() {
        String app = "meta_rollback";
        AppCatalog catalog = AppCatalog.of(app);
        JsonNode v1 = object("contact", "name");
        CoreContext.publishApp(app, v1);
        metadata.saveDraft(ADMIN, app, "object", "contact", object("contact", "name", "phone"), "add phone");
        metadata.publish(ADMIN, app, false, null);
        assertThat(catalog.columns("contact")).containsKey("phone");

        MetadataVersion rolledBack = metadata.rollback(ADMIN, app, "object", "contact", 1, null);

        assertThat(rolledBack.version()).isEqualTo(3);
        assertThat(rolledBack.status()).isEqualTo("draft");
        assertThat(rolledBack.body()).isEqualTo(v1);
        assertThat(rolledBack.comment()).contains("version 1");
        assertThat(metadata.findPublished(app, "object", "contact")).get()
                .satisfies(v -> assertThat(v.version()).isEqualTo(2));
        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action, MigrationStep::field)
                .containsExactly(tuple(Action.ARCHIVE_COLUMN, "phone"));

        metadata.publish(ADMIN, app, true, "undo phone");

        assertThat(metadata.findPublished(app, "object", "contact")).get()
                .satisfies(v -> assertThat(v.version()).isEqualTo(3));
        assertThat(metadata.published(app).getObject("contact").fields()).extracting(FieldDefinition::name)
                .containsExactly("name");
        assertThat(catalog.columns("contact")).doesNotContainKey("phone").containsKey("_dropped_phone_g3");
    }

    @Test
    void aDeletedObjectsTableIsArchivedOnConfirmedPublishAndItsNameCanBeUsedAgain() {
        String app = "meta_delete";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, fixture("partner"));
        records.create(ADMIN, app, "partner", json("{\"name\": \"Acme\", \"code\": \"ACME\"}"));

        MetadataVersion deletion = metadata.deleteDraft(ADMIN, app, "object", "partner", "not needed");
        assertThat(deletion.deleted()).isTrue();
        assertThat(deletion.body()).isNull();
        assertThat(metadata.getLatest(app, "object", "partner").status()).isEqualTo("draft");
        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action, MigrationStep::object,
                MigrationStep::destructive).containsExactly(tuple(Action.ARCHIVE_TABLE, "partner", true));

        assertThatThrownBy(() -> metadata.publish(ADMIN, app, false, null))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("destructive-change-unconfirmed");
                    assertThat(e.problems()).extracting(Problem::path).containsExactly("/object/partner");
                });
        assertThat(catalog.tables()).containsExactly("partner");

        assertThat(metadata.publish(ADMIN, app, true, "drop partner").generation()).isEqualTo(2);

        assertThat(catalog.tables()).containsExactly("_dropped_partner_g2");
        assertThat(catalog.values("_dropped_partner_g2", "code")).containsExactly("ACME");
        assertThat(metadata.published(app).findObject("partner")).isEmpty();
        assertThatThrownBy(() -> records.create(ADMIN, app, "partner", json("{\"name\": \"Late\"}")))
                .isInstanceOf(NotFoundException.class);

        metadata.saveDraft(ADMIN, app, "object", "partner", fixture("partner"), "back again");
        metadata.publish(ADMIN, app, false, null);
        records.create(ADMIN, app, "partner", json("{\"name\": \"Acme again\", \"code\": \"ACME\"}"));
        assertThat(catalog.tables()).containsExactlyInAnyOrder("partner", "_dropped_partner_g2");
        assertThat(catalog.indexes("partner")).containsKeys("partner__code__uq", "partner__by_tier__ix");
    }

    // --- publish and schema -------------------------------------------------------------------

    @Test
    void planPreviewsTheMigrationWithoutTouchingTheDatabase() {
        String app = "meta_plan";
        AppCatalog catalog = AppCatalog.of(app);
        saveApp(app);
        for (String object : List.of("partner", "sales_order", "order_line")) {
            metadata.saveDraft(ADMIN, app, "object", object, fixture(object), null);
        }

        MigrationPlan plan = metadata.plan(app);

        assertThat(plan.fromGeneration()).isZero();
        assertThat(plan.toGeneration()).isEqualTo(1);
        assertThat(plan.destructive()).isFalse();
        assertThat(plan.steps().get(0).action()).isEqualTo(Action.CREATE_SCHEMA);
        assertThat(plan.steps()).extracting(MigrationStep::action, MigrationStep::object, MigrationStep::field)
                .containsExactlyInAnyOrder(
                        tuple(Action.CREATE_SCHEMA, null, null),
                        tuple(Action.CREATE_TABLE, "partner", null),
                        tuple(Action.CREATE_TABLE, "sales_order", null),
                        tuple(Action.CREATE_TABLE, "order_line", null),
                        tuple(Action.ADD_FOREIGN_KEY, "sales_order", "partner"),
                        tuple(Action.ADD_FOREIGN_KEY, "order_line", "sales_order"),
                        tuple(Action.CREATE_INDEX, "partner", null));
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.sql()).isNotEmpty());
        assertThat(catalog.exists()).isFalse();
        assertThatThrownBy(() -> metadata.published(app)).isInstanceOf(NotFoundException.class);

        assertThat(metadata.publish(ADMIN, app, false, null).plan()).isEqualTo(plan);
        assertThat(catalog.exists()).isTrue();
    }

    @Test
    void publishCreatesTypedColumnsUniqueIndexesForeignKeysAndDeclaredIndexes() {
        String app = "meta_tables";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, fixture("partner"), fixture("sales_order"), fixture("order_line"));

        assertThat(catalog.columns("partner")).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("id", "bigint"), Map.entry("created_at", "timestamp with time zone"),
                Map.entry("created_by", "bigint"), Map.entry("updated_at", "timestamp with time zone"),
                Map.entry("updated_by", "bigint"), Map.entry("owner_id", "bigint"), Map.entry("version", "integer"),
                Map.entry("name", "character varying(120)"), Map.entry("code", "character varying(32)"),
                Map.entry("tier", "character varying(64)"), Map.entry("regions", "character varying[]"),
                Map.entry("credit_limit", "numeric(16,2)"), Map.entry("rebate_rate", "numeric(9,4)"),
                Map.entry("employees", "bigint"), Map.entry("active", "boolean"), Map.entry("signed_on", "date"),
                Map.entry("last_login", "timestamp with time zone"), Map.entry("notes", "text"),
                Map.entry("profile", "jsonb"), Map.entry("email", "character varying(320)")));
        assertThat(catalog.columns("sales_order")).containsEntry("order_no", "character varying(64)")
                .containsEntry("partner", "bigint").containsEntry("amount", "numeric(14,2)");
        // required is the service's business, not the column's
        assertThat(catalog.nullable("partner", "name")).isTrue();
        assertThat(catalog.nullable("partner", "id")).isFalse();

        assertThat(catalog.indexes("partner")).hasEntrySatisfying("partner__code__uq",
                        def -> assertThat(def).startsWith("CREATE UNIQUE INDEX").endsWith("(code)"))
                .hasEntrySatisfying("partner__by_tier__ix",
                        def -> assertThat(def).doesNotContain("UNIQUE").endsWith("(tier, name)"));
        assertThat(catalog.indexes("sales_order")).hasEntrySatisfying("sales_order__partner__fkix",
                def -> assertThat(def).endsWith("(partner, id)"));
        assertThat(catalog.foreignKeys()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sales_order__partner__fk", "sales_order.partner -> partner ON DELETE NO ACTION",
                "order_line__sales_order__fk", "order_line.sales_order -> sales_order ON DELETE CASCADE"));
        assertThat(catalog.hasSequence("sales_order__order_no__seq")).isTrue();

        PublishedApp published = metadata.published(app);
        assertThat(published.generation()).isEqualTo(1);
        assertThat(published.objects()).containsOnlyKeys("partner", "sales_order", "order_line");
    }

    @Test
    void addingAFieldAddsAColumnWithoutConfirmation() {
        String app = "meta_add";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, object("customer", "name"));
        long id = (Long) records.create(ADMIN, app, "customer", json("{\"name\": \"Ann\"}")).get("id");
        JsonNode v2 = edit(object("customer", "name"), doc -> {
            fields(doc).add(json("{\"name\": \"phone\", \"type\": \"phone\"}"));
            fields(doc).add(json("{\"name\": \"code\", \"type\": \"text\", \"maxLength\": 12, \"unique\": true}"));
        });
        metadata.saveDraft(ADMIN, app, "object", "customer", v2, null);

        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action, MigrationStep::field,
                MigrationStep::destructive).containsExactly(tuple(Action.ADD_COLUMN, "phone", false),
                tuple(Action.ADD_COLUMN, "code", false));
        PublishResult result = metadata.publish(ADMIN, app, false, null);

        assertThat(result.generation()).isEqualTo(2);
        assertThat(metadata.published(app).generation()).isEqualTo(2);
        assertThat(catalog.columns("customer")).containsEntry("phone", "character varying(40)")
                .containsEntry("code", "character varying(12)");
        assertThat(catalog.indexes("customer")).containsKey("customer__code__uq");
        assertThat(records.get(ADMIN, app, "customer", id, Set.of())).containsEntry("name", "Ann")
                .containsEntry("phone", null);
    }

    @Test
    void wideningAltersTheColumnInPlaceAndKeepsItsData() {
        String app = "meta_widen";
        AppCatalog catalog = AppCatalog.of(app);
        JsonNode v1 = json("""
                {"name": "item", "fields": [
                  {"name": "title", "type": "text", "maxLength": 50},
                  {"name": "price", "type": "decimal", "precision": 10, "scale": 2},
                  {"name": "stock", "type": "integer"},
                  {"name": "memo", "type": "text"}]}""");
        CoreContext.publishApp(app, v1);
        long id = (Long) records.create(ADMIN, app, "item", json("""
                {"title": "Widget", "price": 12345678.90, "stock": 7, "memo": "fragile"}""")).get("id");
        JsonNode v2 = json("""
                {"name": "item", "fields": [
                  {"name": "title", "type": "text", "maxLength": 100},
                  {"name": "price", "type": "decimal", "precision": 14, "scale": 2},
                  {"name": "stock", "type": "decimal", "precision": 20, "scale": 0},
                  {"name": "memo", "type": "long_text"}]}""");
        metadata.saveDraft(ADMIN, app, "object", "item", v2, null);

        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action, MigrationStep::field,
                MigrationStep::destructive).containsExactly(tuple(Action.WIDEN_COLUMN, "title", false),
                tuple(Action.WIDEN_COLUMN, "price", false), tuple(Action.WIDEN_COLUMN, "stock", false),
                tuple(Action.WIDEN_COLUMN, "memo", false));
        metadata.publish(ADMIN, app, false, null);

        assertThat(catalog.columns("item")).containsEntry("title", "character varying(100)")
                .containsEntry("price", "numeric(14,2)").containsEntry("stock", "numeric(20,0)")
                .containsEntry("memo", "text").doesNotContainKeys("_dropped_title_g2", "_dropped_price_g2");
        Map<String, Object> item = records.get(ADMIN, app, "item", id, Set.of());
        assertThat(item).containsEntry("title", "Widget").containsEntry("memo", "fragile");
        assertThat((BigDecimal) item.get("price")).isEqualByComparingTo("12345678.90");
        assertThat((BigDecimal) item.get("stock")).isEqualByComparingTo("7");
    }

    @Test
    void droppingAFieldNeedsConfirmationAndItsDataStaysInAnArchivedColumn() {
        String app = "meta_drop";
        AppCatalog catalog = AppCatalog.of(app);
        JsonNode v1 = json("""
                {"name": "contact", "fields": [
                  {"name": "name", "type": "text"},
                  {"name": "fax", "type": "phone"},
                  {"name": "code", "type": "text", "unique": true}]}""");
        CoreContext.publishApp(app, v1);
        records.create(ADMIN, app, "contact", json("{\"name\": \"Ann\", \"fax\": \"+49 30 1234567\", \"code\": \"A\"}"));
        records.create(ADMIN, app, "contact", json("{\"name\": \"Bob\", \"fax\": \"+49 30 7654321\", \"code\": \"B\"}"));
        metadata.saveDraft(ADMIN, app, "object", "contact", object("contact", "name"), "drop fax and code");

        assertThatThrownBy(() -> metadata.publish(ADMIN, app, false, null))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("destructive-change-unconfirmed");
                    assertThat(e.problems()).extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                            tuple("/object/contact/fields/fax", "destructive-change-unconfirmed"),
                            tuple("/object/contact/fields/code", "destructive-change-unconfirmed"));
                });
        assertThat(catalog.columns("contact")).containsKeys("fax", "code");
        assertThat(metadata.getLatest(app, "object", "contact").status()).isEqualTo("draft");
        assertThat(metadata.published(app).generation()).isEqualTo(1);

        assertThat(metadata.publish(ADMIN, app, true, "confirmed").generation()).isEqualTo(2);

        assertThat(catalog.columns("contact")).doesNotContainKeys("fax", "code")
                .containsKeys("_dropped_fax_g2", "_dropped_code_g2");
        assertThat(catalog.values("contact", "_dropped_fax_g2")).containsExactly("+49 30 1234567", "+49 30 7654321");
        assertThat(catalog.values("contact", "_dropped_code_g2")).containsExactly("A", "B");
        assertThat(metadata.published(app).getObject("contact").fields()).extracting(FieldDefinition::name)
                .containsExactly("name");

        // the old unique index went with the archived column, so the name is free for a new field
        metadata.saveDraft(ADMIN, app, "object", "contact", edit(object("contact", "name"), doc -> fields(doc)
                .add(json("{\"name\": \"code\", \"type\": \"integer\", \"unique\": true}"))), null);
        metadata.publish(ADMIN, app, false, null);
        assertThat(catalog.columns("contact")).containsEntry("code", "bigint").containsKey("_dropped_code_g2");
        assertThat(catalog.indexes("contact")).hasEntrySatisfying("contact__code__uq",
                def -> assertThat(def).endsWith("(code)"));
    }

    @Test
    void narrowingNeedsConfirmationAndConvertsTheDataIntoTheNewColumn() {
        String app = "meta_narrow";
        AppCatalog catalog = AppCatalog.of(app);
        JsonNode v1 = json("""
                {"name": "ticket", "fields": [
                  {"name": "title", "type": "text", "maxLength": 100},
                  {"name": "ref", "type": "text", "maxLength": 20}]}""");
        CoreContext.publishApp(app, v1);
        long id = (Long) records.create(ADMIN, app, "ticket", json("{\"title\": \"Short\", \"ref\": \"42\"}")).get("id");
        metadata.saveDraft(ADMIN, app, "object", "ticket", json("""
                {"name": "ticket", "fields": [
                  {"name": "title", "type": "text", "maxLength": 10},
                  {"name": "ref", "type": "integer"}]}"""), null);

        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action, MigrationStep::field,
                MigrationStep::destructive).containsExactly(tuple(Action.RETYPE_COLUMN, "title", true),
                tuple(Action.RETYPE_COLUMN, "ref", true));
        assertThatThrownBy(() -> metadata.publish(ADMIN, app, false, null))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path)
                        .containsExactly("/object/ticket/fields/title", "/object/ticket/fields/ref"));
        assertThat(catalog.columns("ticket")).containsEntry("title", "character varying(100)");

        metadata.publish(ADMIN, app, true, null);

        assertThat(catalog.columns("ticket")).containsEntry("title", "character varying(10)")
                .containsEntry("ref", "bigint").containsEntry("_dropped_title_g2", "character varying(100)")
                .containsEntry("_dropped_ref_g2", "character varying(20)");
        assertThat(records.get(ADMIN, app, "ticket", id, Set.of())).containsEntry("title", "Short")
                .containsEntry("ref", 42L);
        assertThat(catalog.values("ticket", "_dropped_ref_g2")).containsExactly("42");
    }

    @Test
    void aNarrowingTheDataDoesNotFitFailsAndLeavesDatabaseAndMetadataAsTheyWere() {
        String app = "meta_nofit";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, json("""
                {"name": "ticket", "fields": [{"name": "title", "type": "text", "maxLength": 100}]}"""));
        String title = "x".repeat(50);
        long id = (Long) records.create(ADMIN, app, "ticket", json("{\"title\": \"" + title + "\"}")).get("id");
        metadata.saveDraft(ADMIN, app, "object", "ticket", json("""
                {"name": "ticket", "fields": [{"name": "title", "type": "text", "maxLength": 10}]}"""), "too short");
        Map<String, String> columnsBefore = catalog.columns("ticket");

        assertThatThrownBy(() -> metadata.publish(ADMIN, app, true, null))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("migration-failed");
                    assertThat(e.getMessage()).contains("character varying(10)");
                });

        assertThat(catalog.columns("ticket")).isEqualTo(columnsBefore).containsEntry("title", "character varying(100)");
        assertThat(metadata.published(app).generation()).isEqualTo(1);
        assertThat(metadata.findPublished(app, "object", "ticket")).get()
                .satisfies(v -> assertThat(v.version()).isEqualTo(1));
        assertThat(metadata.getLatest(app, "object", "ticket"))
                .satisfies(v -> assertThat(v.version()).isEqualTo(2))
                .satisfies(v -> assertThat(v.status()).isEqualTo("draft"));
        assertThat(records.get(ADMIN, app, "ticket", id, Set.of())).containsEntry("title", title);

        metadata.saveDraft(ADMIN, app, "object", "ticket", json("""
                {"name": "ticket", "fields": [{"name": "title", "type": "text", "maxLength": 200}]}"""), "longer");
        assertThat(metadata.publish(ADMIN, app, false, null).generation()).isEqualTo(2);
        assertThat(catalog.columns("ticket")).containsEntry("title", "character varying(200)");
    }

    @Test
    void aConversionThatWouldCutOrRoundAValueFailsInsteadOfLosingIt() {
        String app = "meta_lossy";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, json("""
                {"name": "reading", "fields": [
                  {"name": "notes", "type": "long_text"},
                  {"name": "amount", "type": "decimal", "precision": 10, "scale": 4},
                  {"name": "code", "type": "integer"},
                  {"name": "taken_at", "type": "datetime"}]}"""));
        long id = (Long) records.create(ADMIN, app, "reading", json("""
                {"notes": "%s", "amount": 1.2345, "code": 12345, "taken_at": "2026-03-05T10:30:00Z"}"""
                .formatted("n".repeat(50)))).get("id");
        Map<String, String> columnsBefore = catalog.columns("reading");

        for (String narrower : List.of(
                "{\"name\": \"notes\", \"type\": \"text\", \"maxLength\": 10}",
                "{\"name\": \"amount\", \"type\": \"decimal\", \"precision\": 10, \"scale\": 2}",
                "{\"name\": \"amount\", \"type\": \"integer\"}",
                "{\"name\": \"code\", \"type\": \"text\", \"maxLength\": 3}",
                "{\"name\": \"taken_at\", \"type\": \"date\"}")) {
            JsonNode field = json(narrower);
            metadata.saveDraft(ADMIN, app, "object", "reading", edit((ObjectNode) metadata.findPublished(app, "object",
                    "reading").orElseThrow().body(), doc -> replaceField(doc, field)), null);
            assertThatThrownBy(() -> metadata.publish(ADMIN, app, true, null)).as(narrower)
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo("migration-failed"));
            assertThat(catalog.columns("reading")).as(narrower).isEqualTo(columnsBefore);
        }

        records.update(ADMIN, app, "reading", id, 1, json("{\"amount\": 1.23}"));
        metadata.saveDraft(ADMIN, app, "object", "reading", edit((ObjectNode) metadata.findPublished(app, "object",
                "reading").orElseThrow().body(), doc -> replaceField(doc,
                json("{\"name\": \"amount\", \"type\": \"decimal\", \"precision\": 10, \"scale\": 2}"))), null);
        metadata.publish(ADMIN, app, true, null);
        assertThat(catalog.columns("reading")).containsEntry("amount", "numeric(10,2)");
        assertThat((BigDecimal) records.get(ADMIN, app, "reading", id, Set.of()).get("amount"))
                .isEqualByComparingTo("1.23");
    }

    @Test
    void publishingWithoutDraftsChangesNothingAndKeepsTheGeneration() {
        String app = "meta_noop";
        CoreContext.publishApp(app, object("note", "title"));

        PublishResult again = metadata.publish(ADMIN, app, false, "nothing to do");

        assertThat(again.generation()).isEqualTo(1);
        assertThat(again.published()).isEmpty();
        assertThat(again.plan().steps()).isEmpty();
        assertThat(again.plan().toGeneration()).isEqualTo(1);
        assertThat(metadata.published(app).generation()).isEqualTo(1);
        assertThat(metadata.plan(app).steps()).isEmpty();

        metadata.saveDraft(ADMIN, app, "object", "note", object("note", "title", "body"), null);
        assertThat(metadata.publish(ADMIN, app, false, null).generation()).isEqualTo(2);
        assertThat(metadata.published(app).generation()).isEqualTo(2);
    }

    @Test
    void publishValidatesAllDraftsTogether() {
        String app = "meta_together";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, fixture("partner"), fixture("sales_order"));
        metadata.deleteDraft(ADMIN, app, "object", "partner", "sales_order still points here");

        assertThatThrownBy(() -> metadata.publish(ADMIN, app, true, null))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path, Problem::code)
                        .containsExactly(tuple("/object/sales_order/fields/1/target", "lookup-target-unknown")));
        assertThatThrownBy(() -> metadata.plan(app)).isInstanceOf(InvalidException.class);
        assertThat(catalog.tables()).containsExactlyInAnyOrder("partner", "sales_order");
        assertThat(metadata.published(app).generation()).isEqualTo(1);
        assertThatThrownBy(() -> metadata.saveDraft(ADMIN, app, "object", "sales_order", fixture("sales_order"), null))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/fields/1/target"));
    }

    @Test
    void uniquenessAndDeclaredIndexesComeAndGoWithTheMetadata() {
        String app = "meta_unique";
        AppCatalog catalog = AppCatalog.of(app);
        JsonNode strict = json("""
                {"name": "sku", "fields": [{"name": "code", "type": "text", "unique": true},
                                           {"name": "title", "type": "text"}],
                 "indexes": [{"name": "by_title", "fields": ["title"]}]}""");
        JsonNode lax = json("""
                {"name": "sku", "fields": [{"name": "code", "type": "text"}, {"name": "title", "type": "text"}]}""");
        CoreContext.publishApp(app, strict);
        records.create(ADMIN, app, "sku", json("{\"code\": \"A-1\"}"));
        assertThatThrownBy(() -> records.create(ADMIN, app, "sku", json("{\"code\": \"A-1\"}")))
                .isInstanceOf(ConflictException.class);

        metadata.saveDraft(ADMIN, app, "object", "sku", lax, null);
        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action)
                .containsExactly(Action.DROP_UNIQUE, Action.DROP_INDEX);
        metadata.publish(ADMIN, app, false, null);

        assertThat(catalog.indexes("sku")).containsOnlyKeys("sku__pk");
        records.create(ADMIN, app, "sku", json("{\"code\": \"A-1\"}"));

        metadata.saveDraft(ADMIN, app, "object", "sku", strict, null);
        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action)
                .containsExactly(Action.ADD_UNIQUE, Action.CREATE_INDEX);
        assertThatThrownBy(() -> metadata.publish(ADMIN, app, false, null))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo("migration-failed"));
        assertThat(catalog.indexes("sku")).containsOnlyKeys("sku__pk");
    }

    @Test
    void aLookupBecomingMasterDetailGetsACascadingForeignKeyInPlace() {
        String app = "meta_cascade";
        AppCatalog catalog = AppCatalog.of(app);
        JsonNode line = json("""
                {"name": "line", "fields": [{"name": "header", "type": "lookup", "target": "header"}]}""");
        CoreContext.publishApp(app, object("header", "title"), line);
        long header = (Long) records.create(ADMIN, app, "header", json("{\"title\": \"H\"}")).get("id");
        records.create(ADMIN, app, "line", json("{\"header\": " + header + "}"));
        metadata.saveDraft(ADMIN, app, "object", "line", edit((ObjectNode) line, doc -> ((ObjectNode) fields(doc).get(0))
                .put("type", "master_detail")), null);

        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action, MigrationStep::destructive)
                .containsExactly(tuple(Action.METADATA_ONLY, false), tuple(Action.DROP_FOREIGN_KEY, false),
                        tuple(Action.ADD_FOREIGN_KEY, false));
        metadata.publish(ADMIN, app, false, null);

        assertThat(catalog.foreignKeys()).containsExactly(Map.entry("line__header__fk",
                "line.header -> header ON DELETE CASCADE"));
        assertThat(catalog.indexes("line")).containsKey("line__header__fkix");
        assertThat(catalog.values("line", "header")).containsExactly(String.valueOf(header));
    }

    @Test
    void aRetypedFieldKeepsItsDeclaredIndexOnTheNewColumn() {
        String app = "meta_reindex";
        AppCatalog catalog = AppCatalog.of(app);
        CoreContext.publishApp(app, json("""
                {"name": "task", "fields": [{"name": "status", "type": "text"}, {"name": "title", "type": "text"}],
                 "indexes": [{"name": "by_status", "fields": ["status", "title"]}]}"""));
        metadata.saveDraft(ADMIN, app, "object", "task", json("""
                {"name": "task", "fields": [{"name": "status", "type": "integer"}, {"name": "title", "type": "text"}],
                 "indexes": [{"name": "by_status", "fields": ["status", "title"]}]}"""), null);

        metadata.publish(ADMIN, app, true, null);

        assertThat(catalog.indexes("task")).hasEntrySatisfying("task__by_status__ix",
                def -> assertThat(def).endsWith("(status, title)"));
    }

    @Test
    void theLongestNamesStillMakeDistinctTablesSchemasAndIndexes() {
        String app = "meta_" + "l".repeat(58);
        String twin = "meta_" + "l".repeat(57) + "m";
        String object = "o".repeat(63);
        String field = "f".repeat(63);
        JsonNode document = json("{\"name\": \"" + object + "\", \"fields\": [{\"name\": \"" + field
                + "\", \"type\": \"text\", \"unique\": true}]}");

        CoreContext.publishApp(app, document);
        CoreContext.publishApp(twin, document);
        records.create(ADMIN, app, object, json("{\"" + field + "\": \"same\"}"));
        records.create(ADMIN, twin, object, json("{\"" + field + "\": \"same\"}"));

        assertThatThrownBy(() -> records.create(ADMIN, app, object, json("{\"" + field + "\": \"same\"}")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/" + field));
        List<String> schemas = CoreContext.dsl().select(field(name("schema_name"), String.class))
                .from(table(name("information_schema", "schemata")))
                .where(field(name("schema_name"), String.class).startsWith("app_meta_lll")).fetch(0, String.class);
        assertThat(schemas).hasSize(2).allSatisfy(s -> assertThat(s).hasSizeLessThanOrEqualTo(63));
    }

    // --- helpers ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ThrowingCall {
        void run();
    }

    private static void assertForbidden(ThrowingCall call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ForbiddenException.class,
                e -> assertThat(e.code()).isEqualTo("metadata-edit-forbidden"));
    }

    private static void saveApp(String app) {
        metadata.saveDraft(ADMIN, app, "app", app, json("{\"name\": \"" + app + "\"}"), null);
    }

    private static JsonNode fixture(String name) {
        return CoreContext.resource(MetadataServiceIT.class, name + ".json");
    }

    /** An object with text fields of the given names. */
    private static ObjectNode object(String name, String... textFields) {
        ObjectNode document = (ObjectNode) json("{\"name\": \"" + name + "\", \"fields\": []}");
        for (String field : textFields) {
            fields(document).addObject().put("name", field).put("type", "text");
        }
        return document;
    }

    private static void replaceField(ObjectNode document, JsonNode field) {
        ArrayNode fields = fields(document);
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").equals(field.get("name"))) {
                fields.set(i, field);
            }
        }
    }

    private static ArrayNode fields(JsonNode document) {
        return (ArrayNode) document.get("fields");
    }

    private static JsonNode edit(ObjectNode document, Consumer<ObjectNode> change) {
        ObjectNode copy = document.deepCopy();
        change.accept(copy);
        return copy;
    }
}
