package dev.trellis.core.testing;

import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.spi.RecordListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener for the tests: it listens to objects named {@code watched}, keeps what it was told, and
 * refuses (throws, rolling the write back) a record whose {@code name} is {@code "veto"}.
 */
public final class RecordingListener implements RecordListener {

    private final List<RecordChangedEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public boolean listensTo(String app, String object) {
        return object.equals("watched");
    }

    @Override
    public void onChange(RecordChangedEvent event) {
        events.add(event);
        boolean veto = event.changes().stream().anyMatch(c -> c.field().equals("name") && "veto".equals(c.newValue()));
        if (veto) {
            throw new IllegalStateException("vetoed by the test listener");
        }
    }

    public List<RecordChangedEvent> events() {
        return events;
    }
}
