package dev.trellis.data;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Exports go through the record service's pages: the viewer's records, fields and export permission only. */
class ExportIT {

    private static final String APP = "export_it";
    private static final Actor CLERK = new Actor(2, "clerk", Set.of("clerk"));
    private static final Actor VIEWER = new Actor(3, "viewer", Set.of("viewer"));
    private static ExportService exports;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, DataEngineConfiguration.class);
        CoreContext.publishApp(APP, json("""
                {"name": "partner", "nameField": "name", "fields": [
                  {"name": "name", "type": "text", "label": {"en": "Name", "zh-CN": "名称"}},
                  {"name": "code", "type": "text", "unique": true},
                  {"name": "tier", "type": "picklist", "label": {"zh-CN": "等级"},
                   "values": [{"value": "gold", "label": {"en": "Gold", "zh-CN": "金牌"}}, {"value": "silver"}]},
                  {"name": "credit_limit", "type": "currency"},
                  {"name": "since", "type": "date"}]}"""), json("""
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "amount", "type": "currency"}, {"name": "cost", "type": "currency"}]}"""));
        CoreContext.metadata().saveDraft(ADMIN, APP, "permission_set", "clerks", json("""
                {"name": "clerks", "objects": {
                  "partner": {"read": true, "export": true, "fields": {"credit_limit": "hidden"}},
                  "sales_order": {"read": true}}}"""), null);
        CoreContext.metadata().saveDraft(ADMIN, APP, "role", "clerk", json("{\"name\": \"clerk\", \"permissionSets\": [\"clerks\"]}"), null);
        CoreContext.metadata().saveDraft(ADMIN, APP, "permission_set", "viewers", json("""
                {"name": "viewers", "objects": {"partner": {"read": true}}}"""), null);
        CoreContext.metadata().saveDraft(ADMIN, APP, "role", "viewer", json("{\"name\": \"viewer\", \"permissionSets\": [\"viewers\"]}"), null);
        CoreContext.metadata().publish(ADMIN, APP, false, "roles");
        RecordService records = CoreContext.records();
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(json("{\"name\": \"Partner " + i + "\", \"code\": \"P" + i + "\", \"tier\": \""
                    + (i % 2 == 0 ? "gold" : "silver") + "\", \"credit_limit\": " + i + ", \"since\": \"2026-01-0"
                    + (1 + i % 9) + "\"}"));
        }
        rows.set(7, json("{\"name\": \"=cmd|' /C calc'!A0\", \"code\": \"EVIL\", \"tier\": \"gold\"}"));
        records.bulkCreate(ADMIN, APP, "partner", rows);
        exports = CoreContext.get().getBean(ExportService.class);
    }

    private static byte[] export(Actor actor, ExportRequest request) throws Exception {
        Export export = exports.prepare(actor, APP, "partner", request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void xlsxExportStreamsEveryPageWithLabelsAndWithoutHiddenFields() throws Exception {
        byte[] file = export(CLERK, new ExportRequest(TabularFormat.XLSX, RecordQuery.all(), List.of(), "zh-CN"));
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            Sheet sheet = book.getSheetAt(0);
            List<String> headers = new ArrayList<>();
            sheet.getRow(0).forEach(c -> headers.add(c.getStringCellValue()));
            assertThat(headers).containsExactly("名称", "code", "等级", "since");
            assertThat(sheet.getLastRowNum()).isEqualTo(2500);
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo("金牌");
            assertThat(sheet.getRow(2).getCell(2).getStringCellValue()).isEqualTo("silver");
            assertThat(sheet.getRow(8).getCell(0).getCellStyle().getQuotePrefixed()).isTrue();
        }
        assertThat(CoreContext.dsl().fetchCount(table(name("trellis_sys", "operation_log")),
                field(name("action")).eq("export"), field(name("actor")).eq("clerk"),
                field(name("target")).eq(APP + "/partner"))).isPositive();
    }

    @Test
    void csvExportFollowsTheFilterAndNeutralisesFormulas() throws Exception {
        RecordQuery query = RecordQuery.fromJson(json("""
                {"filter": {"field": "tier", "op": "eq", "value": "gold"}, "sort": [{"field": "code", "direction": "desc"}]}"""));
        String csv = new String(export(ADMIN, new ExportRequest(TabularFormat.CSV, query, List.of("code", "name", "credit_limit"),
                "en")), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(1 + 1251); // the even partners and the formula one
        assertThat(lines.get(0)).isEqualTo("\uFEFFcode,Name,credit_limit");
        assertThat(lines).contains("EVIL,'=cmd|' /C calc'!A0,");
        assertThat(lines.get(1)).isEqualTo("P998,Partner 998,998.00");
    }

    @Test
    void exportNeedsTheExportPermissionAndVisibleFields() {
        assertThatThrownBy(() -> exports.prepare(VIEWER, APP, "partner",
                new ExportRequest(TabularFormat.CSV, null, List.of(), "en")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("may not export partner");
        assertThatThrownBy(() -> exports.prepare(CLERK, APP, "partner",
                new ExportRequest(TabularFormat.CSV, null, List.of("name", "credit_limit"), "en")))
                .isInstanceOf(ForbiddenException.class)
                .satisfies(e -> assertThat(((ForbiddenException) e).problems()).extracting(p -> p.path()).containsExactly("/fields/1"));
        assertThatThrownBy(() -> exports.prepare(CLERK, APP, "partner",
                new ExportRequest(TabularFormat.CSV, RecordQuery.fromJson(json(
                        "{\"filter\": {\"field\": \"credit_limit\", \"op\": \"gt\", \"value\": 5}}")), List.of(), "en")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> exports.prepare(CLERK, APP, "partner",
                new ExportRequest(TabularFormat.CSV, null, List.of("colour"), "en")))
                .isInstanceOf(InvalidException.class).hasMessageContaining("no field 'colour'");
    }
}
