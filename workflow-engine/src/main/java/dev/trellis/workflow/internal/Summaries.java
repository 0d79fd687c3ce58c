package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.workflow.ApprovalView;
import dev.trellis.workflow.TaskView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Record;

/**
 * Puts the record's summary fields beside each task and approval of a page: one query per object on the
 * page. The fields are the flow's {@code summaryFields}, or the object's first three fields. They are read
 * as the platform: whoever holds a task of a record sees its summary, as they will the record itself.
 */
final class Summaries {

    private static final int DEFAULT_FIELDS = 3;

    private final MetadataService metadata;
    private final Supplier<RecordService> records;
    private final FlowVersions versions;

    Summaries(MetadataService metadata, Supplier<RecordService> records, FlowVersions versions) {
        this.metadata = metadata;
        this.records = records;
        this.versions = versions;
    }

    List<TaskView> tasks(List<FlowStore.TaskRow> rows) {
        Map<String, Map<Long, Map<String, Object>>> loaded = load(rows.stream()
                .map(r -> new Ref(r.app(), r.object(), r.recordId(), r.flow(), r.flowVersion())).toList());
        return rows.stream().map(r -> new TaskView(r.id(), r.instanceId(), r.app(), r.object(), r.recordId(), r.flow(),
                r.step(), r.stepName(), r.assigneeId(), r.candidate(), r.status(), r.outcome(), r.submitter(),
                r.createdAt(), r.doneAt(), summary(loaded, r.app(), r.object(), r.recordId()))).toList();
    }

    List<ApprovalView> approvals(List<Record> rows) {
        Map<String, Map<Long, Map<String, Object>>> loaded = load(rows.stream()
                .map(r -> new Ref(r.get(FlowStore.APP), r.get(FlowStore.OBJECT), r.get(FlowStore.RECORD_ID),
                        r.get(FlowStore.FLOW), r.get(FlowStore.FLOW_VERSION))).toList());
        return rows.stream().map(r -> FlowStore.approval(r, summary(loaded, r.get(FlowStore.APP),
                r.get(FlowStore.OBJECT), r.get(FlowStore.RECORD_ID)))).toList();
    }

    private record Ref(String app, String object, long recordId, String flow, int version) {
    }

    private static Map<String, Object> summary(Map<String, Map<Long, Map<String, Object>>> loaded, String app,
            String object, long id) {
        return loaded.getOrDefault(app + "/" + object, Map.of()).getOrDefault(id, Map.of());
    }

    private Map<String, Map<Long, Map<String, Object>>> load(List<Ref> refs) {
        Map<String, List<Ref>> byObject = new LinkedHashMap<>();
        refs.forEach(r -> byObject.computeIfAbsent(r.app() + "/" + r.object(), k -> new ArrayList<>()).add(r));
        Map<String, Map<Long, Map<String, Object>>> loaded = new HashMap<>();
        byObject.forEach((key, group) -> {
            Ref first = group.getFirst();
            List<String> fields = fields(first);
            Map<Long, Map<String, Object>> byId = new HashMap<>();
            List<Long> ids = new ArrayList<>();
            for (long id : group.stream().map(Ref::recordId).distinct().toList()) {
                // the record a submit or an action just wrote is known to its call (RecordWrites#scoped)
                Map<String, Object> known = RecordWrites.known(first.app(), first.object(), id);
                if (known != null) {
                    byId.put(id, summary(fields, known));
                } else {
                    ids.add(id);
                }
            }
            if (ids.size() == 1) {
                // one record (a task's own page, the newest task): read by id, no filter to compile
                try {
                    byId.put(ids.getFirst(), summary(fields, records.get().get(Actor.system(), first.app(),
                            first.object(), ids.getFirst(), Set.of())));
                } catch (NotFoundException e) {
                    // a deleted record has no summary, as in a page of several
                }
            } else if (!ids.isEmpty()) {
                Filter filter = new Filter.Condition("id", Filter.Operator.IN, Json.MAPPER.valueToTree(ids), "/filter");
                records.get().query(Actor.system(), first.app(), first.object(),
                        new RecordQuery(filter, List.of(), ids.size(), null, false, Set.of()))
                        .records().forEach(record -> byId.put(((Number) record.get("id")).longValue(),
                                summary(fields, record)));
            }
            loaded.put(key, byId);
        });
        return loaded;
    }

    private static Map<String, Object> summary(List<String> fields, Map<String, Object> record) {
        Map<String, Object> summary = new LinkedHashMap<>();
        fields.forEach(f -> summary.put(f, record.get(f)));
        return summary;
    }

    private List<String> fields(Ref ref) {
        List<String> chosen = versions.load(ref.app(), ref.flow(), ref.version()).definition().summaryFields();
        if (!chosen.isEmpty()) {
            return chosen;
        }
        ObjectDefinition object = metadata.published(ref.app()).getObject(ref.object());
        return object.fields().stream().limit(DEFAULT_FIELDS).map(FieldDefinition::name).toList();
    }
}
