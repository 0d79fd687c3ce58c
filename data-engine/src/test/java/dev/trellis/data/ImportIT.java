package dev.trellis.data;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.data.ImportFixture.APP;
import static dev.trellis.data.ImportFixture.run;
import static dev.trellis.data.ImportFixture.xlsx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.testing.CoreContext;
import java.io.FileInputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Imports through the record service: mapping by label, lookups by key, every problem by row and column. */
class ImportIT {

    private static ImportService imports;

    @BeforeAll
    static void app() {
        imports = ImportFixture.service();
    }

    private static List<Map<String, Object>> partners(String codePrefix) {
        return CoreContext.records().query(ADMIN, APP, "partner", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"code\", \"op\": \"starts_with\", \"value\": \"" + codePrefix + "\"},"
                        + " \"sort\": [{\"field\": \"code\"}], \"limit\": 1000}"))).records();
    }

    @Test
    void gbkCsvWithSemicolonsAndChineseHeadersIsMappedByLabelAndImported() {
        String csv = "名称;编码;等级;信用额度;合作日期;启用\r\n"
                + "华东经销商;GBK-1;金牌;\"1,200.50\";2026/3/5;是\r\n"
                + "华南代理;GBK-2;silver;800;2026年11月23日;否\r\n";
        Path file = ImportFixture.file("partners-gbk.csv", csv.getBytes(Charset.forName("GBK")));
        ImportPreview preview = imports.preview(ADMIN, APP, "partner", "partners-gbk.csv", file, ImportOptions.of(null));
        assertThat(preview.encoding()).isEqualTo("GBK");
        assertThat(preview.delimiter()).isEqualTo(";");
        assertThat(preview.header()).isTrue();
        assertThat(preview.suggestedMapping()).extracting(ColumnMapping::field)
                .containsExactly("name", "code", "tier", "credit_limit", "since", "active");
        assertThat(preview.sample().get(0)).containsExactly("华东经销商", "GBK-1", "金牌", "1,200.50", "2026/3/5", "是");

        ImportJob job = run(imports, "partner", file, ImportOptions.of(ImportMode.VALID_ONLY));
        assertThat(job.status()).isEqualTo("done");
        assertThat(job.rowsRead()).isEqualTo(2);
        assertThat(job.rowsWritten()).isEqualTo(2);
        assertThat(job.rowsPerSecond()).isPositive();
        List<Map<String, Object>> partners = partners("GBK-");
        assertThat(partners).extracting(p -> p.get("name")).containsExactly("华东经销商", "华南代理");
        assertThat(partners).extracting(p -> p.get("tier")).containsExactly("gold", "silver");
        assertThat((BigDecimal) partners.get(0).get("credit_limit")).isEqualByComparingTo("1200.50");
        assertThat(partners).extracting(p -> p.get("since")).containsExactly(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 11, 23));
        assertThat(partners).extracting(p -> p.get("active")).containsExactly(true, false);
    }

    @Test
    void aDryRunReportsEveryProblemByRowAndColumnAndWritesNothing() throws Exception {
        CoreContext.records().create(ADMIN, APP, "partner", json("{\"name\": \"Taken\", \"code\": \"DRY-TAKEN\"}"));
        Path file = xlsx("dry.xlsx", List.of(
                List.of("Name", "Code", "Tier", "Credit limit", "Partner since"),
                List.of("Good", "DRY-1", "Gold", 100, LocalDate.of(2026, 1, 2)),
                java.util.Arrays.asList(null, "DRY-2", "gold", 5, "2026-01-02"),
                List.of("Bad tier", "DRY-3", "platinum", 5, "2026-01-02"),
                List.of("Bad amount", "DRY-4", "gold", "lots", "someday"),
                List.of("Taken code", "DRY-TAKEN", "gold", 5, "2026-01-02"),
                List.of("Twice", "DRY-1", "gold", 5, "2026-01-02"),
                List.of("Too much credit", "DRY-7", "gold", 2_000_000, "2026-01-02")), null);
        ImportJob job = run(imports, "partner", file, ImportOptions.of(ImportMode.DRY_RUN));
        assertThat(job.status()).isEqualTo("done");
        assertThat(job.message()).isEqualTo("dry run: 1 rows would be written, 6 have problems");
        assertThat(job.rowsWritten()).isZero();
        assertThat(job.rowsRejected()).isEqualTo(6);
        assertThat(job.problems()).extracting(p -> p.row() + " " + p.column() + " " + p.code()).containsExactly(
                "3 Name value-required",
                "4 Tier value-invalid-choice",
                "5 Credit limit value-type-mismatch",
                "5 Partner since value-invalid-date",
                "6 Code value-duplicate",
                "7 Code value-duplicate",
                "8 Credit limit validation-rule-failed");
        assertThat(partners("DRY-")).extracting(p -> p.get("code")).containsExactly("DRY-TAKEN");

        Path rejected = imports.rejectedRows(ADMIN, APP, job.id()).orElseThrow();
        try (XSSFWorkbook book = new XSSFWorkbook(new FileInputStream(rejected.toFile()))) {
            Sheet sheet = book.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            assertThat(header).containsExactly("Row", "Name", "Code", "Tier", "Credit limit", "Partner since", "Reason");
            assertThat(sheet.getLastRowNum()).isEqualTo(6);
            assertThat(sheet.getRow(1).getCell(0).getNumericCellValue()).isEqualTo(3);
            assertThat(sheet.getRow(3).getCell(6).getStringCellValue())
                    .isEqualTo("Credit limit: 'lots' is not a number; Partner since: 'someday' is not a date (use 2026-11-23)");
        }
    }

    @Test
    void allOrNothingWritesNothingWhenOneRowIsBadAndValidOnlyWritesTheRest() {
        Path file = xlsx("modes.xlsx", List.of(List.of("Name", "Code"), List.of("One", "MODE-1"),
                List.of("Two", "MODE-2"), List.of("", "MODE-3")), null);
        ImportJob all = run(imports, "partner", file, ImportOptions.of(ImportMode.ALL_OR_NOTHING));
        assertThat(all.status()).isEqualTo("failed");
        assertThat(all.message()).isEqualTo("1 rows have problems; nothing was written");
        assertThat(partners("MODE-")).isEmpty();
        ImportJob valid = run(imports, "partner", file, ImportOptions.of(ImportMode.VALID_ONLY));
        assertThat(valid.status()).isEqualTo("done");
        assertThat(valid.rowsWritten()).isEqualTo(2);
        assertThat(valid.rowsRejected()).isEqualTo(1);
        assertThat(partners("MODE-")).extracting(p -> p.get("code")).containsExactly("MODE-1", "MODE-2");
    }

    @Test
    void lookupsAreResolvedByTheirKeyFieldAndUnknownKeysAreReported() {
        CoreContext.records().create(ADMIN, APP, "partner", json("{\"name\": \"Lookup Co\", \"code\": \"LK-1\"}"));
        Path file = xlsx("orders.xlsx", List.of(List.of("伙伴编码", "金额", "下单日期"),
                List.of("LK-1", 10.5, LocalDate.of(2026, 5, 1)), List.of("LK-404", 3, "20260501"),
                List.of("LK-1", "1,000", "2026.5.2")), null);
        ImportJob job = run(imports, "sales_order", file, ImportOptions.of(ImportMode.VALID_ONLY));
        assertThat(job.mapping()).containsExactly(new ColumnMapping("伙伴编码", "partner", "code"),
                new ColumnMapping("金额", "amount", null), new ColumnMapping("下单日期", "order_date", null));
        assertThat(job.rowsWritten()).isEqualTo(2);
        assertThat(job.problems()).extracting(p -> p.row() + " " + p.column() + " " + p.code() + " " + p.message())
                .containsExactly("3 伙伴编码 lookup-not-found no partner with code 'LK-404' that you can read");
        List<Map<String, Object>> orders = CoreContext.records().query(ADMIN, APP, "sales_order", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"order_date\", \"op\": \"ge\", \"value\": \"2026-05-01\"}}"))).records();
        assertThat(orders).extracting(o -> ((BigDecimal) o.get("amount")).stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder("10.5", "1000");
    }

    @Test
    void upsertByCodeUpdatesExistingPartnersAndCreatesNewOnes() {
        CoreContext.records().create(ADMIN, APP, "partner", json("{\"name\": \"Old name\", \"code\": \"UP-1\", \"tier\": \"silver\"}"));
        Path file = xlsx("upsert.xlsx", List.of(List.of("Code", "Name", "Tier"), List.of("UP-1", "New name", "gold"),
                List.of("UP-2", "Brand new", "silver")), null);
        ImportOptions options = new ImportOptions(ImportMode.VALID_ONLY, null, null, null, null, null, null, "code", null);
        ImportJob job = run(imports, "partner", file, options);
        assertThat(job.message()).isEqualTo("1 rows created, 1 updated");
        assertThat(partners("UP-")).extracting(p -> p.get("code") + " " + p.get("name") + " " + p.get("tier"))
                .containsExactly("UP-1 New name gold", "UP-2 Brand new silver");
        assertThat(CoreContext.records().history(ADMIN, APP, "partner", (Long) partners("UP-1").get(0).get("id"), null, 10, null)
                .entries()).hasSize(2);
    }

    @Test
    void aSavedMappingIsReusedByName() {
        imports.saveMapping(ADMIN, APP, "partner", "supplier sheet", List.of(new ColumnMapping("Firm", "name", null),
                new ColumnMapping("Ref", "code", null)));
        assertThat(imports.mappings(APP, "partner")).contains("supplier sheet");
        Path file = xlsx("saved.xlsx", List.of(List.of("Firm", "Ref", "Ignored"), List.of("Saved Co", "MAP-1", "x")), null);
        ImportOptions options = new ImportOptions(ImportMode.VALID_ONLY, null, "supplier sheet", null, null, null, null,
                null, null);
        assertThat(run(imports, "partner", file, options).rowsWritten()).isEqualTo(1);
        assertThat(partners("MAP-")).extracting(p -> p.get("name")).containsExactly("Saved Co");
    }

    @Test
    void aDuplicateCodeInALaterBatchIsNamedAndTheRestOfItsBatchIsWritten() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("Name", "Code"));
        for (int i = 0; i < 10; i++) {
            rows.add(List.of("Batch " + i, "BATCH-" + (i == 7 ? 2 : i))); // row 9 repeats row 4's code, two batches on
        }
        ImportOptions options = new ImportOptions(ImportMode.VALID_ONLY, null, null, null, null, null, null, null, 3);
        ImportJob job = run(imports, "partner", xlsx("batches.xlsx", rows, null), options);
        assertThat(job.rowsWritten()).isEqualTo(9);
        assertThat(job.problems()).extracting(p -> p.row() + " " + p.column() + " " + p.code())
                .containsExactly("9 Code value-duplicate");
        assertThat(partners("BATCH-")).hasSize(9);
    }

    @Test
    void masterAndDetailRowsComeFromTwoSheetsOfOneWorkbook() {
        CoreContext.records().create(ADMIN, APP, "partner", json("{\"name\": \"Ship Co\", \"code\": \"SHIP-P\"}"));
        Path file = xlsx("shipments.xlsx", List.of(List.of("Ref", "Partner"), List.of("SH-1", "SHIP-P"),
                List.of("SH-2", "SHIP-P")), book -> {
                    var lines = book.createSheet("Lines");
                    Object[][] rows = {{"Shipment", "Sku", "Quantity"}, {"SH-1", "A-1", 2}, {"SH-1", "B-7", 1},
                        {"SH-2", "A-1", 5}, {"SH-9", "A-1", 1}};
                    for (int r = 0; r < rows.length; r++) {
                        var row = lines.createRow(r);
                        for (int c = 0; c < 3; c++) {
                            if (rows[r][c] instanceof Integer n) {
                                row.createCell(c).setCellValue(n);
                            } else {
                                row.createCell(c).setCellValue((String) rows[r][c]);
                            }
                        }
                    }
                });
        ImportPreview preview = imports.preview(ADMIN, APP, "shipment", "shipments.xlsx", file, ImportOptions.of(null));
        assertThat(preview.sheets()).containsExactly("Data", "Lines");
        assertThat(run(imports, "shipment", file, ImportOptions.of(ImportMode.ALL_OR_NOTHING)).rowsWritten()).isEqualTo(2);
        ImportOptions lines = new ImportOptions(ImportMode.VALID_ONLY, null, null, "Lines", null, null, null, null, null);
        ImportJob job = run(imports, "shipment_line", file, lines);
        assertThat(job.rowsWritten()).isEqualTo(3);
        assertThat(job.problems()).extracting(p -> p.row() + " " + p.code() + " " + p.message())
                .containsExactly("5 lookup-not-found no shipment with ref 'SH-9' that you can read");
    }
}
