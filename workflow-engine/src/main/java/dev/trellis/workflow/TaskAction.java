package dev.trellis.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an approver does with a task.
 *
 * @param user the user a delegate, transfer or add_signer hands to
 * @param step the earlier step a reject_back returns to
 */
public record TaskAction(Kind action, String comment, Long user, String step) {

    /** The actions on a task. */
    public enum Kind {
        @JsonProperty("approve") APPROVE,
        @JsonProperty("reject") REJECT,
        /** Back to an earlier step, which decides again. */
        @JsonProperty("reject_back") REJECT_BACK,
        /** Back to the submitter: the flow ends and the record is a draft again, to change and resubmit. */
        @JsonProperty("return") RETURN,
        /** Someone else works on it and hands it back ({@code resolve}); the approver still decides. */
        @JsonProperty("delegate") DELEGATE,
        @JsonProperty("resolve") RESOLVE,
        /** Someone else decides instead. */
        @JsonProperty("transfer") TRANSFER,
        /** One more approver in a parallel step. */
        @JsonProperty("add_signer") ADD_SIGNER;

        public String value() {
            return name().toLowerCase();
        }
    }

    public static TaskAction of(Kind action, String comment) {
        return new TaskAction(action, comment, null, null);
    }
}
