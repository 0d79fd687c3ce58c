package dev.trellis.rule.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.rule.trigger.TriggerRecursionException;
import org.junit.jupiter.api.Test;

class TriggerStackTest {

    private static final Actor ADMIN = Actor.system();
    private final TriggerStack stack = new TriggerStack();

    private static TriggerStack.Frame frame(String trigger, long id) {
        return new TriggerStack.Frame("app", trigger, "order", id);
    }

    @Test
    void aTriggerRunningForARecordMayNotStartAgainForIt() {
        stack.enterEvent(ADMIN);
        assertThat(stack.enter(frame("a", 1))).isTrue();
        assertThat(stack.enter(frame("a", 2))).isTrue();
        assertThatThrownBy(() -> stack.enter(frame("a", 1))).isInstanceOf(TriggerRecursionException.class)
                .hasMessageContaining("a (order 1) → a (order 2) → a (order 1)");
    }

    @Test
    void aTriggerThatFinishedForARecordIsSkippedForItUntilTheWriteEnds() {
        stack.enterEvent(ADMIN);
        assertThat(stack.enter(frame("a", 1))).isTrue();
        stack.leave(frame("a", 1));
        assertThat(stack.enter(frame("a", 1))).isFalse();
        stack.leaveEvent();
        stack.enterEvent(ADMIN);
        assertThat(stack.enter(frame("a", 1))).isTrue();
    }

    @Test
    void chainsStopAtTheDepthLimit() {
        stack.enterEvent(ADMIN);
        for (int i = 0; i < TriggerStack.MAX_DEPTH; i++) {
            assertThat(stack.enter(frame("grow", i))).isTrue();
        }
        assertThatThrownBy(() -> stack.enter(frame("grow", 99))).isInstanceOf(TriggerRecursionException.class)
                .hasMessageStartingWith("triggers may call each other at most 5 deep");
    }
}
