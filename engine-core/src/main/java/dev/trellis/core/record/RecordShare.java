package dev.trellis.core.record;

import java.time.OffsetDateTime;

/** A record shared by hand with one user, for reading or for changing ({@code access}: read or edit). */
public record RecordShare(long userId, String username, String access, long sharedBy, OffsetDateTime sharedAt) {
}
