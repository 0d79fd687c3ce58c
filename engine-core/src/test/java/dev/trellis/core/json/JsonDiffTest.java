package dev.trellis.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.trellis.core.metadata.JsonChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

    private static List<JsonChange> diff(String from, String to) {
        return JsonDiff.diff(from == null ? null : Json.parse(from), Json.parse(to));
    }

    @Test
    void equalDocumentsHaveNoChanges() {
        assertThat(diff("{\"a\": [1, {\"b\": null}]}", "{\"a\": [1, {\"b\": null}]}")).isEmpty();
    }

    @Test
    void propertiesAreAddedRemovedAndReplacedAtTheirPointers() {
        assertThat(diff("{\"a\": 1, \"b\": {\"c\": true}, \"d\": \"x\"}", "{\"a\": 2, \"b\": {}, \"e\": [1]}"))
                .extracting(JsonChange::op, JsonChange::path, c -> String.valueOf(c.oldValue()),
                        c -> String.valueOf(c.newValue()))
                .containsExactly(
                        tuple("replace", "/a", "1", "2"),
                        tuple("remove", "/b/c", "true", "null"),
                        tuple("remove", "/d", "\"x\"", "null"),
                        tuple("add", "/e", "null", "[1]"));
    }

    @Test
    void aValueChangingKindIsReplacedWhole() {
        assertThat(diff("{\"a\": {\"b\": 1}}", "{\"a\": \"b\"}")).extracting(JsonChange::op, JsonChange::path)
                .containsExactly(tuple("replace", "/a"));
    }

    @Test
    void namedElementsAreComparedByNameWhereverTheyMove() {
        String from = """
                {"fields": [{"name": "amount", "scale": 2}, {"name": "status", "type": "text"}]}""";
        String to = """
                {"fields": [{"name": "note"}, {"name": "amount", "scale": 4}]}""";
        assertThat(diff(from, to)).extracting(JsonChange::op, JsonChange::path).containsExactly(
                tuple("replace", "/fields/amount/scale"),
                tuple("remove", "/fields/status"),
                tuple("add", "/fields/note"));
    }

    @Test
    void namedElementsChangingPlacesAreAReorder() {
        assertThat(diff("{\"fields\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}]}",
                "{\"fields\": [{\"name\": \"c\"}, {\"name\": \"a\"}, {\"name\": \"b\"}]}"))
                .extracting(JsonChange::op, JsonChange::path, c -> c.oldValue().toString(), c -> c.newValue().toString())
                .containsExactly(tuple("reorder", "/fields", "[\"a\",\"b\",\"c\"]", "[\"c\",\"a\",\"b\"]"));
        assertThat(diff("{\"fields\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
                "{\"fields\": [{\"name\": \"a\"}, {\"name\": \"x\"}, {\"name\": \"b\"}]}"))
                .extracting(JsonChange::op).containsExactly("add");
    }

    @Test
    void picklistValuesAreComparedByValue() {
        assertThat(diff("{\"values\": [{\"value\": \"open\"}, {\"value\": \"paid\", \"label\": {\"en\": \"Paid\"}}]}",
                "{\"values\": [{\"value\": \"paid\", \"label\": {\"en\": \"Settled\"}}, {\"value\": \"void\"}]}"))
                .extracting(JsonChange::op, JsonChange::path).containsExactly(
                        tuple("remove", "/values/open"),
                        tuple("replace", "/values/paid/label/en"),
                        tuple("add", "/values/void"));
    }

    @Test
    void theFirstNamedElementOfAnEmptyArrayIsAddressedByName() {
        assertThat(diff("{\"indexes\": []}", "{\"indexes\": [{\"name\": \"by_status\", \"fields\": [\"status\"]}]}"))
                .extracting(JsonChange::op, JsonChange::path).containsExactly(tuple("add", "/indexes/by_status"));
        assertThat(diff("{\"indexes\": [{\"name\": \"by_status\"}]}", "{\"indexes\": []}"))
                .extracting(JsonChange::op, JsonChange::path).containsExactly(tuple("remove", "/indexes/by_status"));
    }

    @Test
    void otherArraysAreComparedByPosition() {
        assertThat(diff("{\"tags\": [\"a\", \"b\"]}", "{\"tags\": [\"a\", \"c\", \"d\"]}"))
                .extracting(JsonChange::op, JsonChange::path)
                .containsExactly(tuple("replace", "/tags/1"), tuple("add", "/tags/2"));
        // a name that repeats cannot identify an element
        assertThat(diff("{\"f\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", "{\"f\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"))
                .extracting(JsonChange::op, JsonChange::path).containsExactly(tuple("replace", "/f/1/name"));
    }

    @Test
    void keysAreEscapedAsJsonPointerTokens() {
        assertThat(diff("{}", "{\"a/b\": 1, \"m~n\": 2}")).extracting(JsonChange::path)
                .containsExactly("/a~1b", "/m~0n");
    }

    @Test
    void aDocumentThatDidNotExistIsAddedWhole() {
        assertThat(diff(null, "{\"name\": \"x\"}")).extracting(JsonChange::op, JsonChange::path)
                .containsExactly(tuple("add", ""));
    }
}
