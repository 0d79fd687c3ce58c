package dev.trellis.rule.rebate;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;

import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A channel app for the rebate tests: partners with a tier, customers, sales orders (partner, customer, date,
 * owner) and their order lines (product line, quantity, amount), payments (partner, time, amount), and a
 * quarterly line-A policy to start from.
 */
final class RebateFixture {

    final String app;
    final MetadataService metadata;
    final RecordService records;
    final RebateService rebates;

    private RebateFixture(String app) {
        CoreContext.extend(RuleEngineConfiguration.class);
        this.app = app;
        this.metadata = CoreContext.metadata();
        this.records = CoreContext.records();
        this.rebates = CoreContext.get().getBean(RebateService.class);
    }

    static RebateFixture publish(String app) {
        RebateFixture f = new RebateFixture(app);
        CoreContext.publishApp(app,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}]},
                          {"name": "region", "type": "text"}]}"""),
                json("""
                        {"name": "customer", "fields": [{"name": "name", "type": "text"},
                          {"name": "is_new", "type": "boolean"}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "customer", "type": "lookup", "target": "customer"},
                          {"name": "order_date", "type": "date"}]}"""),
                json("""
                        {"name": "order_line", "fields": [
                          {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                          {"name": "product_line", "type": "picklist", "values": [{"value": "A"}, {"value": "B"}]},
                          {"name": "quantity", "type": "integer"},
                          {"name": "amount", "type": "currency", "precision": 14, "scale": 2}]}"""),
                json("""
                        {"name": "payment", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "paid_at", "type": "datetime"},
                          {"name": "amount", "type": "currency", "precision": 14, "scale": 2}]}"""));
        return f;
    }

    /** The quarterly line-A policy: ≥ 500,000 → 3 %, ≥ 1,000,000 → 5 % of the line amounts. */
    static ObjectNode lineA(String name) {
        return (ObjectNode) json("""
                {"name": "%s", "source": "order_line", "date": "sales_order.order_date",
                 "partner": "sales_order.partner", "scope": {"field": "product_line", "op": "eq", "value": "A"},
                 "period": "quarter", "metric": {"aggregate": "sum", "field": "amount"},
                 "tiers": [{"from": 500000, "rate": 3}, {"from": 1000000, "rate": 5}],
                 "validFrom": "2025-01-01"}""".formatted(name));
    }

    void publishPolicy(JsonNode policy) {
        metadata.saveDraft(ADMIN, app, "rebate_policy", policy.get("name").stringValue(), policy, null);
        metadata.publish(ADMIN, app, false, "policy " + policy.get("name").stringValue());
    }

    long partner(String name, String tier) {
        return id(records.create(ADMIN, app, "partner", json("{\"name\": \"" + name + "\", \"tier\": \"" + tier + "\"}")));
    }

    long customer(String name, boolean isNew) {
        return id(records.create(ADMIN, app, "customer", json("{\"name\": \"" + name + "\", \"is_new\": " + isNew + "}")));
    }

    long order(long partner, String date) {
        return order(partner, null, date, null);
    }

    long order(long partner, Long customer, String date, Long owner) {
        ObjectNode order = Json.object();
        order.put("partner", partner);
        order.put("order_date", date);
        if (customer != null) {
            order.put("customer", customer);
        }
        if (owner != null) {
            order.put("owner_id", owner);
        }
        return id(records.create(ADMIN, app, "sales_order", order));
    }

    long line(long order, String productLine, String amount) {
        return id(records.create(ADMIN, app, "order_line", json("{\"sales_order\": " + order + ", \"product_line\": \""
                + productLine + "\", \"quantity\": 1, \"amount\": " + amount + "}")));
    }

    void update(String object, long id, String values) {
        Map<String, Object> current = records.get(ADMIN, app, object, id, Set.of());
        records.update(ADMIN, app, object, id, (Integer) current.get("version"), json(values));
    }

    void delete(String object, long id) {
        records.delete(ADMIN, app, object, id, null);
    }

    /** Every ledger line of a policy, oldest first. */
    List<LedgerLine> ledger(String policy) {
        return rebates.ledger(ADMIN, app, LedgerQuery.all().withPolicy(policy));
    }

    /** The open lines of a policy as comparable text: component, partner, payee, period, amount, metric, tier. */
    List<String> openLines(String policy) {
        return ledger(policy).stream().filter(l -> l.status() == LedgerStatus.ACCRUED)
                .sorted(Comparator.comparing((LedgerLine l) -> l.period().start()).thenComparing(LedgerLine::component)
                        .thenComparingLong(LedgerLine::partnerId).thenComparingLong(LedgerLine::payeeId))
                .map(l -> l.component() + " " + l.partnerId() + "/" + l.payeeId() + " " + l.period() + " " + l.kind()
                        + " " + l.amount().toPlainString() + " of " + l.metric().stripTrailingZeros().toPlainString()
                        + " tier " + l.tier() + " v" + l.policyVersion())
                .toList();
    }

    LedgerLine line(String policy, long partner, String period) {
        return ledger(policy).stream().filter(l -> l.partnerId() == partner && l.period().toString().equals(period)
                && l.component().equals(LedgerLine.REBATE) && l.status() == LedgerStatus.ACCRUED).findFirst()
                .orElseThrow(() -> new AssertionError("no open line of " + policy + " for partner " + partner + " in "
                        + period + "; the ledger holds " + openLines(policy)));
    }

    static long id(Map<String, Object> record) {
        return (Long) record.get("id");
    }

    static BigDecimal money(String value) {
        return new BigDecimal(value);
    }
}
