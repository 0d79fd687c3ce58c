package dev.trellis.bench;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jooq.DSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What record-level access costs a keyset page: {@code rows} orders spread over 1,000 partners, read
 * 50 at a time from a cursor in the middle of the table, by partner users (each scoped to their own
 * account through the order's partner path) and by an administrator (no predicate), both through the
 * record service, interleaved op by op. A head-office rep on a private object (their own records
 * only, plus hierarchy, department and share subqueries) is measured the same way, for information.
 */
final class PermissionBench {

    static final String APP = "perm_bench";
    static final int PARTNERS = 1_000;
    private static final int PAGES = 200;

    private final MetadataService metadata;
    private final RecordService records;
    private final DSLContext dsl;
    private final Actor admin;
    private final Interleaved timer;

    PermissionBench(MetadataService metadata, RecordService records, DSLContext dsl, Actor admin, BenchSettings settings) {
        this.metadata = metadata;
        this.records = records;
        this.dsl = dsl;
        this.admin = admin;
        this.timer = new Interleaved(settings);
    }

    List<Comparison> run(int rows) {
        publish();
        List<Long> partners = records.bulkCreate(admin, APP, "partner", partnerRows()).ids();
        Random random = new Random(42);
        for (int done = 0; done < rows; done += 100_000) {
            List<JsonNode> batch = new ArrayList<>();
            for (int i = done; i < Math.min(rows, done + 100_000); i++) {
                ObjectNode order = Json.object();
                order.put("partner", partners.get(random.nextInt(partners.size())));
                order.put("amount", random.nextInt(1_000_000) / 100.0);
                order.put("status", i % 3 == 0 ? "submitted" : "draft");
                order.put("owner_id", 1_000 + random.nextInt(PARTNERS)); // 1,000 head-office owners
                batch.add(order);
            }
            records.bulkCreate(admin, APP, "sales_order", batch);
        }
        dsl.execute("analyze app_" + APP + ".sales_order");

        List<Actor> partnerUsers = new ArrayList<>();
        List<Actor> reps = new ArrayList<>();
        List<RecordQuery> partnerPages = new ArrayList<>();
        List<RecordQuery> adminPages = new ArrayList<>();
        List<RecordQuery> repPages = new ArrayList<>();
        long maxId = dsl.fetchSingle("select max(id) from app_" + APP + ".sales_order").get(0, Long.class);
        long minId = dsl.fetchSingle("select min(id) from app_" + APP + ".sales_order").get(0, Long.class);
        for (int i = 0; i < PAGES; i++) {
            long partner = partners.get(random.nextInt(partners.size()));
            Actor partnerUser = new Actor(-1 - i, "partner" + i, Set.of("partner_user"), null,
                    new Actor.PartnerAccount(APP, partner));
            Actor rep = new Actor(1_000 + random.nextInt(PARTNERS), "rep" + i, Set.of("sales_rep"));
            // the middle of the table: start from an id, then time the page after the cursor issued there
            long from = minId + (long) (random.nextDouble() * (maxId - minId) * 0.8);
            partnerUsers.add(partnerUser);
            reps.add(rep);
            partnerPages.add(nextPage(partnerUser, from));
            adminPages.add(nextPage(admin, from));
            repPages.add(nextPage(rep, from));
        }
        check(partnerUsers.getFirst(), partnerPages.getFirst());
        return List.of(
                timer.compare("50-row keyset page, partner user vs admin",
                        i -> records.query(partnerUsers.get(i % PAGES), APP, "sales_order", partnerPages.get(i % PAGES)),
                        i -> records.query(admin, APP, "sales_order", adminPages.get(i % PAGES))),
                timer.compare("50-row keyset page, private-model rep vs admin",
                        i -> records.query(reps.get(i % PAGES), APP, "sales_order", repPages.get(i % PAGES)),
                        i -> records.query(admin, APP, "sales_order", adminPages.get(i % PAGES))));
    }

    /** The query for the page after the first page from {@code from} the actor sees: a real cursor. */
    private RecordQuery nextPage(Actor actor, long from) {
        RecordPage first = records.query(actor, APP, "sales_order", RecordQuery.fromJson(Json.parse(
                "{\"filter\": {\"field\": \"id\", \"op\": \"gt\", \"value\": " + from + "}, \"limit\": 50}")));
        String cursor = first.next() != null ? first.next() : null;
        return RecordQuery.fromJson(Json.parse("{\"limit\": 50" + (cursor == null ? "" : ", \"after\": \"" + cursor + "\"")
                + "}"));
    }

    /** The partner user's page holds only their own orders: the bench measures a predicate that works. */
    private void check(Actor partnerUser, RecordQuery page) {
        List<java.util.Map<String, Object>> got = records.query(partnerUser, APP, "sales_order", page).records();
        if (got.isEmpty() || got.stream().anyMatch(r -> !r.get("partner").equals(partnerUser.partner().id()))) {
            throw new IllegalStateException("the partner user's page is empty or holds other partners' orders");
        }
    }

    private static List<JsonNode> partnerRows() {
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < PARTNERS; i++) {
            rows.add(Json.parse("{\"name\": \"Partner " + i + "\", \"code\": \"P" + i + "\", \"tier\": \""
                    + (i % 2 == 0 ? "gold" : "silver") + "\"}"));
        }
        return rows;
    }

    private void publish() {
        metadata.saveDraft(admin, APP, "app", APP, Json.parse("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(admin, APP, "object", "partner", Json.parse("""
                {"name": "partner", "fields": [{"name": "name", "type": "text"}, {"name": "code", "type": "text"},
                  {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}]}],
                 "sharing": {"partnerAccount": true, "model": "public_read"}}"""), null);
        metadata.saveDraft(admin, APP, "object", "sales_order", Json.parse("""
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "amount", "type": "decimal"},
                  {"name": "status", "type": "picklist", "values": [{"value": "draft"}, {"value": "submitted"}]},
                  {"name": "cost", "type": "decimal", "internalOnly": true}],
                 "sharing": {"model": "private", "partnerPath": "partner"}}"""), null);
        metadata.saveDraft(admin, APP, "permission_set", "orders", Json.parse("""
                {"name": "orders", "objects": {"partner": {"read": true}, "sales_order": {"read": true}}}"""), null);
        metadata.saveDraft(admin, APP, "role", "partner_user",
                Json.parse("{\"name\": \"partner_user\", \"permissionSets\": [\"orders\"]}"), null);
        metadata.saveDraft(admin, APP, "role", "sales_rep",
                Json.parse("{\"name\": \"sales_rep\", \"permissionSets\": [\"orders\"]}"), null);
        metadata.publish(admin, APP, false, "permission bench");
    }
}
