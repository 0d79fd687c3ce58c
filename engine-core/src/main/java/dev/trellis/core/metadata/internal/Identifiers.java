package dev.trellis.core.metadata.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.storage.ObjectTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for names analysts give to apps, objects, fields and indexes. Names become SQL
 * identifiers and expression variables, so they are plain ASCII (a Cyrillic 'а' that looks like 'a'
 * is refused), short enough for PostgreSQL, and never a word SQL or the expression language reserves.
 */
public final class Identifiers {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** PostgreSQL's reserved key words, its hidden system columns, and words of the expression language. */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
            "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
            "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
            "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
            "delete", "desc", "distinct", "do", "drop", "else", "end", "except", "false", "fetch", "for",
            "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
            "inner", "insert", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left",
            "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset",
            "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references",
            "returning", "right", "select", "session_user", "similar", "some", "symmetric", "system_user",
            "table", "tablesample", "then", "to", "trailing", "true", "union", "unique", "update", "user",
            "using", "values", "variadic", "verbose", "when", "where", "window", "with",
            "tableoid", "xmin", "xmax", "cmin", "cmax", "ctid",
            "new", "class", "if", "return", "this", "def", "import", "function", "var", "foreach", "while",
            "until", "assert", "contains", "soundslike", "strsim", "instanceof", "empty", "nil");

    private Identifiers() {
    }

    /** Adds a problem if {@code name} may not name an app, object, field or index. */
    public static void check(String name, String path, List<Problem> problems) {
        if (name == null) {
            return;
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(new Problem("name-invalid", path, "'" + name + "' is not a valid name: start with a"
                    + " lower-case ASCII letter, then use lower-case letters, digits or _ (at most 63)",
                    Map.of("name", name)));
        } else if (name.contains("__")) {
            // derived database names join parts with "__"; a name holding it could collide with one of them
            problems.add(new Problem("name-invalid", path, "'" + name + "' may not contain two underscores in a row",
                    Map.of("name", name)));
        } else if (RESERVED.contains(name)) {
            problems.add(new Problem("name-reserved", path, "'" + name + "' is a reserved word", Map.of("name", name)));
        }
    }

    /** Like {@link #check}, and a field may not take the name of a system column. */
    public static void checkField(String name, String path, List<Problem> problems) {
        check(name, path, problems);
        if (ObjectTable.SYSTEM_COLUMNS.contains(name)) {
            problems.add(new Problem("name-reserved", path, "'" + name + "' is a system field every object has",
                    Map.of("name", name)));
        }
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("__") && !RESERVED.contains(name);
    }
}
