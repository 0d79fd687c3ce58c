package dev.trellis.core.metadata;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Who sees an object's records.
 *
 * @param model            head-office users' default access; public read/write when not given
 * @param partnerAccount   this object is the app's partner account (distributor, agent, retailer):
 *                         a partner user sees only their own account's record
 * @param partnerPath      the lookups from a record to its partner account, e.g. {@code order.partner}
 *                         on an order line; partner users see the records on their own account's path
 * @param partnerPublished a record filter: matching records are readable by every partner user; a
 *                         value may be {@code {"$partner": "tier"}}, the partner user's account's field
 * @param rules            sharing rules for head-office users
 */
public record SharingDefinition(SharingModel model, boolean partnerAccount, String partnerPath,
        JsonNode partnerPublished, List<SharingRule> rules) {

    public static final SharingDefinition DEFAULT = new SharingDefinition(null, false, null, null, null);

    public SharingDefinition {
        model = model == null ? SharingModel.PUBLIC_READ_WRITE : model;
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (partnerPublished != null && partnerPublished.isNull()) {
            partnerPublished = null;
        }
    }

    /** The lookup names of {@link #partnerPath}, from this object outwards. */
    public List<String> partnerPathSteps() {
        return partnerPath == null || partnerPath.isBlank() ? List.of() : List.of(partnerPath.split("\\.", -1));
    }
}
