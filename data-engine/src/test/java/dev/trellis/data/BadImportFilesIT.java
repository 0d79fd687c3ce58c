package dev.trellis.data;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.data.ImportFixture.APP;
import static dev.trellis.data.ImportFixture.run;
import static dev.trellis.data.ImportFixture.upload;
import static dev.trellis.data.ImportFixture.xlsx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.json.Json;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.testing.CoreContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real bad files: each is refused or reported with a clear message, and nothing is half-written. */
class BadImportFilesIT {

    private static ImportService imports;

    @BeforeAll
    static void app() {
        imports = ImportFixture.service();
    }

    private static InvalidException refused(String name, Path file) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> imports.start(ADMIN, APP, "partner",
                name, upload(file), ImportOptions.of(ImportMode.VALID_ONLY)));
        assertThat(thrown).isInstanceOf(InvalidException.class);
        return (InvalidException) thrown;
    }

    private static long partnersNamed(String prefix) {
        return CoreContext.records().query(ADMIN, APP, "partner", RecordQuery.fromJson(Json.parse(
                "{\"filter\": {\"field\": \"name\", \"op\": \"starts_with\", \"value\": \"" + prefix + "\"}, \"count\": true}")))
                .total();
    }

    @Test
    void emptyAndDisguisedFilesAreRefusedBeforeAJobExists() throws Exception {
        assertThat(refused("empty.csv", ImportFixture.file("empty.csv", new byte[0])).getMessage()).isEqualTo("the file is empty");
        assertThat(refused("report.xlsx", ImportFixture.file("report.xlsx", "%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(
                StandardCharsets.ISO_8859_1))).getMessage()).isEqualTo("the file is named .xlsx but is not an Excel"
                + " workbook (it is a PDF document)");
        assertThat(refused("notes.xlsx", ImportFixture.file("notes.xlsx", "name,code\nA,B\n".getBytes(StandardCharsets.UTF_8)))
                .getMessage()).contains("is not an Excel workbook (it is text: name it .csv");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        assertThat(refused("photo.csv", ImportFixture.file("photo.csv", png)).getMessage())
                .isEqualTo("the file is neither an xlsx workbook nor CSV text (it is an image)");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(refused("archive.xlsx", ImportFixture.file("archive.xlsx", zip.toByteArray())).problems().get(0).code())
                .isEqualTo("file-not-xlsx");
        ByteArrayOutputStream xls = new ByteArrayOutputStream();
        try (HSSFWorkbook book = new HSSFWorkbook()) {
            book.createSheet("old").createRow(0).createCell(0).setCellValue("Name");
            book.write(xls);
        }
        assertThat(refused("old.xls", ImportFixture.file("old.xls", xls.toByteArray())).getMessage())
                .isEqualTo("the file is an Excel 97-2003 workbook (.xls): save it as .xlsx and upload it again");
    }

    @Test
    void aPasswordProtectedWorkbookIsRefusedByName() throws Exception {
        POIFSFileSystem fs = new POIFSFileSystem();
        Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
        encryptor.confirmPassword("secret");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream os = encryptor.getDataStream(fs)) {
            book.createSheet("Data").createRow(0).createCell(0).setCellValue("Hidden Co");
            book.write(os);
        }
        Path secret = ImportFixture.dir().resolve("secret.xlsx");
        try (OutputStream out = Files.newOutputStream(secret)) {
            fs.writeFilesystem(out);
        }
        InvalidException e = refused("secret.xlsx", secret);
        assertThat(e.problems().get(0).code()).isEqualTo("file-password-protected");
        assertThat(e.getMessage()).startsWith("the workbook is protected by a password");
    }

    @Test
    void aZipBombIsStoppedByPoisGuard() throws Exception {
        Path normal = xlsx("bomb-base.xlsx", List.of(List.of("Name"), List.of("Bomb Co")), null);
        Path bomb = ImportFixture.dir().resolve("bomb.xlsx");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(normal));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    int end = xml.lastIndexOf("</worksheet>");
                    out.write(xml.substring(0, end).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1 << 20];
                    java.util.Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < 64; i++) { // 64 MB of blanks that deflate to almost nothing
                        out.write(blanks);
                    }
                    out.write(xml.substring(end).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(data);
                }
            }
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        InvalidException e = refused("bomb.xlsx", bomb);
        assertThat(e.problems().get(0).code()).isEqualTo("file-zip-bomb");
        assertThat(partnersNamed("Bomb Co")).isZero();
    }

    @Test
    void formulaErrorAndMergedCellsAreReportedOnTheirRows() {
        Path file = xlsx("cells.xlsx", List.of(List.of("Name", "Code", "Credit limit"),
                List.of("Cells computed", "CELL-1"), List.of("Cells never computed", "CELL-2"),
                List.of("Cells error", "CELL-3"), List.of("Cells merged", "CELL-4", 1), List.of("", "CELL-5", 1)),
                book -> {
                    XSSFSheet sheet = book.getSheetAt(0);
                    Cell computed = sheet.getRow(1).createCell(2);
                    computed.setCellFormula("100*2");
                    book.getCreationHelper().createFormulaEvaluator().evaluateFormulaCell(computed);
                    sheet.getRow(2).createCell(2).setCellFormula("100*3");
                    sheet.getRow(3).createCell(2).setCellErrorValue(FormulaError.DIV0);
                    sheet.addMergedRegion(new CellRangeAddress(4, 5, 0, 0));
                });
        ImportJob job = run(imports, "partner", file, ImportOptions.of(ImportMode.VALID_ONLY));
        assertThat(job.rowsWritten()).isEqualTo(1);
        assertThat(job.problems()).extracting(p -> p.row() + " " + p.column() + " " + p.code() + ": " + p.message())
                .containsExactly(
                        "3 Credit limit cell-formula-uncalculated: cell C3 holds a formula that was never calculated:"
                                + " open the file in Excel, save it and import again",
                        "4 Credit limit cell-error: cell C4 holds the error #DIV/0!",
                        "5 Name cell-merged: cells A5:A6 are merged: only A5 holds the value; unmerge them and fill in every cell",
                        "6 Name cell-merged: cells A5:A6 are merged: only A5 holds the value; unmerge them and fill in every cell");
        assertThat(CoreContext.records().query(ADMIN, APP, "partner", RecordQuery.fromJson(Json.parse(
                "{\"filter\": {\"field\": \"code\", \"op\": \"eq\", \"value\": \"CELL-1\"}}"))).records().get(0)
                .get("credit_limit").toString()).isEqualTo("200.00");
    }

    @Test
    void theLastRowAnExcelSheetHoldsIsReadAndNamed() {
        Path file = xlsx("last-row.xlsx", List.of(List.of("Name", "Code"), List.of("Last Row First", "LAST-1")),
                book -> book.getSheetAt(0).createRow(1_048_575).createCell(1).setCellValue("LAST-2"));
        ImportJob job = run(imports, "partner", file, ImportOptions.of(ImportMode.ALL_OR_NOTHING));
        assertThat(job.rowsTotal()).isEqualTo(1_048_575);
        assertThat(job.status()).isEqualTo("failed");
        assertThat(job.problems()).extracting(p -> p.row() + " " + p.code()).containsExactly("1048576 value-required");
        assertThat(partnersNamed("Last Row")).isZero();
    }

    @Test
    void aCsvThatMixesEncodingsNamesTheRowsThatAreNotUtf8() {
        StringBuilder utf8 = new StringBuilder("Name,Code\r\n");
        for (int i = 0; utf8.length() < 70_000; i++) {
            utf8.append("混合编码 ").append(i).append(",MIX-").append(i).append("\r\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("广州经销商,MIX-GBK\r\n".getBytes(Charset.forName("GBK")));
        Path file = ImportFixture.file("mixed.csv", bytes.toByteArray());
        ImportJob job = run(imports, "partner", file, ImportOptions.of(ImportMode.ALL_OR_NOTHING));
        assertThat(job.status()).isEqualTo("failed");
        assertThat(job.problems()).hasSize(1);
        assertThat(job.problems().get(0).code()).isEqualTo("csv-encoding-mixed");
        assertThat(job.problems().get(0).message()).contains("is not valid UTF-8 text although the file's head is");
        assertThat(partnersNamed("混合编码")).isZero();
    }

    @Test
    void aCancelledImportWritesNothing() {
        StringBuilder csv = new StringBuilder("Name,Code\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append("Cancel ").append(i).append(",CANCEL-").append(i).append('\n');
        }
        Path file = ImportFixture.file("cancel.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        ImportOptions options = new ImportOptions(ImportMode.VALID_ONLY, null, null, null, null, null, null, null, 1000);
        ImportJob job = imports.start(ADMIN, APP, "partner", "cancel.csv", upload(file), options);
        imports.cancel(ADMIN, APP, job.id());
        ImportJob done = ImportFixture.await(imports, ADMIN, job);
        assertThat(done.status()).isEqualTo("cancelled");
        assertThat(done.rowsWritten()).isZero();
        assertThat(done.message()).endsWith("nothing was written");
        assertThat(partnersNamed("Cancel ")).isZero();
    }
}
