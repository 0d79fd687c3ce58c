package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.rule.rebate.LedgerLine;
import dev.trellis.rule.rebate.LedgerQuery;
import dev.trellis.rule.rebate.LedgerStatus;
import dev.trellis.rule.rebate.RebateService;
import dev.trellis.rule.rebate.RecomputeResult;
import dev.trellis.rule.rebate.Simulation;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The rebate ledger over HTTP: what partners check in real time and channel managers approve and pay, plus
 * recomputes and simulations. Who may do what is the rebate service's to decide (managers everything, a
 * partner user their own account's lines, others the bonuses paid to them).
 */
@RestController
class RebateController {

    private final RebateService rebates;

    RebateController(RebateService rebates) {
        this.rebates = rebates;
    }

    /** Query parameters all optional: {@code policy}, {@code partner} (id), {@code period} (any day of it), {@code status}, {@code limit}. */
    @GetMapping("/api/v1/apps/{app}/rebates/ledger")
    List<LedgerLine> ledger(Actor actor, @PathVariable String app, @RequestParam(required = false) String policy,
            @RequestParam(required = false) String partner, @RequestParam(required = false) String period,
            @RequestParam(required = false) String status, @RequestParam(required = false) String limit) {
        List<Problem> problems = new ArrayList<>();
        Long partnerId = partner == null ? null : number(partner, "/partner", problems);
        LocalDate day = period == null ? null : day(period, "/period", problems);
        LedgerStatus wanted = status == null ? null : status(status, problems);
        Long max = limit == null ? (long) LedgerQuery.MAX_LIMIT : number(limit, "/limit", problems);
        if (max != null && (max < 1 || max > LedgerQuery.MAX_LIMIT)) {
            problems.add(Problem.of("limit-out-of-range", "/limit", "limit must be 1 to " + LedgerQuery.MAX_LIMIT));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return rebates.ledger(actor, app, new LedgerQuery(policy, partnerId, day, wanted, max.intValue()));
    }

    @GetMapping("/api/v1/apps/{app}/rebates/ledger/{id}")
    LedgerLine line(Actor actor, @PathVariable String app, @PathVariable long id) {
        return rebates.line(actor, app, id);
    }

    /** The ids of the records a line was computed from, as they are now: the line explains itself. */
    @GetMapping("/api/v1/apps/{app}/rebates/ledger/{id}/sources")
    List<Long> sources(Actor actor, @PathVariable String app, @PathVariable long id,
            @RequestParam(defaultValue = "1000") int limit) {
        return rebates.sourceRecords(actor, app, id, Math.clamp(limit, 1, LedgerQuery.MAX_LIMIT));
    }

    @PostMapping("/api/v1/apps/{app}/rebates/ledger/{id}/approve")
    LedgerLine approve(Actor actor, @PathVariable String app, @PathVariable long id) {
        return rebates.approve(actor, app, id);
    }

    @PostMapping("/api/v1/apps/{app}/rebates/ledger/{id}/pay")
    LedgerLine pay(Actor actor, @PathVariable String app, @PathVariable long id) {
        return rebates.pay(actor, app, id);
    }

    /** {@code {"day": "2026-03-31"}}: recomputes the policy's period holding that day, with the version then in force. */
    @PostMapping("/api/v1/apps/{app}/rebates/policies/{policy}/recompute")
    RecomputeResult recompute(Actor actor, @PathVariable String app, @PathVariable String policy,
            @RequestBody JsonNode body) {
        return rebates.recompute(actor, app, policy, requiredDay(body));
    }

    /**
     * What a policy would cost, written nowhere: {@code {"day", "policy": {…document…}, "compareWith"}} runs a
     * document; {@code {"day", "draft": "name"}} runs the latest saved version of a policy.
     */
    @PostMapping("/api/v1/apps/{app}/rebates/simulate")
    Simulation simulate(Actor actor, @PathVariable String app, @RequestBody JsonNode body) {
        LocalDate day = requiredDay(body);
        if (body.path("policy").isObject()) {
            String compareWith = body.path("compareWith").isString() ? body.get("compareWith").stringValue() : null;
            return rebates.simulate(actor, app, body.get("policy"), day, compareWith);
        }
        if (body.path("draft").isString()) {
            return rebates.simulateDraft(actor, app, body.get("draft").stringValue(), day);
        }
        throw InvalidException.of("policy-required", "/policy", "send a policy document, or the name of a saved one as draft");
    }

    private static LocalDate requiredDay(JsonNode body) {
        if (!body.path("day").isString()) {
            throw InvalidException.of("day-required", "/day", "send the day whose period to compute, e.g. \"2026-03-31\"");
        }
        List<Problem> problems = new ArrayList<>();
        LocalDate day = day(body.get("day").stringValue(), "/day", problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return day;
    }

    private static LocalDate day(String text, String path, List<Problem> problems) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(Problem.of("date-invalid", path, "'" + text + "' is not a date (yyyy-mm-dd)"));
            return null;
        }
    }

    private static Long number(String text, String path, List<Problem> problems) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            problems.add(Problem.of("number-invalid", path, "'" + text + "' is not a whole number"));
            return null;
        }
    }

    private static LedgerStatus status(String text, List<Problem> problems) {
        try {
            return LedgerStatus.fromJson(text);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of("status-unknown", "/status", "'" + text + "' is not a ledger status; one of "
                    + java.util.Arrays.stream(LedgerStatus.values()).map(LedgerStatus::jsonName).toList()
                    .toString().toLowerCase(Locale.ROOT)));
            return null;
        }
    }
}
