package dev.sightline.sandbox.tools;

import java.util.ArrayList;
import java.util.List;

import dev.sightline.sandbox.traffic.IpProfile;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.world.Rule;

/** The sentences explain-decision and friends answer with. */
final class Explanations {

    private Explanations() {
    }

    static String summary(RequestDecision d) {
        String who = d.bot() != null ? "the bot " + d.bot().name() + " (" + d.bot().category() + ")"
                : "a client at " + d.ip().address() + " (" + d.ip().asnName() + ", " + d.ip().country() + ")";
        return switch (d.conclusion()) {
            case ALLOW -> d.dryRunReason() != Reason.NONE
                    ? "Allowed " + d.method() + " " + d.path() + " from " + who + ". The DRY_RUN rule " + d.dryRunRuleId()
                    + " would have denied it (" + d.dryRunReason() + "), but DRY_RUN rules only log."
                    : "Allowed " + d.method() + " " + d.path() + " from " + who + ": no rule objected.";
            case DENY -> "Denied " + d.method() + " " + d.path() + " from " + who + " because of " + reasonInWords(d.reason())
                    + " (rule " + d.ruleId() + ").";
            case CHALLENGE -> "Challenged " + d.method() + " " + d.path() + " from " + who + ": bot detection was not certain, so the client "
                    + "had to prove it is a browser.";
            case ERROR -> "Arcjet could not reach a decision for " + d.method() + " " + d.path() + " in time, so the request was allowed (fail open).";
        };
    }

    static List<String> nextSteps(RequestDecision d) {
        List<String> steps = new ArrayList<>();
        switch (d.reason()) {
            case RATE_LIMIT -> {
                steps.add("If this client is legitimate, raise the limit or key it by user instead of IP.");
                steps.add("Use investigate-ip to see how many requests this IP sent.");
            }
            case BOT -> {
                steps.add("If this automated client is wanted, add its category to the bot rule's allow list.");
                steps.add("Use get-anomalies to see whether this bot is new.");
            }
            case SHIELD -> steps.add("No action needed: the request carried an attack payload. Check that the targeted route validates input.");
            case FILTER -> steps.add("Review the filter expression if this network should be allowed.");
            case EMAIL -> steps.add("The sign-up used a disposable or invalid email address; no action needed.");
            default -> {
                if (d.dryRunReason() != Reason.NONE) {
                    steps.add("Check get-dry-run-impact before promoting " + d.dryRunRuleId() + " to LIVE.");
                } else {
                    steps.add("No action needed.");
                }
            }
        }
        return steps;
    }

    static String ruleVerdict(Rule rule, String result) {
        return switch (result) {
            case "DENY" -> "This rule denied the request.";
            case "CHALLENGE" -> "This rule challenged the request.";
            case "DRY_RUN_DENY" -> "This rule is in DRY_RUN: it would have denied the request, but only logged it.";
            default -> "This rule allowed the request.";
        };
    }

    static List<String> threatActivity(IpProfile ip) {
        return switch (ip.networkType()) {
            case "TOR" -> List.of("Tor exit node");
            case "VPN" -> List.of("Commercial VPN");
            case "HOSTING" -> ip.riskLevel().equals("HIGH") ? List.of("Hosting provider", "Seen in automated attacks") : List.of("Hosting provider");
            default -> ip.riskLevel().equals("HIGH") ? List.of("Sanctioned region") : List.of();
        };
    }

    static String reasonInWords(Reason reason) {
        return switch (reason) {
            case RATE_LIMIT -> "the rate limit";
            case BOT -> "bot detection";
            case SHIELD -> "Shield (attack detection)";
            case FILTER -> "a filter rule";
            case EMAIL -> "email validation";
            case SENSITIVE_INFO -> "sensitive information detection";
            default -> reason.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
