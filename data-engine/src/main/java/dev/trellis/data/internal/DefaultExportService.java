package dev.trellis.data.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.data.Export;
import dev.trellis.data.ExportRequest;
import dev.trellis.data.ExportService;
import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import dev.trellis.data.TabularFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports through the record service's pages: the read condition, field visibility and lookup expansion
 * are the record service's own, so an export shows exactly what the viewer's list shows.
 */
public final class DefaultExportService implements ExportService {

    private final MetadataService metadata;
    private final RecordService records;
    private final OperationLog log;
    private final Clock clock;

    public DefaultExportService(MetadataService metadata, RecordService records, OperationLog log, Clock clock) {
        this.metadata = metadata;
        this.records = records;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Export prepare(Actor actor, String app, String object, ExportRequest request) {
        ObjectDefinition definition = metadata.published(app).getObject(object);
        Permissions permissions = records.permissions(actor, app, object);
        if (!permissions.read() || !permissions.export()) {
            throw new ForbiddenException("object-export-forbidden", "you may not export " + object + " records");
        }
        List<FieldDefinition> fields = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (request.fields().isEmpty()) {
            definition.fields().stream().filter(f -> permissions.canSee(f.name())).forEach(fields::add);
        } else {
            for (int i = 0; i < request.fields().size(); i++) {
                String name = request.fields().get(i);
                FieldDefinition field = definition.findField(name).orElse(null);
                if (field == null) {
                    problems.add(Problem.of("field-unknown", "/fields/" + i, "object " + object + " has no field '"
                            + name + "'"));
                } else if (!permissions.canSee(name)) {
                    throw new ForbiddenException("field-forbidden", "you may not see field " + name + " of " + object,
                            List.of(Problem.of("field-forbidden", "/fields/" + i, "you may not see field " + name)));
                } else {
                    fields.add(field);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        Set<String> expand = new LinkedHashSet<>();
        fields.stream().filter(f -> f.type().isReference()).map(FieldDefinition::name).forEach(expand::add);
        RecordQuery source = request.query();
        RecordQuery query = new RecordQuery(source.filter(), source.sort(), RecordQuery.MAX_LIMIT, null, true, expand);
        RecordPage first = records.query(actor, app, object, query); // the query's own checks, before any byte
        long total = first.total() == null ? 0 : first.total();
        if (request.format() == TabularFormat.XLSX && total > TableWriter.XLSX_MAX_ROWS) {
            throw InvalidException.of("xlsx-too-many-rows", "/format", "the query matches " + String.format("%,d", total)
                    + " records; an xlsx sheet holds at most " + String.format("%,d", TableWriter.XLSX_MAX_ROWS)
                    + ": export as CSV or narrow the filter");
        }
        String fileName = request.format().fileName(object, LocalDateTime.now(clock));
        return new PreparedExport(actor, app, object, request, fields, query, first, total, fileName);
    }

    private final class PreparedExport implements Export {
        private final Actor actor;
        private final String app;
        private final String object;
        private final ExportRequest request;
        private final List<FieldDefinition> fields;
        private final RecordQuery query;
        private final RecordPage first;
        private final long total;
        private final String fileName;

        PreparedExport(Actor actor, String app, String object, ExportRequest request, List<FieldDefinition> fields,
                RecordQuery query, RecordPage first, long total, String fileName) {
            this.actor = actor;
            this.app = app;
            this.object = object;
            this.request = request;
            this.fields = fields;
            this.query = query;
            this.first = first;
            this.total = total;
            this.fileName = fileName;
        }

        @Override
        public String fileName() {
            return fileName;
        }

        @Override
        public TabularFormat format() {
            return request.format();
        }

        @Override
        public long total() {
            return total;
        }

        @Override
        public long writeTo(OutputStream out) throws IOException {
            List<TableColumn> columns = fields.stream().map(f -> FieldColumns.column(f, request.locale())).toList();
            TableWriter.Options options = new TableWriter.Options(object, true, ZoneId.systemDefault());
            long rows = 0;
            boolean complete = false;
            try (TableWriter writer = TableWriter.open(request.format(), out, columns, options)) {
                RecordPage page = first;
                RecordQuery next = query;
                while (true) {
                    for (Map<String, Object> record : page.records()) {
                        writer.write(cells(record));
                    }
                    if (page.next() == null) {
                        break;
                    }
                    next = new RecordQuery(next.filter(), next.sort(), next.limit(), page.next(), false, next.expand());
                    page = records.query(actor, app, object, next);
                }
                rows = writer.rows();
                complete = true;
            } finally {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("format", request.format().extension());
                detail.put("fields", fields.stream().map(FieldDefinition::name).toList());
                detail.put("filtered", query.filter() != null);
                detail.put("rows", rows);
                detail.put("complete", complete);
                log.record(actor, "export", app + "/" + object, detail);
            }
            return rows;
        }

        @SuppressWarnings("unchecked")
        private List<Object> cells(Map<String, Object> record) {
            List<Object> cells = new ArrayList<>(fields.size());
            Map<String, Object> expanded = (Map<String, Object>) record.getOrDefault("_expanded", Map.of());
            for (FieldDefinition field : fields) {
                Object value = record.get(field.name());
                if (value != null && field.type().isReference()) {
                    value = displayName(field, (Map<String, Object>) expanded.get(field.name()), value);
                } else if (value instanceof String s && field.type() == FieldType.PICKLIST) {
                    value = FieldColumns.picklistLabel(field, s, request.locale());
                } else if (value instanceof List<?> values && field.type() == FieldType.MULTI_PICKLIST) {
                    List<String> labels = new ArrayList<>();
                    for (Object v : values) {
                        labels.add(FieldColumns.picklistLabel(field, String.valueOf(v), request.locale()));
                    }
                    value = String.join(", ", labels);
                }
                cells.add(value);
            }
            return cells;
        }

        private Object displayName(FieldDefinition field, Map<String, Object> target, Object id) {
            if (target == null) {
                return id; // a record the viewer cannot read: its id only, as the list shows it
            }
            String nameField = metadata.published(app).getObject(field.target()).nameField();
            Object name = nameField == null ? null : target.get(nameField);
            return name == null ? id : name;
        }
    }
}
