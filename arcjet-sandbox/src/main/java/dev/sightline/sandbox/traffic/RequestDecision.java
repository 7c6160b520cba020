package dev.sightline.sandbox.traffic;

import java.time.Instant;

/**
 * One request that hit a protected route, with Arcjet's decision. {@code ruleId}: the rule that
 * decided ("local:…" for rules in the application's code), or null when none objected.
 * {@code dryRunReason}/{@code dryRunRuleId}: what a DRY_RUN rule would have done.
 */
public record RequestDecision(String id, Instant timestamp, String method, String path, IpProfile ip,
                              String userAgent, Bot bot, Conclusion conclusion, Reason reason, String ruleId,
                              Reason dryRunReason, String dryRunRuleId, int statusCode) {

    public boolean denied() {
        return conclusion == Conclusion.DENY;
    }
}
