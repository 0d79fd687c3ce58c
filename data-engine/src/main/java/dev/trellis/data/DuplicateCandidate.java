package dev.trellis.data;

import java.util.List;
import java.util.Map;

/**
 * Two records that are likely the same party, with why: {@code same tax_id}, {@code same name and phone},
 * {@code similar name (0.82)}; {@code score} orders candidates (1 for an equal key).
 */
public record DuplicateCandidate(Map<String, Object> first, Map<String, Object> second, List<String> reasons,
        double score) {
}
