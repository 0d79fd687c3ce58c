package dev.trellis.form;

import java.util.List;
import java.util.Map;

/**
 * What a form submission saved: the record as it is after the save (its roll-ups and formulas included),
 * per sub-table the ids of the submitted lines in submission order, and the totals the server computed.
 */
public record FormSubmitResult(Map<String, Object> record, Map<String, List<Long>> lines,
        Map<String, List<FormTotal>> totals) {
}
