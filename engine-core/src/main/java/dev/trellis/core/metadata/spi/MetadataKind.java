package dev.trellis.core.metadata.spi;

import dev.trellis.core.Problem;
import java.util.List;

/**
 * A kind of metadata (app, object; later form, flow, rule, report…): its JSON Schema, its Java record
 * and its semantic validation. Engines contribute their kinds as Spring beans; the store knows no kind
 * by heart.
 *
 * @param <T> the record a document of this kind parses to
 */
public interface MetadataKind<T> {

    /** The kind's name in URLs and storage: {@code object}. */
    String name();

    /** The file of the kind's JSON Schema (draft 2020-12) under {@code trellis/schemas/}: its name + {@code .schema.json}. */
    default String schemaResource() {
        return name() + ".schema.json";
    }

    Class<T> type();

    /** The name the document gives itself, which must equal the name it is saved under. */
    String nameOf(T definition);

    /**
     * Adds every semantic problem of a document that passed its JSON Schema: cross-references,
     * reserved names, duplicates. Paths are JSON pointers into the document.
     */
    void validate(T definition, MetadataContext context, List<Problem> problems);
}
