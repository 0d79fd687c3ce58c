package dev.trellis.data.internal;

import static org.jooq.impl.DSL.inline;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.data.DuplicateCandidate;
import dev.trellis.data.DuplicateRules;
import dev.trellis.data.DuplicateService;
import dev.trellis.data.MergeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Duplicate search in SQL over the object's table (equal normalised keys, names and phones by self-join;
 * similar names by pg_trgm's {@code similarity} when the extension is there), then only pairs of records the
 * actor can read, as the record service returns them. Merges go through the record service entirely.
 */
public final class DefaultDuplicateService implements DuplicateService {

    /** Company suffixes that say nothing about which company it is. */
    private static final String SUFFIXES = "(股份有限公司|有限责任公司|有限公司|集团|公司|\\mco\\M\\.?|\\mltd\\M\\.?|\\mlimited\\M"
            + "|\\minc\\M\\.?|\\mcorp\\M\\.?|\\mllc\\M)";
    private static final int MAX_PAIRS_PER_RULE = 5_000;

    private final MetadataService metadata;
    private final RecordService records;
    private final DSLContext dsl;
    private final TransactionTemplate tx;
    private final OperationLog log;

    public DefaultDuplicateService(MetadataService metadata, RecordService records, DSLContext dsl, TransactionTemplate tx,
            OperationLog log) {
        this.metadata = metadata;
        this.records = records;
        this.dsl = dsl;
        this.tx = tx;
        this.log = log;
    }

    @Override
    public List<DuplicateCandidate> find(Actor actor, String app, String object, DuplicateRules rules) {
        ObjectDefinition definition = metadata.published(app).getObject(object);
        Permissions permissions = records.permissions(actor, app, object);
        if (!permissions.read()) {
            throw new ForbiddenException("object-read-forbidden", "you may not read " + object + " records");
        }
        String name = rules.name() != null ? rules.name() : definition.nameField();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < rules.keys().size(); i++) {
            checkField(definition, permissions, rules.keys().get(i), "/keys/" + i, problems);
        }
        checkField(definition, permissions, name, "/name", problems);
        checkField(definition, permissions, rules.phone(), "/phone", problems);
        if (rules.effectiveSimilarity() < 0 || rules.effectiveSimilarity() > 1) {
            problems.add(Problem.of("similarity-invalid", "/similarity", "similarity lies between 0 and 1"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        ObjectTable t = new ObjectTable(app, definition);
        Map<List<Long>, Pair> pairs = new LinkedHashMap<>();
        for (String key : rules.keys()) {
            Field<String> norm = DSL.upper(DSL.regexpReplaceAll(text(t, key), "[\\s._/-]+", ""));
            equalPairs(t, norm, null, "same " + key, 1.0, pairs);
        }
        if (name != null && rules.phone() != null) {
            Field<String> phone = DSL.regexpReplaceAll(text(t, rules.phone()), "\\D", "");
            equalPairs(t, normalisedName(t, name), phone, "same " + name + " and " + rules.phone(), 0.95, pairs);
        }
        String trigrams = trigramSchema();
        if (name != null && rules.effectiveSimilarity() > 0 && trigrams != null) {
            similarPairs(t, name, rules.effectiveSimilarity(), trigrams, pairs);
        }
        return readable(actor, app, object, pairs, rules.effectiveLimit());
    }

    private static void checkField(ObjectDefinition definition, Permissions permissions, String field, String path,
            List<Problem> problems) {
        if (field == null) {
            return;
        }
        if (definition.findField(field).isEmpty()) {
            problems.add(Problem.of("field-unknown", path, "object " + definition.name() + " has no field '" + field + "'"));
        } else if (!permissions.canSee(field)) {
            problems.add(Problem.of("field-forbidden", path, "you may not see field " + field));
        }
    }

    private static Field<String> text(ObjectTable t, String field) {
        return DSL.coalesce(t.getColumn(field).field().cast(String.class), inline(""));
    }

    private static Field<String> normalisedName(ObjectTable t, String name) {
        Field<String> lower = DSL.lower(text(t, name));
        return DSL.regexpReplaceAll(DSL.regexpReplaceAll(lower, SUFFIXES, ""), "[[:space:][:punct:]（）【】，。、·]+", "");
    }

    /** Pairs whose normalised values are equal (and not empty) on one or two expressions, by a self-join. */
    private void equalPairs(ObjectTable t, Field<String> first, Field<String> second, String reason, double score,
            Map<List<Long>, Pair> pairs) {
        Table<?> a = DSL.select(t.id.as("id"), first.as("k1"), (second == null ? inline("") : second).as("k2"))
                .from(t.table()).asTable("a");
        Table<?> b = a.as("b");
        Field<Long> aId = a.field("id", Long.class);
        Field<Long> bId = b.field("id", Long.class);
        dsl.select(aId, bId, inline(score)).from(a).join(b)
                .on(aId.lt(bId), a.field("k1", String.class).eq(b.field("k1", String.class)),
                        a.field("k2", String.class).eq(b.field("k2", String.class)))
                .where(a.field("k1", String.class).ne(""), second == null ? DSL.noCondition()
                        : a.field("k2", String.class).ne(""))
                .limit(MAX_PAIRS_PER_RULE)
                .fetch().forEach(r -> add(pairs, r, reason));
    }

    private void similarPairs(ObjectTable t, String name, double threshold, String schema, Map<List<Long>, Pair> pairs) {
        Table<?> a = DSL.select(t.id.as("id"), normalisedName(t, name).as("n")).from(t.table()).asTable("a");
        Table<?> b = a.as("b");
        Field<Long> aId = a.field("id", Long.class);
        Field<Long> bId = b.field("id", Long.class);
        Field<Double> similarity = DSL.function(DSL.name(schema, "similarity"), Double.class, a.field("n"), b.field("n"));
        dsl.select(aId, bId, similarity).from(a).join(b).on(aId.lt(bId))
                .where(a.field("n", String.class).ne(""), similarity.ge(threshold))
                .orderBy(similarity.desc()).limit(MAX_PAIRS_PER_RULE)
                .fetch().forEach(r -> add(pairs, r, r.value3() >= 0.999 ? "same " + name
                        : String.format(java.util.Locale.ROOT, "similar %s (%.2f)", name, r.value3())));
    }

    /** The schema pg_trgm was created in (the migration's search path decided it), or null without it. */
    private String trigramSchema() {
        return dsl.fetchOptional("select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace"
                + " where e.extname = 'pg_trgm'").map(r -> r.get(0, String.class)).orElse(null);
    }

    /** A candidate pair while it is being found. */
    private static final class Pair {
        final long first;
        final long second;
        final List<String> reasons = new ArrayList<>();
        double score;

        Pair(long first, long second) {
            this.first = first;
            this.second = second;
        }
    }

    private static void add(Map<List<Long>, Pair> pairs, Record3<Long, Long, Double> r, String reason) {
        Pair pair = pairs.computeIfAbsent(List.of(r.value1(), r.value2()), k -> new Pair(r.value1(), r.value2()));
        if (!pair.reasons.contains(reason)) {
            pair.reasons.add(reason);
        }
        pair.score = Math.max(pair.score, r.value3());
    }

    /** The pairs of which the actor can read both records, as the record service shows them, best first. */
    private List<DuplicateCandidate> readable(Actor actor, String app, String object, Map<List<Long>, Pair> pairs,
            int limit) {
        List<Pair> best = pairs.values().stream()
                .sorted(Comparator.comparingDouble((Pair p) -> -p.score).thenComparingLong(p -> p.first)).toList();
        Set<Long> ids = new LinkedHashSet<>();
        best.stream().limit(limit * 4L).forEach(p -> {
            ids.add(p.first);
            ids.add(p.second);
        });
        Map<Long, Map<String, Object>> seen = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += RecordQuery.MAX_LIMIT) {
            ArrayNode chunk = CellConverter.NODES.arrayNode();
            all.subList(from, Math.min(all.size(), from + RecordQuery.MAX_LIMIT)).forEach(chunk::add);
            RecordPage page = records.query(actor, app, object, new RecordQuery(new Filter.Condition("id",
                    Filter.Operator.IN, chunk, "/filter"), List.of(), RecordQuery.MAX_LIMIT, null, false, Set.of()));
            page.records().forEach(r -> seen.put((Long) r.get("id"), r));
        }
        List<DuplicateCandidate> candidates = new ArrayList<>();
        for (Pair p : best) {
            if (candidates.size() == limit) {
                break;
            }
            if (seen.containsKey(p.first) && seen.containsKey(p.second)) {
                candidates.add(new DuplicateCandidate(seen.get(p.first), seen.get(p.second), List.copyOf(p.reasons), p.score));
            }
        }
        return candidates;
    }

    @Override
    public MergeResult merge(Actor actor, String app, String object, long survivor, long duplicate, boolean fillBlanks) {
        PublishedApp published = metadata.published(app);
        ObjectDefinition definition = published.getObject(object);
        Permissions permissions = records.permissions(actor, app, object);
        if (!permissions.edit() || !permissions.delete()) {
            throw new ForbiddenException("merge-forbidden", "merging " + object + " records needs edit and delete"
                    + " permission");
        }
        if (survivor == duplicate) {
            throw InvalidException.of("merge-same-record", "/duplicate", "a record cannot be merged into itself");
        }
        return tx.execute(status -> {
            Map<String, Object> kept = records.get(actor, app, object, survivor, Set.of());
            Map<String, Object> gone = records.get(actor, app, object, duplicate, Set.of());
            Map<String, Integer> repointed = new LinkedHashMap<>();
            for (ObjectDefinition other : published.objects().values()) {
                for (FieldDefinition f : other.fields()) {
                    if (f.type().isReference() && object.equals(f.target())) {
                        int n = repoint(actor, app, other.name(), f.name(), duplicate, survivor);
                        if (n > 0) {
                            repointed.put(other.name() + "." + f.name(), n);
                        }
                    }
                }
            }
            List<String> filled = new ArrayList<>();
            if (fillBlanks) {
                ObjectNode patch = CellConverter.NODES.objectNode();
                for (FieldDefinition f : definition.fields()) {
                    Object from = gone.get(f.name());
                    if (kept.get(f.name()) == null && from != null && !f.unique() && ImportColumns.importable(f)
                            && permissions.canSet(f.name())) {
                        patch.set(f.name(), dev.trellis.core.json.Json.MAPPER.valueToTree(from));
                        filled.add(f.name());
                    }
                }
                if (!filled.isEmpty()) {
                    // the re-pointing may have changed the survivor (a roll-up): read its version again
                    int version = (Integer) records.get(actor, app, object, survivor, Set.of()).get("version");
                    records.update(actor, app, object, survivor, version, patch);
                }
            }
            int version = (Integer) records.get(actor, app, object, duplicate, Set.of()).get("version");
            records.delete(actor, app, object, duplicate, version);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("duplicate", duplicate);
            detail.put("repointed", repointed);
            detail.put("filled", filled);
            log.record(actor, "record.merge", app + "/" + object + "/" + survivor, detail);
            return new MergeResult(survivor, duplicate, repointed, filled);
        });
    }

    /** Points every record of {@code object.field} at the survivor, through the record service; how many. */
    private int repoint(Actor actor, String app, String object, String field, long from, long to) {
        ObjectNode values = CellConverter.NODES.objectNode().put(field, to);
        RecordQuery query = new RecordQuery(new Filter.Condition(field, Filter.Operator.EQ,
                CellConverter.NODES.numberNode(from), "/filter"), List.of(), RecordQuery.MAX_LIMIT, null, false, Set.of());
        int count = 0;
        while (true) {
            RecordPage page = records.query(actor, app, object, query);
            if (page.records().isEmpty()) {
                return count;
            }
            for (Map<String, Object> r : page.records()) {
                records.update(actor, app, object, (Long) r.get("id"), (Integer) r.get("version"), values);
                count++;
            }
        }
    }
}
