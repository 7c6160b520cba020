package dev.sightline.sandbox.tools;

import static dev.sightline.sandbox.tools.ArcjetTools.json;
import static dev.sightline.sandbox.tools.ArcjetTools.round;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.sandbox.traffic.SiteTraffic;
import dev.sightline.sandbox.traffic.TrafficScan;
import dev.sightline.sandbox.traffic.TrafficScan.Filter;
import dev.sightline.sandbox.world.Rule;
import dev.sightline.sandbox.world.Site;

/** get-security-briefing: the state of a site on one page, with what to do first. */
final class Briefings {

    private Briefings() {
    }

    static Map<String, Object> of(Site site, SiteTraffic traffic, List<Rule> rules, Instant now, Map<String, Object> quota) {
        TrafficScan day = new TrafficScan(traffic, now.minus(Duration.ofHours(24)), now, Filter.NONE);
        TrafficScan dayBefore = new TrafficScan(traffic, now.minus(Duration.ofHours(48)), now.minus(Duration.ofHours(24)), Filter.NONE);
        TrafficScan week = new TrafficScan(traffic, now.minus(Duration.ofDays(7)), now, Filter.NONE);

        Map<String, Long> byType = new LinkedHashMap<>();
        rules.forEach(r -> byType.merge(r.type().wireName(), 1L, Long::sum));
        long live = rules.stream().filter(Rule::live).count();

        Map<String, Long> wouldBlock = new LinkedHashMap<>();
        week.dryRunByRule().forEach(c -> wouldBlock.put(c.key(), c.requests()));
        double falsePositiveShare = week.dryRunByRule().isEmpty() ? 0 : (double) week.dryRunLikelyHuman()
                / week.dryRunByRule().stream().mapToLong(TrafficScan.Count::requests).sum();
        List<Object> readiness = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.live()) {
                long n = wouldBlock.getOrDefault(rule.id(), 0L);
                boolean ready = n > 0 && falsePositiveShare < 0.2;
                readiness.add(json("ruleId", rule.id(), "type", rule.type().wireName(), "wouldBlock7d", n, "readyToPromote", ready));
            }
        }

        Map<String, Object> anomalies = Anomalies.compare(
                new TimeWindow(now.minus(Duration.ofHours(24)), now), new TimeWindow(now.minus(Duration.ofHours(48)), now.minus(Duration.ofHours(24))),
                day, dayBefore);

        List<Object> recommendations = new ArrayList<>();
        if (traffic.size() == 0) {
            recommendations.add(json("priority", "HIGH", "title", "No traffic recorded yet",
                    "detail", "No request has reached a route protected by Arcjet. Check that the SDK is installed and that routes call protect()."));
        }
        if (rules.isEmpty() || live == 0) {
            recommendations.add(json("priority", "HIGH", "title", "Nothing is enforced",
                    "detail", "All rules are in DRY_RUN mode (or there are none): Arcjet only logs. Review get-dry-run-impact and promote the rules that are ready."));
        }
        if ("ESCALATING".equals(((Map<?, ?>) anomalies.get("riskEscalation")).get("level"))) {
            recommendations.add(json("priority", "HIGH", "title", "Denials are rising",
                    "detail", "The denial rate of the last 24 hours is well above the day before. Check get-anomalies for the IPs and paths involved."));
        }
        for (Object r : readiness) {
            Map<?, ?> rule = (Map<?, ?>) r;
            if (Boolean.TRUE.equals(rule.get("readyToPromote"))) {
                recommendations.add(json("priority", "MEDIUM", "title", "Promote " + rule.get("ruleId") + " to LIVE",
                        "detail", "It would have blocked " + rule.get("wouldBlock7d") + " requests in 7 days with few likely false positives."));
            }
        }
        Object percent = quota.get("percentUsed");
        if (percent instanceof Number p && p.doubleValue() >= 80) {
            recommendations.add(json("priority", "MEDIUM", "title", "Quota nearly used", "detail", p + "% of this month's requests are used."));
        }
        if (recommendations.isEmpty()) {
            recommendations.add(json("priority", "LOW", "title", "No urgent action", "detail", "Rules are enforced and traffic looks normal."));
        }

        return json("siteId", site.id(), "generatedAt", now.toString(),
                "rules", json("total", rules.size(), "live", live, "dryRun", rules.size() - live, "byType", byType),
                "traffic", json("last24h", ArcjetTools.totals(day), "last7d", ArcjetTools.totals(week)),
                "threats", json("topDenialReasons7d", ArcjetTools.denialReasons(week),
                        "topDeniedIps24h", ArcjetTools.counts(day.topDeniedIps(5), "ip")),
                "anomalies", json("riskEscalation", anomalies.get("riskEscalation"), "trafficSpikes", anomalies.get("trafficSpikes"),
                        "newBotSignatures", anomalies.get("newBotSignatures")),
                "dryRunReadiness", readiness, "quota", quota,
                "recommendations", recommendations, "falsePositiveShare7d", round(falsePositiveShare, 4));
    }
}
