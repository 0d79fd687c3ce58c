package dev.trellis.data.internal;

import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Permissions;
import dev.trellis.data.ColumnMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The file's columns bound to an object's fields: the mapping suggested from the headers (a field's name or
 * label in any locale; for a lookup also its label with the key field's, "Partner code" or 伙伴编码), and a
 * mapping checked against the file and the object before anything is read.
 */
final class ImportColumns {

    /** A file column and the field it fills; for a lookup, the target field its cells name (null: the id). */
    record Bound(int index, String header, FieldDefinition field, FieldDefinition keyField) {
    }

    private ImportColumns() {
    }

    /** Header texts: the first row's cells, or {@code #1}, {@code #2} … when there is no header. */
    static List<String> headers(Object[] first, boolean header) {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            String text = header && first[i] != null ? CellConverter.text(first[i]) : "";
            headers.add(text.isEmpty() ? "#" + (i + 1) : text);
        }
        return headers;
    }

    /** Whether a first row looks like a header: some cell names a field, or every cell is text that is no number. */
    static boolean looksLikeHeader(Object[] first, ObjectDefinition object) {
        Map<String, String> names = candidates(object, null);
        boolean allText = first.length > 0;
        for (Object cell : first) {
            if (cell instanceof String s && names.containsKey(normalise(s))) {
                return true;
            }
            allText &= cell instanceof String s && !s.isBlank() && !s.strip().matches("[-+]?[\\d.,]+");
        }
        return allText;
    }

    static List<ColumnMapping> suggest(List<String> headers, ObjectDefinition object, PublishedApp app) {
        Map<String, String> names = candidates(object, app);
        List<ColumnMapping> mapping = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String header : headers) {
            String match = names.get(normalise(header));
            if (match == null) {
                continue;
            }
            String[] parts = match.split("\\.", 2);
            if (used.add(parts[0])) {
                mapping.add(new ColumnMapping(header, parts[0], parts.length > 1 ? parts[1] : null));
            }
        }
        return mapping;
    }

    /** Normalised name or label → field (or {@code field.key} for a lookup named with its key). */
    private static Map<String, String> candidates(ObjectDefinition object, PublishedApp app) {
        Map<String, String> names = new LinkedHashMap<>();
        for (FieldDefinition f : object.fields()) {
            if (!importable(f)) {
                continue;
            }
            names.putIfAbsent(normalise(f.name()), f.name());
            f.label().values().forEach(l -> names.putIfAbsent(normalise(l), f.name()));
            if (app != null && f.type().isReference()) {
                app.findObject(f.target()).ifPresent(target -> {
                    for (FieldDefinition key : target.fields()) {
                        if (!key.unique() && !key.name().equals(target.nameField())) {
                            continue;
                        }
                        names.putIfAbsent(normalise(f.name() + key.name()), f.name() + "." + key.name());
                        f.label().forEach((locale, label) -> {
                            String keyLabel = key.label().getOrDefault(locale, key.name());
                            names.putIfAbsent(normalise(label + keyLabel), f.name() + "." + key.name());
                        });
                    }
                });
            }
        }
        return names;
    }

    static String normalise(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    static boolean importable(FieldDefinition f) {
        return f.type() != FieldType.AUTO_NUMBER && !f.computed();
    }

    /** Binds a mapping to the file's headers; every problem at {@code /mapping/<i>}. */
    static List<Bound> bind(List<ColumnMapping> mapping, List<String> headers, ObjectDefinition object,
            PublishedApp app, Permissions permissions) {
        List<Problem> problems = new ArrayList<>();
        List<Problem> forbidden = new ArrayList<>();
        List<Bound> bound = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        if (mapping.isEmpty()) {
            problems.add(Problem.of("mapping-empty", "/mapping", "no column is mapped to a field of " + object.name()
                    + "; the file's columns are " + headers));
        }
        for (int i = 0; i < mapping.size(); i++) {
            ColumnMapping m = mapping.get(i);
            String path = "/mapping/" + i;
            int index = indexOf(headers, m.column());
            if (index < 0) {
                problems.add(Problem.of("mapping-column-unknown", path + "/column", "the file has no column '"
                        + m.column() + "'; its columns are " + headers));
            }
            FieldDefinition field = m.field() == null ? null : object.findField(m.field()).orElse(null);
            if (field == null) {
                problems.add(Problem.of("field-unknown", path + "/field", "object " + object.name() + " has no field '"
                        + m.field() + "'"));
                continue;
            }
            if (!importable(field)) {
                problems.add(Problem.of("field-read-only", path + "/field", field.name() + " is set by the platform"));
                continue;
            }
            if (!permissions.canSet(field.name())) {
                forbidden.add(Problem.of("field-forbidden", path + "/field", "you may not set field " + field.name()));
                continue;
            }
            if (!fields.add(field.name())) {
                problems.add(Problem.of("mapping-field-twice", path + "/field", field.name() + " is mapped twice"));
                continue;
            }
            FieldDefinition key = null;
            if (field.type().isReference()) {
                ObjectDefinition target = app.getObject(field.target());
                String keyName = m.lookupKey() != null ? m.lookupKey() : defaultKey(target);
                if (!keyName.equals("id")) {
                    key = target.findField(keyName).orElse(null);
                    if (key == null) {
                        problems.add(Problem.of("field-unknown", path + "/lookupKey", "object " + target.name()
                                + " has no field '" + keyName + "'"));
                        continue;
                    }
                }
            } else if (m.lookupKey() != null) {
                problems.add(Problem.of("mapping-lookup-key-invalid", path + "/lookupKey", field.name()
                        + " is no lookup"));
            }
            if (index >= 0) {
                bound.add(new Bound(index, headers.get(index), field, key));
            }
        }
        if (!forbidden.isEmpty()) {
            throw ForbiddenException.of(forbidden);
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return bound;
    }

    private static int indexOf(List<String> headers, String column) {
        if (column == null) {
            return -1;
        }
        int exact = headers.indexOf(column);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).strip().equalsIgnoreCase(column.strip())) {
                return i;
            }
        }
        return -1;
    }

    /** A target's first unique text field (a code), else its name field, else its id. */
    static String defaultKey(ObjectDefinition target) {
        for (FieldDefinition f : target.fields()) {
            if (f.unique() && (f.type().isTextual() || f.type() == FieldType.INTEGER)) {
                return f.name();
            }
        }
        return target.nameField() != null ? target.nameField() : "id";
    }
}
