package dev.trellis.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StorageNamesTest {

    private static final String LONGEST = "o".repeat(63);

    @Test
    void shortNamesAreKeptAsTheyAre() {
        assertThat(StorageNames.shorten("partner__code__uq")).isEqualTo("partner__code__uq");
        assertThat(StorageNames.shorten("x".repeat(63))).isEqualTo("x".repeat(63));
        assertThat(StorageNames.uniqueIndex("partner", "code")).isEqualTo("partner__code__uq");
        assertThat(StorageNames.foreignKey("sales_order", "partner")).isEqualTo("sales_order__partner__fk");
        assertThat(StorageNames.archivedColumn("fax", 2)).isEqualTo("_dropped_fax_g2");
        assertThat(StorageNames.schema("crm")).isEqualTo("app_crm");
        assertThat(StorageNames.table("crm", "partner").toString()).isEqualTo("\"app_crm\".\"partner\"");
    }

    @Test
    void longNamesAreShortenedTo63CharactersKeepingTheirStartAndStayDistinct() {
        String a = "x".repeat(70) + "a";
        String b = "x".repeat(70) + "b";
        assertThat(StorageNames.shorten(a)).hasSize(63).startsWith("x".repeat(52) + "_")
                .isEqualTo(StorageNames.shorten(a)).isNotEqualTo(StorageNames.shorten(b));
        assertThat(StorageNames.shorten("x".repeat(64))).hasSize(63);
    }

    @Test
    void everyNameDerivedFromTheLongestIdentifiersFitsAndNoneCollide() {
        String field = "f".repeat(63);
        List<String> names = List.of(
                StorageNames.primaryKey(LONGEST),
                StorageNames.uniqueIndex(LONGEST, field),
                StorageNames.foreignKey(LONGEST, field),
                StorageNames.lookupIndex(LONGEST, field),
                StorageNames.declaredIndex(LONGEST, field),
                StorageNames.sequence(LONGEST, field),
                StorageNames.losslessCheck(LONGEST, field),
                StorageNames.archivedColumn(field, 12),
                StorageNames.archivedColumn(field, 13),
                StorageNames.archivedTable(LONGEST, 12),
                LONGEST);
        assertThat(names).allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63)).doesNotHaveDuplicates();
    }

    @Test
    void appsWithTheLongestNamesGetDistinctSchemas() {
        Set<String> schemas = List.of("a".repeat(63), "a".repeat(62) + "b", "a".repeat(60)).stream()
                .map(StorageNames::schema).collect(Collectors.toSet());
        assertThat(schemas).hasSize(3).allSatisfy(s -> assertThat(s).startsWith("app_").hasSizeLessThanOrEqualTo(63));
    }
}
