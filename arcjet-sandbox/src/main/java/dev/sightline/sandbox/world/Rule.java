package dev.sightline.sandbox.world;

import java.time.Instant;
import java.util.Map;

/** A remote rule of a site: enforced in {@code LIVE} mode, only logged in {@code DRY_RUN}. */
public record Rule(String id, String siteId, RuleType type, String mode, Map<String, Object> config, String summary,
                   Instant createdAt, Instant updatedAt) {

    public static final String LIVE = "LIVE";
    public static final String DRY_RUN = "DRY_RUN";

    public boolean live() {
        return LIVE.equals(mode);
    }

    Rule withMode(String newMode, Instant at) {
        return new Rule(id, siteId, type, newMode, config, summary, createdAt, at);
    }
}
