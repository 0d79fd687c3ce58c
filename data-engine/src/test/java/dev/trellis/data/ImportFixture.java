package dev.trellis.data;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;

import dev.trellis.core.Actor;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The import tests' app (partners with a unique code and a credit rule, orders with a lookup to a partner) and
 * their files, made as real xlsx and CSV files on disk.
 */
final class ImportFixture {

    static final String APP = "import_it";
    private static boolean published;

    private ImportFixture() {
    }

    static synchronized ImportService service() {
        CoreContext.extend(RuleEngineConfiguration.class, DataEngineConfiguration.class);
        if (!published) {
            CoreContext.publishApp(APP, json("""
                    {"name": "partner", "nameField": "name", "fields": [
                      {"name": "name", "type": "text", "required": true, "label": {"en": "Name", "zh-CN": "名称"}},
                      {"name": "code", "type": "text", "unique": true, "label": {"en": "Code", "zh-CN": "编码"}},
                      {"name": "tier", "type": "picklist", "label": {"en": "Tier", "zh-CN": "等级"},
                       "values": [{"value": "gold", "label": {"en": "Gold", "zh-CN": "金牌"}},
                                  {"value": "silver", "label": {"en": "Silver", "zh-CN": "银牌"}}]},
                      {"name": "credit_limit", "type": "currency", "label": {"en": "Credit limit", "zh-CN": "信用额度"}},
                      {"name": "since", "type": "date", "label": {"en": "Partner since", "zh-CN": "合作日期"}},
                      {"name": "active", "type": "boolean", "label": {"zh-CN": "启用"}}]}"""), json("""
                    {"name": "sales_order", "fields": [
                      {"name": "partner", "type": "lookup", "target": "partner", "required": true,
                       "label": {"en": "Partner", "zh-CN": "伙伴"}},
                      {"name": "amount", "type": "currency", "label": {"en": "Amount", "zh-CN": "金额"}},
                      {"name": "order_date", "type": "date", "label": {"en": "Order date", "zh-CN": "下单日期"}}]}"""),
                    json("""
                    {"name": "shipment", "nameField": "ref", "fields": [{"name": "ref", "type": "text", "unique": true},
                      {"name": "partner", "type": "lookup", "target": "partner"}]}"""), json("""
                    {"name": "shipment_line", "fields": [
                      {"name": "shipment", "type": "master_detail", "target": "shipment", "required": true},
                      {"name": "sku", "type": "text"}, {"name": "quantity", "type": "integer"}]}"""));
            CoreContext.metadata().saveDraft(ADMIN, APP, "validation_rule", "credit_cap", json("""
                    {"name": "credit_cap", "object": "partner", "field": "credit_limit",
                     "condition": "credit_limit > 1000000", "message": "a credit limit above 1,000,000 needs the board"}"""),
                    null);
            CoreContext.metadata().publish(ADMIN, APP, false, "rule");
            published = true;
        }
        return CoreContext.get().getBean(ImportService.class);
    }

    static Path dir() {
        try {
            return Files.createDirectories(Path.of("target", "import-files"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name, byte[] bytes) {
        try {
            return Files.write(dir().resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An xlsx of rows; a LocalDate becomes a date-formatted cell, a Number a number, the rest text. */
    static Path xlsx(String name, List<List<Object>> rows, Consumer<XSSFWorkbook> extra) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            XSSFSheet sheet = book.createSheet("Data");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd"));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (v instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(date);
                    } else if (v instanceof Boolean b) {
                        cell.setCellValue(b);
                    } else {
                        cell.setCellValue(v.toString());
                    }
                }
            }
            if (extra != null) {
                extra.accept(book);
            }
            Path path = dir().resolve(name);
            try (OutputStream out = Files.newOutputStream(path)) {
                book.write(out);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy the service may take (it moves the file into its keeping). */
    static Path upload(Path file) {
        try {
            return Files.copy(file, dir().resolve("upload-" + System.nanoTime() + "-" + file.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportJob await(ImportService imports, Actor actor, ImportJob job) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        ImportJob current = job;
        while (!current.finished()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import job " + job.id() + " still " + current.status());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            current = imports.job(actor, APP, job.id());
        }
        return current;
    }

    static ImportJob run(ImportService imports, String object, Path file, ImportOptions options) {
        return await(imports, ADMIN, imports.start(ADMIN, APP, object, file.getFileName().toString(), upload(file), options));
    }
}
