package dev.trellis.data.internal;

import dev.trellis.core.InvalidException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ooxml.util.SAXHelper;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * One sheet of an xlsx workbook, read as a SAX stream of its XML (POI's event API: no workbook object, no
 * row kept after it is handed on), with POI's zip-bomb guard on. Numbers come as exact decimals, date-formatted
 * numbers as date-times, formulas as the value Excel computed. Merged cells are found by a first pass over
 * the sheet (Excel writes them after the rows), so every row of a merged range can be reported before any
 * row is written.
 */
final class XlsxSource implements RowSource {

    private final OPCPackage pkg;
    private final XSSFReader reader;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final List<String> sheets = new ArrayList<>();
    private final String sheet;
    private final MergedCells merged;
    private Long lastRow;
    private volatile long rowsRead;

    XlsxSource(Path file, String sheetName) throws IOException {
        try {
            this.pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException
                | org.apache.poi.openxml4j.exceptions.InvalidOperationException e) {
            throw SourceFiles.notXlsx(e);
        }
        try {
            this.reader = new XSSFReader(pkg);
            this.strings = new ReadOnlySharedStringsTable(pkg, false);
            this.styles = reader.getStylesTable();
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (it.hasNext()) {
                it.next().close();
                sheets.add(it.getSheetName());
            }
            if (sheets.isEmpty()) {
                throw InvalidException.of("xlsx-no-sheet", "/file", "the workbook has no sheet");
            }
            if (sheetName != null && !sheets.contains(sheetName)) {
                throw InvalidException.of("xlsx-sheet-unknown", "/sheet", "the workbook has no sheet '" + sheetName
                        + "'; its sheets are " + sheets);
            }
            this.sheet = sheetName != null ? sheetName : sheets.get(0);
            try (InputStream in = sheetStream()) {
                this.merged = MergedCells.scan(in);
            }
        } catch (OpenXML4JException | SAXException e) {
            pkg.revert();
            throw SourceFiles.notXlsx(e);
        } catch (IOException | RuntimeException e) {
            pkg.revert();
            throw SourceFiles.translate(e);
        }
    }

    private InputStream sheetStream() throws IOException {
        try {
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (it.hasNext()) {
                InputStream in = it.next();
                if (it.getSheetName().equals(sheet)) {
                    return in;
                }
                in.close();
            }
        } catch (OpenXML4JException e) {
            throw SourceFiles.notXlsx(e);
        }
        throw new IllegalStateException("sheet " + sheet + " vanished");
    }

    @Override
    public String format() {
        return "xlsx";
    }

    @Override
    public List<String> sheets() {
        return sheets;
    }

    @Override
    public String sheet() {
        return sheet;
    }

    @Override
    public Long lastRow() {
        return lastRow;
    }

    @Override
    public double fractionRead() {
        return lastRow == null || lastRow == 0 ? -1 : (double) rowsRead / lastRow;
    }

    @Override
    public void read(Sink sink) throws IOException {
        try (InputStream in = sheetStream()) {
            XMLReader parser = SAXHelper.newXMLReader();
            parser.setContentHandler(new SheetHandler(sink));
            parser.parse(new InputSource(in));
        } catch (Stop stop) {
            // the sink had enough
        } catch (SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw SourceFiles.notXlsx(e);
        } catch (IOException | RuntimeException e) {
            throw SourceFiles.translate(e);
        }
    }

    @Override
    public void close() {
        pkg.revert(); // opened read-only: nothing to save
    }

    /** Thrown through the parser when the sink stops reading. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final class SheetHandler extends DefaultHandler {
        private final Sink sink;
        private final Map<Integer, Boolean> dateStyles = new HashMap<>();
        private final StringBuilder text = new StringBuilder();
        private final List<Object> cells = new ArrayList<>();
        private List<SourceRow.Issue> issues = new ArrayList<>();
        private long row;
        private int column;
        private String type;
        private int style;
        private boolean collecting;
        private boolean formula;
        private boolean hasValue;

        SheetHandler(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName) {
                case "dimension" -> {
                    String ref = attributes.getValue("ref");
                    if (ref != null && ref.contains(":")) {
                        lastRow = (long) new CellReference(ref.substring(ref.indexOf(':') + 1)).getRow() + 1;
                    }
                }
                case "row" -> {
                    String r = attributes.getValue("r");
                    row = r == null ? row + 1 : Long.parseLong(r);
                    cells.clear();
                    column = -1;
                }
                case "c" -> {
                    String r = attributes.getValue("r");
                    column = r == null ? column + 1 : columnOf(r);
                    type = attributes.getValue("t");
                    String s = attributes.getValue("s");
                    style = s == null ? 0 : Integer.parseInt(s);
                    formula = false;
                    hasValue = false;
                    text.setLength(0);
                }
                case "v", "t" -> {
                    collecting = true;
                    if (localName.equals("v")) {
                        text.setLength(0);
                    }
                }
                case "f" -> formula = true;
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (collecting) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "v" -> {
                    collecting = false;
                    hasValue = true;
                }
                case "t" -> {
                    collecting = false;
                    hasValue = true;
                }
                case "c" -> {
                    while (cells.size() < column) {
                        cells.add(null);
                    }
                    cells.add(value());
                }
                case "row" -> {
                    rowsRead = row;
                    merged.issues(row, issues);
                    SourceRow source = new SourceRow(row, cells.toArray(), issues.isEmpty() ? List.of() : issues);
                    issues = issues.isEmpty() ? issues : new ArrayList<>();
                    if (!sink.row(source)) {
                        throw new Stop();
                    }
                }
                default -> {
                }
            }
        }

        /** The cell's reference ({@code C4}), made only for a message. */
        private String ref() {
            return CellReference.convertNumToColString(column) + row;
        }

        private Object value() {
            if (!hasValue) {
                if (formula) {
                    issues.add(new SourceRow.Issue(column, "cell-formula-uncalculated", "cell " + ref() + " holds a"
                            + " formula that was never calculated: open the file in Excel, save it and import again"));
                }
                return null;
            }
            String v = text.toString();
            if (type == null || type.equals("n")) {
                if (v.isEmpty()) {
                    return null;
                }
                if (isDate(style)) {
                    return DateUtil.getLocalDateTime(Double.parseDouble(v));
                }
                try {
                    return new BigDecimal(v);
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            return switch (type) {
                case "s" -> strings.getItemAt(Integer.parseInt(v)).getString();
                case "inlineStr", "str" -> v;
                case "b" -> v.equals("1");
                case "d" -> LocalDateTime.parse(v.length() == 10 ? v + "T00:00" : v);
                case "e" -> {
                    issues.add(new SourceRow.Issue(column, "cell-error", "cell " + ref() + " holds the error " + v));
                    yield null;
                }
                default -> v;
            };
        }

        private boolean isDate(int styleIndex) {
            return dateStyles.computeIfAbsent(styleIndex, i -> {
                if (styles == null || i >= styles.getNumCellStyles()) {
                    return false;
                }
                XSSFCellStyle s = styles.getStyleAt(i);
                return s != null && DateUtil.isADateFormat(s.getDataFormat(), s.getDataFormatString());
            });
        }
    }

    /** The zero-based column of a cell reference like {@code AB12}. */
    static int columnOf(String ref) {
        int column = 0;
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < 'A' || c > 'Z') {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
        }
        return column - 1;
    }
}
