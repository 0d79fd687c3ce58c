package dev.trellis.rule;

import dev.trellis.core.Actor;
import java.util.List;

/** The record an expression is evaluated against, as plain values. */
public interface RecordContext {

    /** The value at a path of the record, following lookups; null when blank or when a lookup on the way is. */
    Object value(List<String> path);

    /** The value before the change being made; null on a create. */
    Object prior(List<String> path);

    /** Who is acting. */
    Actor user();
}
