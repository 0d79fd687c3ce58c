package dev.trellis.core.record.spi;

import dev.trellis.core.record.RecordChangedEvent;

/**
 * Acts on record writes inside their transaction: triggers, flow starts, roll-ups. A listener that
 * throws rolls the write back. Engines contribute listeners as Spring beans.
 *
 * <p>The record service asks {@link #listensTo} once per published generation and object; a write to
 * an object nobody listens to needs no transaction of its own when it is a single statement.
 */
public interface RecordListener {

    boolean listensTo(String app, String object);

    void onChange(RecordChangedEvent event);
}
