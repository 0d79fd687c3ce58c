/**
 * Triggers: a metadata kind ({@code trigger}) whose ordered actions run inside a record write's transaction
 * — set fields, create a related record, notify users in the app, call a webhook, start a flow — with a guard
 * against recursion; in-app notifications; and the outbox through which webhooks (signed, retried with
 * backoff, logged) and flow starts leave the database only after the write commits.
 */
package dev.trellis.rule.trigger;
