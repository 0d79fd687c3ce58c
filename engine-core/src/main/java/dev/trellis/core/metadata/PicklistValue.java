package dev.trellis.core.metadata;

import java.util.Map;

/** One choice of a picklist: the stored value and its labels by locale ({@code en}, {@code zh-CN}). */
public record PicklistValue(String value, Map<String, String> label) {

    public PicklistValue {
        label = label == null ? Map.of() : Map.copyOf(label);
    }
}
