package dev.trellis.report.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.record.Filter;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.report.ReportDefinition;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Runtime parameters of a report: checked against their declared types, defaults filled in, relative
 * periods resolved to {@code ["from", "to"]} for a {@code between} condition, then written into the
 * definition's filters where they say {@code {"$param": "name"}}.
 */
final class Parameters {

    static final String PARAM = "$param";

    /** A period of days as the instants a datetime field is compared with: from its first to its last microsecond. */
    private static JsonNode instants(JsonNode days, ZoneId zone) {
        LocalDate from = LocalDate.parse(days.get(0).asString());
        LocalDate to = LocalDate.parse(days.get(1).asString());
        return Json.MAPPER.createArrayNode().add(from.atStartOfDay(zone).toOffsetDateTime().toString())
                .add(to.plusDays(1).atStartOfDay(zone).minusNanos(1_000).toOffsetDateTime().toString());
    }

    private Parameters() {
    }

    /**
     * The values to run with, sorted by name (they are part of the cache key); problems at {@code /<name>}.
     * A parameter given as null, or absent without a default, has no value.
     */
    static Map<String, JsonNode> resolve(ReportDefinition report, Map<String, JsonNode> given, LocalDate today,
            List<Problem> problems) {
        Map<String, ReportDefinition.Parameter> declared = new LinkedHashMap<>();
        report.parameters().forEach(p -> declared.put(p.name(), p));
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                problems.add(Problem.of("report-parameter-unknown", "/" + name, "report " + report.name()
                        + " has no parameter '" + name + "'; it has " + declared.keySet()));
            }
        }
        Map<String, JsonNode> values = new TreeMap<>();
        for (ReportDefinition.Parameter p : declared.values()) {
            JsonNode value = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            if (value != null && !value.isNull()) {
                JsonNode checked = check(p, value, today, "/" + p.name(), problems);
                if (checked != null) {
                    values.put(p.name(), checked);
                }
            }
        }
        return values;
    }

    /** The value in the form filters take, or null after adding a problem. */
    static JsonNode check(ReportDefinition.Parameter p, JsonNode value, LocalDate today, String path,
            List<Problem> problems) {
        switch (p.type()) {
            case "number" -> {
                if (value.isNumber()) {
                    return value;
                }
            }
            case "boolean" -> {
                if (value.isBoolean()) {
                    return value;
                }
            }
            case "date" -> {
                if (value.isString() && date(value.stringValue()) != null) {
                    return value;
                }
            }
            case "period" -> {
                return period(value, today, path, problems);
            }
            default -> {
                if (value.isString() || value.isArray()) {
                    return value;
                }
            }
        }
        problems.add(Problem.of("report-parameter-invalid", path, "parameter " + p.name() + " takes a "
                + p.type() + ("date".equals(p.type()) ? " (yyyy-mm-dd)" : "")));
        return null;
    }

    private static JsonNode period(JsonNode value, LocalDate today, String path, List<Problem> problems) {
        LocalDate from = null;
        LocalDate to = null;
        if (value.isString()) {
            Periods.Range range = Periods.resolve(value.stringValue(), today).orElse(null);
            if (range != null) {
                from = range.from();
                to = range.to();
            }
        } else if (value.isObject() && value.has("from") && value.has("to")) {
            from = date(value.get("from").asString());
            to = date(value.get("to").asString());
        }
        if (from == null || to == null || to.isBefore(from)) {
            problems.add(Problem.of("report-parameter-invalid", path, "a period is one of " + Periods.NAMES
                    + " or {\"from\": \"yyyy-mm-dd\", \"to\": \"yyyy-mm-dd\"} with from ≤ to"));
            return null;
        }
        return Json.MAPPER.createArrayNode().add(from.toString()).add(to.toString());
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The filter with parameter references replaced by their values, each node keeping the JSON path it was
     * read from. A condition whose parameter has no value is dropped, and so is an and/or left empty; null
     * when nothing remains. An unknown parameter is a problem at its path.
     */
    static Filter bind(Filter filter, Map<String, JsonNode> values, Map<String, ReportDefinition.Parameter> declared,
            ObjectTable table, ZoneId zone, List<Problem> problems) {
        return switch (filter) {
            case null -> null;
            case Filter.And and -> {
                List<Filter> kept = and.filters().stream().map(f -> bind(f, values, declared, table, zone, problems))
                        .filter(Objects::nonNull).toList();
                yield kept.isEmpty() ? null : new Filter.And(kept, and.path());
            }
            case Filter.Or or -> {
                List<Filter> kept = or.filters().stream().map(f -> bind(f, values, declared, table, zone, problems))
                        .filter(Objects::nonNull).toList();
                yield kept.isEmpty() ? null : new Filter.Or(kept, or.path());
            }
            case Filter.Condition c -> {
                if (c.value() == null || !c.value().isObject() || !c.value().has(PARAM)) {
                    yield c;
                }
                String name = c.value().get(PARAM).asString();
                ReportDefinition.Parameter p = declared.get(name);
                if (p == null) {
                    problems.add(Problem.of("report-parameter-unknown", c.path() + "/value",
                            "the report declares no parameter '" + name + "'"));
                    yield null;
                }
                JsonNode bound = values.get(name);
                if (bound != null && "period".equals(p.type()) && table.findColumn(c.field())
                        .filter(column -> column.definition().type() == FieldType.DATETIME).isPresent()) {
                    bound = instants(bound, zone);
                }
                yield bound == null ? null : new Filter.Condition(c.field(), c.op(), bound, c.path());
            }
        };
    }
}
