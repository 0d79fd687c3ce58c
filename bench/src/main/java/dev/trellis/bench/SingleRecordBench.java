package dev.trellis.bench;

import static dev.trellis.bench.ItemRow.APP;
import static dev.trellis.bench.ItemRow.ITEM;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Record;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Insert, read by id and a filtered keyset page, each through the record service and through
 * hand-written jOOQ on the same table with the same values. Before timing, each pair is run once and
 * its results compared, so the two sides provably do the same work.
 */
final class SingleRecordBench {

    /** Rows in the item table before timing: enough for 100 pages of one status, the same on every run. */
    static final int SEED_ROWS = 20_000;
    static final String FILTERED_STATUS = "active";

    private final RecordService records;
    private final HandWrittenItems handWritten;
    private final DSLContext dsl;
    private final Actor actor;
    private final BenchSettings settings;

    SingleRecordBench(RecordService records, HandWrittenItems handWritten, DSLContext dsl, Actor actor,
            BenchSettings settings) {
        this.records = records;
        this.handWritten = handWritten;
        this.dsl = dsl;
        this.actor = actor;
        this.settings = settings;
    }

    List<Comparison> run() {
        List<Long> ids = seed();
        Interleaved timer = new Interleaved(settings);
        // the insert goes last so that reads and pages run on the table as seeded and analysed
        return List.of(readById(timer, ids), keysetPage(timer), insert(timer));
    }

    private List<Long> seed() {
        List<JsonNode> rows = IntStream.range(0, SEED_ROWS).<JsonNode>mapToObj(n -> ItemRow.of(n).toJson()).toList();
        List<Long> ids = records.bulkCreate(actor, APP, ITEM, rows).ids();
        // fresh statistics, so both sides get the plan they would get in production from the first query
        dsl.execute("vacuum analyze \"app_" + APP + "\".\"" + ITEM + "\"");
        return ids;
    }

    private Comparison readById(Interleaved timer, List<Long> seeded) {
        Random random = new Random(42);
        long[] ids = IntStream.range(0, settings.totalOps()).mapToLong(i -> seeded.get(random.nextInt(seeded.size())))
                .toArray();
        Map<String, Object> viaService = records.get(actor, APP, ITEM, ids[0], Set.of());
        Record viaJooq = handWritten.read(ids[0]);
        if (!viaService.keySet().equals(viaJooq.intoMap().keySet()) || viaService.keySet().stream()
                .anyMatch(k -> !String.valueOf(viaService.get(k)).equals(String.valueOf(viaJooq.get(k))))) {
            throw new IllegalStateException("read by id differs: " + viaService + " vs " + viaJooq.intoMap());
        }
        return timer.compare("read by id", i -> records.get(actor, APP, ITEM, ids[i], Set.of()),
                i -> handWritten.read(ids[i]));
    }

    /**
     * Pages after the first, so both sides seek by id: the service by the cursor it issued, the
     * baseline by the last id of the page before.
     */
    private Comparison keysetPage(Interleaved timer) {
        ObjectNode first = Json.object();
        first.set("filter", Json.parse("{\"field\": \"status\", \"op\": \"eq\", \"value\": \"" + FILTERED_STATUS + "\"}"));
        first.put("limit", HandWrittenItems.PAGE_SIZE);
        List<RecordQuery> queries = new ArrayList<>();
        List<Long> afterIds = new ArrayList<>();
        RecordPage page = records.query(actor, APP, ITEM, RecordQuery.fromJson(first));
        while (page.next() != null && queries.size() < 100) {
            RecordQuery next = RecordQuery.fromJson(first.deepCopy().put("after", page.next()));
            queries.add(next);
            afterIds.add((Long) page.records().getLast().get("id"));
            page = records.query(actor, APP, ITEM, next);
        }
        if (queries.isEmpty()) {
            throw new IllegalStateException("the item table has fewer than two pages of status " + FILTERED_STATUS);
        }
        List<Object> serviceIds = records.query(actor, APP, ITEM, queries.getFirst()).records().stream()
                .map(r -> r.get("id")).toList();
        List<Long> jooqIds = handWritten.page(FILTERED_STATUS, afterIds.getFirst()).getValues("id", Long.class);
        if (!serviceIds.equals(jooqIds)) {
            throw new IllegalStateException("the pages differ: " + serviceIds + " vs " + jooqIds);
        }
        int pages = queries.size();
        return timer.compare(HandWrittenItems.PAGE_SIZE + "-row keyset page, status = '" + FILTERED_STATUS + "'",
                i -> records.query(actor, APP, ITEM, queries.get(i % pages)),
                i -> handWritten.page(FILTERED_STATUS, afterIds.get(i % pages)));
    }

    /** Every operation inserts a row of its own; both sides of a pair insert the same values. */
    private Comparison insert(Interleaved timer) {
        ItemRow[] rows = IntStream.range(0, settings.totalOps()).mapToObj(i -> ItemRow.of(SEED_ROWS + i))
                .toArray(ItemRow[]::new);
        JsonNode[] json = Arrays.stream(rows).map(ItemRow::toJson).toArray(JsonNode[]::new);
        ItemRow check = ItemRow.of(SEED_ROWS + settings.totalOps());
        long viaService = (Long) records.create(actor, APP, ITEM, check.toJson()).get("id");
        long viaJooq = handWritten.insert(check, actor.userId());
        Map<String, Object> a = handWritten.read(viaService).intoMap();
        Map<String, Object> b = handWritten.read(viaJooq).intoMap();
        for (String field : ItemRow.FIELDS) {
            if (!Objects.equals(a.get(field), b.get(field))) {
                throw new IllegalStateException("inserted rows differ in " + field + ": " + a + " vs " + b);
            }
        }
        return timer.compare("insert one record", i -> records.create(actor, APP, ITEM, json[i]),
                i -> handWritten.insert(rows[i], actor.userId()));
    }
}
