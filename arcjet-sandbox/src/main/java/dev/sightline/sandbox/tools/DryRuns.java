package dev.sightline.sandbox.tools;

import static dev.sightline.sandbox.tools.ArcjetTools.json;
import static dev.sightline.sandbox.tools.ArcjetTools.round;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.sandbox.traffic.IpProfile;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.TrafficScan;
import dev.sightline.sandbox.traffic.TrafficScan.Count;
import dev.sightline.sandbox.world.Rule;
import dev.sightline.sandbox.world.Site;

/** get-dry-run-impact: what promoting the DRY_RUN rules would block. */
final class DryRuns {

    private DryRuns() {
    }

    static Map<String, Object> impact(Site site, TimeWindow window, TrafficScan scan, List<Rule> currentRules) {
        Map<String, Long> byRule = new LinkedHashMap<>();
        scan.dryRunByRule().forEach(c -> byRule.put(c.key(), c.requests()));
        List<Object> rules = new ArrayList<>();
        for (Rule rule : currentRules) {
            if (!rule.live()) {
                rules.add(json("ruleId", rule.id(), "type", rule.type().wireName(), "summary", rule.summary(),
                        "wouldBlock", byRule.getOrDefault(rule.id(), 0L)));
            }
        }
        List<Object> byType = new ArrayList<>();
        long total = 0;
        for (Reason reason : Reason.values()) {
            long n = scan.dryRunByReason[reason.ordinal()];
            if (n > 0) {
                byType.add(json("type", reason.name(), "wouldBlock", n));
                total += n;
            }
        }
        List<Object> ips = new ArrayList<>();
        for (Count c : scan.topDryRunIps(10)) {
            IpProfile ip = scan.ip(c.key());
            ips.add(json("ip", c.key(), "wouldBlock", c.requests(), "networkType", ip.networkType(), "country", ip.country()));
        }
        long humans = scan.dryRunLikelyHuman();
        return json("siteId", site.id(), "window", window.json(), "totalWouldBlock", total,
                "shareOfTraffic", scan.total == 0 ? 0.0 : round((double) total / scan.total, 4),
                "rules", rules, "byType", byType, "mostAffectedIps", ips,
                "falsePositiveEstimate", json("share", total == 0 ? 0.0 : round((double) humans / total, 4),
                        "basis", "Would-be blocks from residential, mobile and VPN networks, which are mostly people."));
    }
}
