package dev.trellis.form;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Forms as the generated apps and the designer preview draw them, and the one way a form's submission is
 * validated and saved.
 *
 * <p>A submission is {@code {"id": 7, "version": 3, "values": {header fields}, "lines": {"order_line": [
 * {"id": 12, "version": 1, "quantity": 2}, {"quantity": 1, "sku": "A-1"}]}}}: without {@code id} it creates
 * the record; with one it updates it (the version the client read guards it). The lines of a sub-table named
 * in {@code lines} are its complete new content: a line with an id is updated, one without is created, a
 * stored line left out is deleted; a sub-table not named is left alone.
 */
public interface FormService {

    /**
     * The render model of a form for this viewer: the named form, or else the form chosen for the viewer (see
     * {@link #render(Actor, String, String, String, String)}) without a record type.
     */
    default ObjectNode render(Actor actor, String app, String object, String form) {
        return render(actor, app, object, form, null);
    }

    /**
     * The render model of the named form, or when {@code form} is null the form chosen for the viewer: among
     * the object's forms for the record type (a form naming {@code recordTypes} serves only those; one naming
     * none serves every type), one for one of the viewer's roles first, then one for everyone, by name; the
     * object's default form when none fits.
     */
    ObjectNode render(Actor actor, String app, String object, String form, String recordType);

    /** Every problem of a submission, as {@link #submit} would find them, without writing anything. */
    List<Problem> validate(Actor actor, String app, String object, String form, JsonNode submission);

    /**
     * Validates the submission against the form with the viewer's permissions and saves record and lines in
     * one transaction. Any problem — in the submission, or found by the record service while saving — is an
     * {@code InvalidException} listing every problem at its path ({@code /values/amount},
     * {@code /lines/order_line/3/quantity}); nothing is written then.
     */
    FormSubmitResult submit(Actor actor, String app, String object, String form, JsonNode submission);
}
