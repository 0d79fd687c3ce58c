package dev.trellis.rule.trigger.internal;

import dev.trellis.core.Actor;
import dev.trellis.rule.trigger.TriggerRecursionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The triggers running on this thread, for the recursion guard. A trigger's own writes (set fields, a
 * related record) go through the record service and reach the listener again on the same thread, inside
 * the same transaction, so the thread is where one write's chain of triggers can be seen whole.
 *
 * <p>Within one write (from the outermost record event until the listener returns from it): a trigger that
 * fires for a record while it is still running for that record is refused, as is a chain deeper than
 * {@link #MAX_DEPTH}; a trigger that fires again for a record after it finished for it in the same write is
 * skipped, so a notification or webhook goes out once per record and write.
 */
final class TriggerStack {

    static final int MAX_DEPTH = 5;

    /** One trigger running for one record. */
    record Frame(String app, String trigger, String object, long recordId) {

        @Override
        public String toString() {
            return trigger + " (" + object + " " + recordId + ")";
        }
    }

    private static final class Write {
        final Actor origin;
        final Deque<Frame> running = new ArrayDeque<>();
        final Set<Frame> finished = new HashSet<>();
        int events;

        Write(Actor origin) {
            this.origin = origin;
        }
    }

    private final ThreadLocal<Write> writes = new ThreadLocal<>();

    /**
     * Marks the start of handling one record event by {@code actor}; pair with {@link #leaveEvent()} in a
     * finally. The actor of the outermost event is the write's origin.
     */
    void enterEvent(Actor actor) {
        Write write = writes.get();
        if (write == null) {
            write = new Write(actor);
            writes.set(write);
        }
        write.events++;
    }

    /**
     * The user whose write started the chain: triggers set off by another trigger's write still see them as
     * {@code user}, and records they create are still theirs.
     */
    Actor origin() {
        return writes.get().origin;
    }

    void leaveEvent() {
        Write write = writes.get();
        if (--write.events == 0) {
            writes.remove();
        }
    }

    /**
     * Whether the trigger may run for the record now: false when it already ran for it in this write.
     *
     * @throws TriggerRecursionException when it is running for the record already, or the chain is too deep
     */
    boolean enter(Frame frame) {
        Write write = writes.get();
        if (write.running.contains(frame)) {
            List<String> chain = chain(write, frame);
            throw new TriggerRecursionException("trigger " + frame.trigger() + " would run again for " + frame.object()
                    + " " + frame.recordId() + " while it is still running for it (" + String.join(" → ", chain)
                    + "); the write was refused so that the triggers do not loop. Give the trigger a condition its "
                    + "own changes make false, such as isChanged('amount')", chain);
        }
        if (write.finished.contains(frame)) {
            return false;
        }
        if (write.running.size() >= MAX_DEPTH) {
            List<String> chain = chain(write, frame);
            throw new TriggerRecursionException("triggers may call each other at most " + MAX_DEPTH + " deep ("
                    + String.join(" → ", chain) + "); the write was refused", chain);
        }
        write.running.addLast(frame);
        return true;
    }

    void leave(Frame frame) {
        Write write = writes.get();
        write.running.removeLastOccurrence(frame);
        write.finished.add(frame);
    }

    private static List<String> chain(Write write, Frame next) {
        List<String> chain = new java.util.ArrayList<>(write.running.stream().map(Frame::toString).toList());
        chain.add(next.toString());
        return chain;
    }
}
