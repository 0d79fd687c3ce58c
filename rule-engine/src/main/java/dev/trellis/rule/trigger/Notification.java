package dev.trellis.rule.trigger;

import java.time.OffsetDateTime;

/**
 * An in-app notification for one user, about a record ({@code app}, {@code object}, {@code recordId}),
 * sent by {@code source} (a trigger's name). Unread while {@code readAt} is null.
 */
public record Notification(long id, long userId, String app, String object, Long recordId, String source,
        String title, String body, OffsetDateTime createdAt, OffsetDateTime readAt) {

    public boolean unread() {
        return readAt == null;
    }
}
