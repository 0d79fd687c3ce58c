package dev.trellis.core.testing;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The access-matrix fixture ({@code access-fixture.json}): two partners, head-office roles in a
 * hierarchy, departments, users of every kind, records across five related objects, manual shares,
 * and what each user must be able to do with each record. The engine test checks it through the record
 * service, the runtime test through the REST API.
 */
public final class AccessFixture {

    /** Every user, by the fixture's short name, plus "admin". */
    public final Map<String, Actor> actors = new LinkedHashMap<>();
    /** Each user's username in the database (prefixed by the app, so fixtures of several apps can coexist). */
    public final Map<String, String> usernames = new LinkedHashMap<>();
    /** Record key → (object, id). */
    public final Map<String, RecordRef> records = new LinkedHashMap<>();
    public final String app;
    public final JsonNode document;

    public record RecordRef(String object, long id) {
    }

    /** What one user may do with one object. {@code read}/{@code edit} are record keys; null edit: no edit permission. */
    public record Expectation(Set<String> read, Set<String> edit, boolean create, boolean delete, Set<String> hidden) {
    }

    public static final String PASSWORD = "matrix-password-1";

    private AccessFixture(String app, JsonNode document) {
        this.app = app;
        this.document = document;
    }

    public static JsonNode document() {
        try (InputStream in = AccessFixture.class.getResourceAsStream("access-fixture.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes the app, creates departments and users, records and shares, as {@code admin}. */
    public static AccessFixture install(String app, Actor admin, MetadataService metadata, RecordService records,
            UserService users, DSLContext dsl) {
        AccessFixture f = new AccessFixture(app, document());
        JsonNode doc = f.document;
        metadata.saveDraft(admin, app, "app", app, Json.parse("{\"name\": \"" + app + "\"}"), null);
        doc.get("objects").forEach(o -> metadata.saveDraft(admin, app, "object", o.get("name").stringValue(), o, null));
        doc.get("permissionSets").forEach(p ->
                metadata.saveDraft(admin, app, "permission_set", p.get("name").stringValue(), p, null));
        doc.get("roles").forEach(r -> metadata.saveDraft(admin, app, "role", r.get("name").stringValue(), r, null));
        metadata.publish(admin, app, false, "access fixture");

        f.actors.put("admin", admin);
        for (JsonNode u : doc.get("users")) {
            String name = u.get("name").stringValue();
            Set<String> roles = new HashSet<>();
            u.get("roles").forEach(r -> roles.add(r.stringValue()));
            String username = app + "." + name;
            f.usernames.put(name, username);
            users.create(admin, new NewUser(username, PASSWORD, name, roles));
        }
        Map<String, Long> departments = new LinkedHashMap<>();
        for (JsonNode d : doc.get("departments")) {
            departments.put(d.get("code").stringValue(), department(dsl, d, departments, f));
        }
        for (JsonNode r : doc.get("records")) {
            String object = r.get("object").stringValue();
            ObjectNode values = ((ObjectNode) r.get("values")).deepCopy();
            for (String field : List.copyOf(values.propertyNames())) {
                JsonNode v = values.get(field);
                if (v.isString() && v.stringValue().startsWith("@")) {
                    values.put(field, f.records.get(v.stringValue().substring(1)).id());
                }
            }
            if (r.has("owner")) {
                values.put("owner_id", userId(dsl, f.usernames.get(r.get("owner").stringValue())));
            }
            long id = (Long) records.create(admin, app, object, values).get("id");
            f.records.put(r.get("key").stringValue(), new RecordRef(object, id));
        }
        for (JsonNode u : doc.get("users")) {
            long id = userId(dsl, f.usernames.get(u.get("name").stringValue()));
            Long department = u.has("department") ? departments.get(u.get("department").stringValue()) : null;
            Long partner = u.has("partner") ? f.records.get(u.get("partner").stringValue()).id() : null;
            dsl.update(table(name("trellis_sys", "app_user")))
                    .set(field(name("department_id"), SQLDataType.BIGINT), department)
                    .set(field(name("partner_app"), SQLDataType.CLOB), partner == null ? null : app)
                    .set(field(name("partner_id"), SQLDataType.BIGINT), partner)
                    .where(field(name("id"), SQLDataType.BIGINT).eq(id)).execute();
        }
        for (JsonNode d : doc.get("departments")) {
            if (d.has("manager")) {
                dsl.update(table(name("trellis_sys", "department")))
                        .set(field(name("manager_id"), SQLDataType.BIGINT),
                                userId(dsl, f.usernames.get(d.get("manager").stringValue())))
                        .where(field(name("code")).eq(d.get("code").stringValue())).execute();
            }
        }
        for (JsonNode s : doc.get("shares")) {
            RecordRef record = f.records.get(s.get("record").stringValue());
            records.share(admin, app, record.object(), record.id(),
                    userId(dsl, f.usernames.get(s.get("user").stringValue())), s.get("access").stringValue());
        }
        for (String name : f.usernames.keySet()) {
            f.actors.put(name, users.findByUsername(f.usernames.get(name)).orElseThrow().actor());
        }
        return f;
    }

    private static long department(DSLContext dsl, JsonNode d, Map<String, Long> made, AccessFixture f) {
        var table = table(name("trellis_sys", "department"));
        var id = field(name("id"), SQLDataType.BIGINT);
        var code = field(name("code"), SQLDataType.CLOB);
        Long existing = dsl.select(id).from(table).where(code.eq(d.get("code").stringValue())).fetchOne(id);
        if (existing != null) {
            return existing;
        }
        String parentPath = d.has("parent") ? dsl.select(field(name("path"), SQLDataType.CLOB)).from(table)
                .where(id.eq(made.get(d.get("parent").stringValue()))).fetchSingle().value1() : "/";
        long newId = dsl.insertInto(table, code, field(name("name"), SQLDataType.CLOB),
                        field(name("parent_id"), SQLDataType.BIGINT), field(name("path"), SQLDataType.CLOB))
                .values(d.get("code").stringValue(), d.get("name").stringValue(),
                        d.has("parent") ? made.get(d.get("parent").stringValue()) : null, "?")
                .returningResult(id).fetchSingle().value1();
        dsl.update(table).set(field(name("path"), SQLDataType.CLOB), parentPath + newId + "/").where(id.eq(newId))
                .execute();
        return newId;
    }

    public static long userId(DSLContext dsl, String username) {
        return dsl.select(field(name("id"), SQLDataType.BIGINT)).from(table(name("trellis_sys", "app_user")))
                .where(field(name("username")).eq(username)).fetchSingle().value1();
    }

    public List<String> objects() {
        List<String> objects = new ArrayList<>();
        document.get("objects").forEach(o -> objects.add(o.get("name").stringValue()));
        return objects;
    }

    /** The fields of an object, as the fixture defines them. */
    public Set<String> fieldsOf(String object) {
        Set<String> fields = new TreeSet<>();
        for (JsonNode o : document.get("objects")) {
            if (o.get("name").stringValue().equals(object)) {
                o.get("fields").forEach(f -> fields.add(f.get("name").stringValue()));
            }
        }
        return fields;
    }

    /** The fields a record read by a user must carry: the system fields and the object's fields not hidden from them. */
    public Set<String> visibleFields(String object, Expectation expected) {
        Set<String> visible = new TreeSet<>(dev.trellis.core.storage.ObjectTable.SYSTEM_COLUMNS);
        visible.addAll(fieldsOf(object));
        visible.removeAll(expected.hidden());
        return visible;
    }

    /** A new record the user may create where they may create at all: on their own partner's path. */
    public String newRecord(String user, String object) {
        String partner = user.equals("p_b") ? "B" : "A";
        String order = user.equals("p_b") ? "o4" : user.equals("rep_west") ? "o2" : "o1";
        return switch (object) {
            case "partner" -> "{\"name\": \"New " + user + "\", \"code\": \"N" + System.nanoTime() + "\"}";
            case "product" -> "{\"name\": \"New\", \"code\": \"N" + System.nanoTime() + "\"}";
            case "price_list" -> "{\"name\": \"New\", \"tier\": \"gold\"}";
            case "sales_order" -> "{\"partner\": " + records.get(partner).id() + ", \"amount\": 10}";
            case "order_line" -> "{\"sales_order\": " + records.get(order).id() + ", \"product\": "
                    + records.get("P1").id() + ", \"quantity\": 1}";
            default -> throw new IllegalArgumentException(object);
        };
    }

    /** The keys of the fixture's records of an object. */
    public Set<String> keysOf(String object) {
        Set<String> keys = new TreeSet<>();
        records.forEach((key, ref) -> {
            if (ref.object().equals(object)) {
                keys.add(key);
            }
        });
        return keys;
    }

    public String keyOf(String object, long id) {
        return records.entrySet().stream().filter(e -> e.getValue().equals(new RecordRef(object, id)))
                .map(Map.Entry::getKey).findFirst().orElse("?" + id);
    }

    public Expectation expect(String user, String object) {
        JsonNode e = document.get("expect").get(object);
        Set<String> read = keys(e.get("read").get(user), object);
        Set<String> edit = e.get("edit").has(user) ? keys(e.get("edit").get(user), object) : null;
        Set<String> hidden = new TreeSet<>();
        JsonNode h = e.get("hidden").get(user);
        if (h != null) {
            h.forEach(x -> hidden.add(x.stringValue()));
        }
        return new Expectation(read, edit, contains(e.get("create"), user), contains(e.get("delete"), user), hidden);
    }

    /** Null when the user may not read the object at all. */
    private Set<String> keys(JsonNode node, String object) {
        if (node == null) {
            return null;
        }
        if (node.isString() && node.stringValue().equals("*")) {
            return keysOf(object);
        }
        Set<String> keys = new TreeSet<>();
        node.forEach(k -> keys.add(k.stringValue()));
        return keys;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.stringValue().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
