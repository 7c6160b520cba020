package dev.sightline.vault;

/**
 * A module's stored sealed values, as the vault needs them before it retires old keys: each owner
 * re-seals its stale values with the current primary key and says how many it could not.
 */
public interface SealedValues {

    /** Re-seals every value sealed with an older key; returns how many are still sealed with one afterwards. */
    long resealStale();
}
