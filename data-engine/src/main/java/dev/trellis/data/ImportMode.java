package dev.trellis.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.trellis.core.InvalidException;
import java.util.Arrays;

/**
 * What an import run does with its rows: check them all and write nothing ({@code dry_run}); write every
 * row only if none has a problem ({@code all_or_nothing}); or write the rows without problems and reject the
 * others ({@code valid_only}). Every mode reports every problem by row and column.
 */
public enum ImportMode {
    DRY_RUN, ALL_OR_NOTHING, VALID_ONLY;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static ImportMode named(String name) {
        return Arrays.stream(values()).filter(m -> m.jsonName().equals(name)).findFirst()
                .orElseThrow(() -> InvalidException.of("import-mode-unknown", "/mode",
                        "mode is dry_run, all_or_nothing or valid_only"));
    }
}
