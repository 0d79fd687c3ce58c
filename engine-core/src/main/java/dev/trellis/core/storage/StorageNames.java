package dev.trellis.core.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * Names of the database objects made from metadata. Identifiers come only from validated metadata
 * names ({@code ^[a-z][a-z0-9_]{0,62}$}); derived names longer than PostgreSQL's 63 bytes are
 * shortened with a hash so two of them never collide after truncation.
 */
public final class StorageNames {

    private static final int MAX_IDENTIFIER = 63;

    private StorageNames() {
    }

    /** An app's schema; a 63-character app name plus the prefix would otherwise be truncated by PostgreSQL. */
    public static String schema(String app) {
        return shorten("app_" + app);
    }

    public static Name table(String app, String object) {
        return DSL.name(schema(app), object);
    }

    public static String primaryKey(String object) {
        return shorten(object + "__pk");
    }

    public static String uniqueIndex(String object, String field) {
        return derived(object, field, "uq");
    }

    public static String foreignKey(String object, String field) {
        return derived(object, field, "fk");
    }

    /** The index every lookup gets, so joins and cascades do not scan. */
    public static String lookupIndex(String object, String field) {
        return derived(object, field, "fkix");
    }

    /** The (owner_id, id) index of an object whose records are private to their owners. */
    public static String ownerIndex(String object) {
        return derived(object, "owner_id", "ownix");
    }

    public static String declaredIndex(String object, String index) {
        return derived(object, index, "ix");
    }

    /** The check, held only while publishing, that a retyped column's values equal the archived ones. */
    public static String losslessCheck(String object, String field) {
        return derived(object, field, "lossless");
    }

    public static String sequence(String object, String field) {
        return derived(object, field, "seq");
    }

    /** Where a dropped or retyped column's data is kept; field names cannot start with '_'. */
    public static String archivedColumn(String field, int generation) {
        return shorten("_dropped_" + field + "_g" + generation);
    }

    public static String archivedTable(String object, int generation) {
        return shorten("_dropped_" + object + "_g" + generation);
    }

    private static String derived(String object, String part, String suffix) {
        return shorten(object + "__" + part + "__" + suffix);
    }

    static String shorten(String name) {
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        String hash = sha256(name).substring(0, 10);
        return name.substring(0, MAX_IDENTIFIER - 11) + "_" + hash;
    }

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
