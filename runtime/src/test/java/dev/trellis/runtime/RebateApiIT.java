package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserService;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The rebate ledger over HTTP: a partner's quarter accrues as orders are written, the line explains itself
 * and lists its sources, a manager approves and pays it, and a simulation prices a changed policy.
 */
class RebateApiIT extends ApiTest {

    private static final String APP = "/api/v1/apps/rebate_api";
    private static boolean published;

    @Autowired
    UserService users;

    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        call("PUT", APP + "/metadata/app/rebate_api", "{\"name\": \"rebate_api\"}");
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text"}]}""");
        call("PUT", APP + "/metadata/object/sales_order", """
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "order_date", "type": "date"}, {"name": "amount", "type": "currency"}]}""");
        Response policy = call("PUT", APP + "/metadata/rebate_policy/volume", """
                {"name": "volume", "source": "sales_order", "date": "order_date", "partner": "partner",
                 "period": "quarter", "metric": {"aggregate": "sum", "field": "amount"},
                 "tiers": [{"from": 500000, "rate": 3}, {"from": 1000000, "rate": 5}], "validFrom": "2025-01-01"}""");
        assertThat(policy.status()).isEqualTo(201);
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
        users.create(users.findByUsername("admin").orElseThrow().actor(),
                new NewUser("rebate_api_rep", "correct horse battery", "Rep", Set.of("user")));
        published = true;
    }

    @Test
    void aQuarterAccruesAsOrdersAreWrittenAndAManagerApprovesAndPaysIt() {
        long partner = call("POST", APP + "/records/partner", "{\"name\": \"Acme\"}").json().get("id").longValue();
        long first = order(partner, "2026-02-10", "400000");
        long second = order(partner, "2026-03-05", "200000");

        JsonNode ledger = call("GET", APP + "/rebates/ledger?policy=volume&partner=" + partner + "&period=2026-01-01", null)
                .json();
        assertThat(ledger).hasSize(1);
        JsonNode line = ledger.get(0);
        assertThat(line.get("amount").decimalValue()).isEqualByComparingTo("18000");
        assertThat(line.get("tier").intValue()).isEqualTo(1);
        assertThat(line.get("status").stringValue()).isEqualTo("accrued");
        assertThat(line.get("explanation").toString()).contains("volume");
        long id = line.get("id").longValue();
        assertThat(call("GET", APP + "/rebates/ledger/" + id + "/sources", null).json().valueStream()
                .map(JsonNode::longValue)).containsExactlyInAnyOrder(first, second);

        // a regular user may not approve; a manager (the administrator here) approves, then pays, once
        Response refused = call("rebate_api_rep", "correct horse battery", "POST", APP + "/rebates/ledger/" + id + "/approve", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(call("POST", APP + "/rebates/ledger/" + id + "/approve", null).json().get("status").stringValue())
                .isEqualTo("approved");
        assertThat(call("POST", APP + "/rebates/ledger/" + id + "/pay", null).json().get("status").stringValue())
                .isEqualTo("paid");
        Response again = call("POST", APP + "/rebates/ledger/" + id + "/pay", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").stringValue()).isEqualTo("rebate-line-status-conflict");

        // a recompute leaves a paid line alone
        Response recompute = call("POST", APP + "/rebates/policies/volume/recompute", "{\"day\": \"2026-03-31\"}");
        assertThat(recompute.status()).isEqualTo(200);
        assertThat(call("GET", APP + "/rebates/ledger/" + id, null).json().get("status").stringValue()).isEqualTo("paid");

        // what a richer policy would have cost that quarter, written nowhere
        Response simulation = call("POST", APP + "/rebates/simulate", """
                {"day": "2026-03-31", "compareWith": "volume", "policy": {"name": "volume_plus", "source": "sales_order",
                  "date": "order_date", "partner": "partner", "period": "quarter",
                  "metric": {"aggregate": "sum", "field": "amount"}, "tiers": [{"from": 500000, "rate": 4}],
                  "validFrom": "2025-01-01"}}""");
        assertThat(simulation.status()).isEqualTo(200);
        JsonNode mine = simulation.json().get("partners").valueStream()
                .filter(p -> p.get("partnerId").longValue() == partner).findFirst().orElseThrow();
        assertThat(mine.get("simulated").decimalValue()).isEqualByComparingTo("24000");
        assertThat(mine.get("accrued").decimalValue()).isEqualByComparingTo("18000");
        assertThat(call("GET", APP + "/rebates/ledger?policy=volume_plus", null).json()).isEmpty();
    }

    @Test
    void badParametersAreNamed() {
        Response bad = call("GET", APP + "/rebates/ledger?status=pending&period=last-week&limit=0", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("problems").valueStream().map(p -> p.get("path").stringValue()))
                .containsExactlyInAnyOrder("/status", "/period", "/limit");
        Response noDay = call("POST", APP + "/rebates/policies/volume/recompute", "{}");
        assertThat(noDay.status()).isEqualTo(400);
        assertThat(noDay.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/day");
        assertThat(call("POST", APP + "/rebates/policies/nothing/recompute", "{\"day\": \"2026-03-31\"}").status())
                .isEqualTo(404);
        Response broken = call("POST", APP + "/rebates/simulate", """
                {"day": "2026-03-31", "policy": {"name": "broken", "source": "sales_order", "date": "order_date",
                  "partner": "partner", "period": "quarter", "metric": {"aggregate": "sum", "field": "colour"},
                  "tiers": [{"from": 0, "rate": 1}], "validFrom": "2025-01-01"}}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/metric/field");
    }

    private long order(long partner, String date, String amount) {
        Response created = call("POST", APP + "/records/sales_order", "{\"partner\": " + partner + ", \"order_date\": \""
                + date + "\", \"amount\": " + amount + "}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").longValue();
    }
}
