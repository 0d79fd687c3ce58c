package dev.trellis.rule.testrun;

import tools.jackson.databind.JsonNode;

/**
 * The record a test run evaluates against: sample values (field → JSON value), optionally with the values
 * before an update ({@code prior}); or a stored record by id, optionally with {@code values} changed as an
 * update would (then the stored record is the prior).
 */
public record SampleInput(JsonNode values, JsonNode prior, Long recordId) {

    public static SampleInput values(JsonNode values) {
        return new SampleInput(values, null, null);
    }

    /** Sample values of an update: the record after ({@code values}) and what differed before ({@code prior}). */
    public static SampleInput update(JsonNode values, JsonNode prior) {
        return new SampleInput(values, prior, null);
    }

    public static SampleInput stored(long recordId) {
        return new SampleInput(null, null, recordId);
    }

    /** A stored record as an update giving it {@code changes} would leave it. */
    public static SampleInput storedWith(long recordId, JsonNode changes) {
        return new SampleInput(changes, null, recordId);
    }
}
