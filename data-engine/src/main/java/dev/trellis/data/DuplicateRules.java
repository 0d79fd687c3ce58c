package dev.trellis.data;

import java.util.List;

/**
 * How to find likely duplicates of an object's records (partners, customers).
 *
 * @param keys       fields whose equal values mean the same party (a tax id, a business licence number), compared
 *                   without case, spaces or dashes
 * @param name       the name field (default: the object's name field), compared normalised: case, spaces,
 *                   punctuation and company suffixes (有限公司, Co., Ltd.) removed
 * @param phone      a phone field: the same normalised name and the same phone digits make a candidate
 * @param similarity names at least this similar (trigram similarity, 0 to 1) make a candidate; null: 0.6;
 *                   0 turns the similar-name rule off
 * @param limit      candidate pairs at most (default 200)
 */
public record DuplicateRules(List<String> keys, String name, String phone, Double similarity, Integer limit) {

    public DuplicateRules {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public double effectiveSimilarity() {
        return similarity == null ? 0.6 : similarity;
    }

    public int effectiveLimit() {
        return limit == null ? 200 : Math.max(1, Math.min(limit, 1000));
    }
}
