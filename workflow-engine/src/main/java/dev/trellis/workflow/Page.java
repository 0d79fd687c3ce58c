package dev.trellis.workflow;

import java.util.List;

/** A page of an inbox list, newest first; {@code next} is the cursor of the following page, null at the end. */
public record Page<T>(List<T> items, Long next) {
}
