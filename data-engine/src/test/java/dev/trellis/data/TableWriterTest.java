package dev.trellis.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class TableWriterTest {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.text("名称 Name"),
            new TableColumn("Amount", TableColumn.Kind.DECIMAL, "#,##0.00"), TableColumn.of("Day", TableColumn.Kind.DATE),
            TableColumn.of("At", TableColumn.Kind.DATETIME), TableColumn.of("Active", TableColumn.Kind.BOOLEAN));
    private static final TableWriter.Options OPTIONS = new TableWriter.Options("Partners", true, ZoneId.of("Asia/Shanghai"));

    private static byte[] write(TabularFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableWriter writer = TableWriter.open(format, out, COLUMNS, OPTIONS)) {
            writer.write(Arrays.asList("Acme, \"East\"", new BigDecimal("1234.50"), LocalDate.of(2026, 11, 23),
                    OffsetDateTime.of(2026, 11, 23, 2, 0, 0, 0, ZoneOffset.UTC), true));
            writer.write(Arrays.asList("=cmd|' /C calc'!A0", new BigDecimal("-5"), null, null, false));
            assertThat(writer.rows()).isEqualTo(2);
        }
        return out.toByteArray();
    }

    @Test
    void xlsxCellsAreTypedAndFormulaTextIsQuotePrefixed() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(write(TabularFormat.XLSX)))) {
            Sheet sheet = book.getSheet("Partners");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("名称 Name");
            assertThat(sheet.getRow(1).getCell(1).getNumericCellValue()).isEqualTo(1234.5);
            assertThat(sheet.getRow(1).getCell(1).getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
            assertThat(DateUtil.isCellDateFormatted(sheet.getRow(1).getCell(2))).isTrue();
            assertThat(sheet.getRow(1).getCell(2).getLocalDateTimeCellValue().toLocalDate()).isEqualTo("2026-11-23");
            // a date-time is shown at the writer's zone: 02:00 UTC is 10:00 in Shanghai
            assertThat(sheet.getRow(1).getCell(3).getLocalDateTimeCellValue()).isEqualTo("2026-11-23T10:00");
            assertThat(sheet.getRow(1).getCell(4).getBooleanCellValue()).isTrue();
            assertThat(sheet.getRow(2).getCell(0).getCellType()).isEqualTo(CellType.STRING);
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).isEqualTo("=cmd|' /C calc'!A0");
            assertThat(sheet.getRow(2).getCell(0).getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(sheet.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(-5);
            assertThat(sheet.getRow(2).getCell(2)).isNull();
        }
    }

    @Test
    void csvIsUtf8WithBomQuotedAndFormulaTextGetsAnApostrophe() throws Exception {
        byte[] csv = write(TabularFormat.CSV);
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8)).isEqualTo("名称 Name,Amount,Day,At,Active\r\n"
                + "\"Acme, \"\"East\"\"\",1234.50,2026-11-23,2026-11-23 10:00:00,true\r\n"
                + "'=cmd|' /C calc'!A0,-5,,,false\r\n");
    }
}
