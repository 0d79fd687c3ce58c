package dev.trellis.rule.trigger;

import dev.trellis.core.Actor;
import java.util.List;

/**
 * A user's in-app notifications. Triggers write them in the record's transaction, so a rolled-back write
 * notifies nobody. Everyone sees and marks only their own.
 */
public interface NotificationService {

    /** The actor's notifications, newest first; {@code before} (an id) pages back. */
    List<Notification> list(Actor actor, boolean unreadOnly, int limit, Long before);

    long unreadCount(Actor actor);

    /** Marks one of the actor's notifications read; another user's is not found. Marking twice is no error. */
    void markRead(Actor actor, long id);

    /** Marks all the actor's notifications read; returns how many were unread. */
    int markAllRead(Actor actor);

    /**
     * Sends one notification to each enabled user among {@code userIds} about a record, e.g. a workflow's
     * reminder of an open task; returns how many were written. It joins the caller's transaction.
     */
    int send(java.util.Collection<Long> userIds, String app, String object, long recordId, String source, String title,
            String body);
}
