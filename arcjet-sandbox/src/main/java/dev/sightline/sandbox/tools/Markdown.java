package dev.sightline.sandbox.tools;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tools' results as Arcjet's earlier open-source MCP server wrote them: one markdown text, a
 * sentence or heading first, then bullet lists, {@code key: value} lines and tables, ids in
 * backticks. Each tool has its own layout, as a hand-written server would, but every fact of the
 * JSON result is in it (every field, every list item, the cursor), so a careful client that reads
 * text loses nothing. Deterministic: the same result always gives the same text.
 */
public final class Markdown {

    private static final Map<String, Function<Map<String, Object>, String>> RENDERERS = Map.ofEntries(
            Map.entry("list-teams", Markdown::listTeams),
            Map.entry("list-sites", Markdown::listSites),
            Map.entry("create-site", Markdown::createSite),
            Map.entry("get-site-key", Markdown::siteKey),
            Map.entry("list-requests", Markdown::listRequests),
            Map.entry("get-request-details", Markdown::requestDetails),
            Map.entry("explain-decision", Markdown::explainDecision),
            Map.entry("get-site-quota", Markdown::quota),
            Map.entry("analyze-traffic", Markdown::analyzeTraffic),
            Map.entry("get-anomalies", Markdown::anomalies),
            Map.entry("investigate-ip", Markdown::investigateIp),
            Map.entry("get-dry-run-impact", Markdown::dryRunImpact),
            Map.entry("get-security-briefing", Markdown::briefing),
            Map.entry("list-rules", Markdown::listRules),
            Map.entry("create-rule", r -> "Rule created successfully.\n\n" + rule(map(r, "rule"))),
            Map.entry("update-rule", r -> "Rule updated successfully. Its whole configuration was replaced.\n\n" + rule(map(r, "rule"))),
            Map.entry("delete-rule", Markdown::deleteRule),
            Map.entry("promote-rule", r -> "Rule promoted to LIVE: it is now enforced.\n\n" + rule(map(r, "rule"))),
            Map.entry("list-guard-policies", Markdown::listGuardPolicies),
            Map.entry("describe-guard-policy", Markdown::guardPolicy),
            Map.entry("validate-guard-policy", Markdown::validateGuardPolicy),
            Map.entry("put-guard-policy", Markdown::putGuardPolicy));

    /** What each tool failed to do, the sentence its failures start with. */
    private static final Map<String, String> FAILURES = Map.ofEntries(
            Map.entry("list-teams", "Failed to retrieve teams from Arcjet API."),
            Map.entry("list-sites", "Failed to retrieve sites from Arcjet API."),
            Map.entry("create-site", "Failed to create site."),
            Map.entry("get-site-key", "Failed to retrieve site key from Arcjet API."),
            Map.entry("list-requests", "Failed to retrieve requests from Arcjet API."),
            Map.entry("get-request-details", "Failed to retrieve request details from Arcjet API."),
            Map.entry("explain-decision", "Failed to explain decision."),
            Map.entry("get-site-quota", "Failed to retrieve site quota from Arcjet API."),
            Map.entry("analyze-traffic", "Failed to analyze traffic."),
            Map.entry("get-anomalies", "Failed to retrieve anomalies from Arcjet API."),
            Map.entry("investigate-ip", "Failed to investigate IP."),
            Map.entry("get-dry-run-impact", "Failed to retrieve dry-run impact from Arcjet API."),
            Map.entry("get-security-briefing", "Failed to generate security briefing."),
            Map.entry("list-rules", "Failed to retrieve rules from Arcjet API."),
            Map.entry("create-rule", "Failed to create rule."),
            Map.entry("update-rule", "Failed to update rule."),
            Map.entry("delete-rule", "Failed to delete rule."),
            Map.entry("promote-rule", "Failed to promote rule."),
            Map.entry("list-guard-policies", "Failed to retrieve Guard policies from Arcjet API."),
            Map.entry("describe-guard-policy", "Failed to retrieve Guard policy from Arcjet API."),
            Map.entry("validate-guard-policy", "Failed to validate Guard policy."),
            Map.entry("put-guard-policy", "Failed to save Guard policy."));

    private Markdown() {
    }

    /** The result of a tool as markdown. */
    public static String render(String tool, Map<String, Object> result) {
        Function<Map<String, Object>, String> renderer = RENDERERS.get(tool);
        if (renderer == null) {
            throw new IllegalArgumentException("No markdown layout for " + tool);
        }
        return renderer.apply(result).stripTrailing();
    }

    /** A failure as plain text: what failed, then why. */
    public static String failure(String tool, String reason) {
        return FAILURES.getOrDefault(tool, "Failed to call " + tool + ".") + " " + reason;
    }

    // ---- teams and sites ----

    private static String listTeams(Map<String, Object> r) {
        List<Map<String, Object>> teams = list(r, "teams");
        if (teams.isEmpty()) {
            return "No teams found for this user.";
        }
        StringBuilder out = new StringBuilder("Available teams:\n");
        for (int i = 0; i < teams.size(); i++) {
            Map<String, Object> team = teams.get(i);
            out.append("• ").append(team.get("name")).append(" (ID: ").append(code(team.get("id"))).append(")")
                    .append(i == 0 ? " [default]" : "").append('\n')
                    .append("  - Plan: ").append(team.get("plan")).append('\n')
                    .append("  - Sites: ").append(num(team.get("siteCount"))).append('\n');
        }
        return out.toString();
    }

    private static String listSites(Map<String, Object> r) {
        List<Map<String, Object>> sites = list(r, "sites");
        if (sites.isEmpty()) {
            return "No sites found in team " + code(r.get("teamId")) + ". Use create-site to add one.";
        }
        StringBuilder out = new StringBuilder("Sites in team " + code(r.get("teamId")) + ":\n");
        for (Map<String, Object> site : sites) {
            out.append("• ").append(site.get("name")).append(" (ID: ").append(code(site.get("id"))).append(")\n")
                    .append("  - Environment: ").append(site.get("environment")).append('\n')
                    .append("  - Created: ").append(site.get("createdAt")).append('\n');
        }
        return out.toString();
    }

    private static String createSite(Map<String, Object> r) {
        Map<String, Object> site = map(r, "site");
        return "Site created successfully.\n\n"
                + "- Name: " + site.get("name") + "\n"
                + "- ID: " + code(site.get("id")) + "\n"
                + "- Team: " + code(site.get("teamId")) + "\n"
                + "- Environment: " + site.get("environment") + "\n"
                + "- Created: " + site.get("createdAt") + "\n\n"
                + "Use get-site-key to get its SDK key.";
    }

    private static String siteKey(Map<String, Object> r) {
        return "SDK key for site " + code(r.get("siteId")) + ":\n\n" + code(r.get("key")) + "\n\n"
                + "Set it as ARCJET_KEY in your application's environment and keep it secret.";
    }

    // ---- requests ----

    private static String listRequests(Map<String, Object> r) {
        List<Map<String, Object>> requests = list(r, "requests");
        Map<String, Object> window = map(r, "window");
        StringBuilder out = new StringBuilder();
        if (requests.isEmpty()) {
            out.append("No requests found for site ").append(code(r.get("siteId"))).append(" between ").append(window.get("start"))
                    .append(" and ").append(window.get("end")).append(".\n");
        } else {
            out.append("Found ").append(num(requests.size())).append(requests.size() == 1 ? " request" : " requests")
                    .append(" for site ").append(code(r.get("siteId"))).append(" between ").append(window.get("start"))
                    .append(" and ").append(window.get("end")).append(" (newest first):\n\n");
            for (Map<String, Object> request : requests) {
                out.append("• ").append(code(request.get("id"))).append(" at ").append(request.get("timestamp")).append(": ")
                        .append(request.get("method")).append(' ').append(request.get("path")).append('\n')
                        .append("  - Decision: ").append(request.get("conclusion")).append(" (").append(request.get("reason")).append(")");
                if (request.get("ruleId") != null) {
                    out.append(" by rule ").append(code(request.get("ruleId")));
                }
                out.append('\n').append("  - Client: ").append(request.get("ip")).append(", country ").append(request.get("country")).append('\n');
                if (request.get("bot") != null) {
                    out.append("  - Bot: ").append(request.get("bot")).append('\n');
                }
                if (request.get("userAgent") != null) {
                    out.append("  - User agent: ").append(request.get("userAgent")).append('\n');
                }
            }
        }
        Object next = r.get("nextCursor");
        out.append('\n').append(next == null ? "No more requests (last page)." : "Next cursor: " + code(next));
        return out.toString();
    }

    private static String requestDetails(Map<String, Object> r) {
        Map<String, Object> decision = map(r, "decision");
        Map<String, Object> ip = map(r, "ip");
        StringBuilder out = new StringBuilder("Request " + code(r.get("id")) + " on site " + code(r.get("siteId")) + "\n\n");
        out.append("Time: ").append(r.get("timestamp")).append('\n')
                .append("Request: ").append(r.get("method")).append(' ').append(r.get("path")).append(" → HTTP ").append(num(r.get("statusCode"))).append('\n')
                .append("Conclusion: ").append(decision.get("conclusion")).append('\n')
                .append("Reason: ").append(decision.get("reason")).append('\n');
        if (decision.get("ruleId") != null) {
            out.append("Deciding rule: ").append(code(decision.get("ruleId"))).append('\n');
        }
        out.append("\nClient IP:\n")
                .append("- Address: ").append(ip.get("address")).append(" (IPv").append(num(ip.get("version"))).append(")\n")
                .append("- Location: ").append(ip.get("city")).append(", ").append(ip.get("country")).append('\n')
                .append("- Network: AS").append(ip.get("asn")).append(' ').append(ip.get("asnName")).append(" (").append(ip.get("networkType")).append(")\n")
                .append("- Risk level: ").append(ip.get("riskLevel")).append('\n');
        if (r.get("bot") != null) {
            Map<String, Object> bot = map(r, "bot");
            out.append("\nBot: ").append(bot.get("name")).append(" (").append(bot.get("category")).append(", ")
                    .append(Boolean.TRUE.equals(bot.get("verified")) ? "verified" : "not verified").append(")\n");
        }
        out.append("\nHeaders:\n");
        map(r, "headers").forEach((name, value) -> out.append("- ").append(name).append(": ").append(value).append('\n'));
        out.append("\nRules executed:\n");
        out.append(ruleResultsTable(list(r, "rulesExecuted")));
        return out.toString();
    }

    private static String ruleResultsTable(List<Map<String, Object>> rules) {
        if (rules.isEmpty()) {
            return "No remote rule ran on this request.\n";
        }
        StringBuilder out = new StringBuilder("| Rule | Type | Mode | Result | Explanation |\n|---|---|---|---|---|\n");
        for (Map<String, Object> rule : rules) {
            out.append("| ").append(code(rule.get("ruleId"))).append(" | ").append(cell(rule.get("type"))).append(" | ").append(cell(rule.get("mode")))
                    .append(" | ").append(cell(rule.get("conclusion"))).append(rule.get("reason") != null ? " (" + cell(rule.get("reason")) + ")" : "")
                    .append(" | ").append(cell(rule.get("explanation"))).append(" |\n");
        }
        return out.toString();
    }

    private static String explainDecision(Map<String, Object> r) {
        StringBuilder out = new StringBuilder("Decision for request " + code(r.get("requestId")) + ": " + r.get("conclusion")
                + " (reason: " + r.get("reason") + ")\n\n");
        out.append(r.get("summary")).append("\n\nRule breakdown:\n");
        List<Map<String, Object>> rules = list(r, "rules");
        if (rules.isEmpty()) {
            out.append("No remote rule ran on this request.\n");
        }
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> rule = rules.get(i);
            out.append(i + 1).append(". ").append(code(rule.get("ruleId"))).append(" (").append(rule.get("type")).append(", ").append(rule.get("mode"))
                    .append("): ").append(rule.get("conclusion")).append(rule.get("reason") != null ? " (" + rule.get("reason") + ")" : "")
                    .append(". ").append(rule.get("explanation")).append('\n');
        }
        out.append("\nNext steps:\n");
        for (Object step : (List<?>) r.get("nextSteps")) {
            out.append("- ").append(step).append('\n');
        }
        return out.toString();
    }

    // ---- quota and analytics ----

    private static String quota(Map<String, Object> r) {
        Map<String, Object> window = map(r, "window");
        return "Quota for site " + code(r.get("siteId")) + " (team " + code(r.get("teamId")) + ", " + r.get("plan") + " plan):\n\n"
                + "Used: " + num(r.get("used")) + " of " + num(r.get("limit")) + " requests (" + percentValue(r.get("percentUsed")) + ")\n"
                + "Remaining: " + num(r.get("remaining")) + "\n"
                + "Billing window: " + window.get("start") + " to " + window.get("end") + "\n";
    }

    private static String analyzeTraffic(Map<String, Object> r) {
        Map<String, Object> window = map(r, "window");
        StringBuilder out = new StringBuilder("Traffic analysis for site " + code(r.get("siteId")) + "\n");
        out.append("Period: ").append(window.get("start")).append(" to ").append(window.get("end")).append("\n\n");
        out.append(totals(r, ""));
        out.append("\nTop paths:\n").append(countTable("Path", list(r, "topPaths"), "path"));
        out.append("\nTop IPs:\n");
        List<Map<String, Object>> ips = list(r, "topIps");
        if (ips.isEmpty()) {
            out.append("None.\n");
        } else {
            out.append("| IP | Requests | Denied | Country | Network |\n|---|---|---|---|---|\n");
            for (Map<String, Object> ip : ips) {
                out.append("| ").append(cell(ip.get("ip"))).append(" | ").append(num(ip.get("requests"))).append(" | ").append(num(ip.get("denied")))
                        .append(" | ").append(cell(ip.get("country"))).append(" | AS").append(ip.get("asn")).append(' ').append(cell(ip.get("asnName"))).append(" |\n");
            }
        }
        out.append("\nTop denial reasons:\n").append(reasons(list(r, "topDenialReasons"), "of denials"));
        Map<String, Object> trend = map(r, "trend");
        Map<String, Object> previous = map(trend, "previousWindow");
        out.append("\nTrend vs the previous period (").append(previous.get("start")).append(" to ").append(previous.get("end")).append("):\n")
                .append("- Requests: ").append(num(trend.get("previousTotalRequests"))).append(" before, change ")
                .append(change(trend.get("requestsChangePercent"))).append('\n')
                .append("- Denied: ").append(num(trend.get("previousDenied"))).append(" before, change ")
                .append(change(trend.get("deniedChangePercent"))).append('\n')
                .append("- Denial rate before: ").append(percent(trend.get("previousDenialRate"))).append('\n');
        return out.toString();
    }

    /** The totals of analyze-traffic and the briefing, one {@code key: value} line each. */
    private static String totals(Map<String, Object> t, String indent) {
        return indent + "Total requests: " + num(t.get("totalRequests")) + "\n"
                + indent + "Allowed: " + num(t.get("allowed")) + "\n"
                + indent + "Denied: " + num(t.get("denied")) + " (" + percent(t.get("denialRate")) + ")\n"
                + indent + "Challenged: " + num(t.get("challenged")) + "\n"
                + indent + "Errors: " + num(t.get("errors")) + "\n";
    }

    private static String countTable(String header, List<Map<String, Object>> rows, String key) {
        if (rows.isEmpty()) {
            return "None.\n";
        }
        StringBuilder out = new StringBuilder("| " + header + " | Requests | Denied |\n|---|---|---|\n");
        for (Map<String, Object> row : rows) {
            out.append("| ").append(cell(row.get(key))).append(" | ").append(num(row.get("requests"))).append(" | ").append(num(row.get("denied"))).append(" |\n");
        }
        return out.toString();
    }

    private static String reasons(List<Map<String, Object>> reasons, String shareOf) {
        if (reasons.isEmpty()) {
            return "None.\n";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < reasons.size(); i++) {
            Map<String, Object> reason = reasons.get(i);
            out.append(i + 1).append(". ").append(reason.get("reason")).append(": ").append(num(reason.get("count")))
                    .append(" (").append(percent(reason.get("share"))).append(" ").append(shareOf).append(")\n");
        }
        return out.toString();
    }

    private static String anomalies(Map<String, Object> r) {
        Map<String, Object> window = map(r, "window");
        Map<String, Object> previous = map(r, "previousWindow");
        Map<String, Object> risk = map(r, "riskEscalation");
        StringBuilder out = new StringBuilder("Anomaly report\n\n");
        out.append("Current period: ").append(window.get("start")).append(" to ").append(window.get("end")).append('\n')
                .append("Previous period: ").append(previous.get("start")).append(" to ").append(previous.get("end")).append("\n\n")
                .append(riskLine(risk)).append("\n\n");
        out.append(spikes(list(r, "trafficSpikes")));
        List<Map<String, Object>> shifts = list(r, "geographicShifts");
        out.append("\nGeographic shifts:").append(shifts.isEmpty() ? " none.\n" : "\n");
        for (Map<String, Object> shift : shifts) {
            out.append("• ").append(shift.get("country")).append(": ").append(percent(shift.get("currentShare"))).append(" of traffic (was ")
                    .append(percent(shift.get("previousShare"))).append(")\n");
        }
        List<Map<String, Object>> threats = list(r, "newThreats");
        out.append("\nNew threats (IPs denied now, not before):").append(threats.isEmpty() ? " none.\n" : "\n");
        for (Map<String, Object> threat : threats) {
            out.append("• ").append(threat.get("ip")).append(": ").append(num(threat.get("denied"))).append(" denied; AS").append(threat.get("asn"))
                    .append(' ').append(threat.get("asnName")).append(", ").append(threat.get("networkType")).append('\n');
        }
        out.append(newBots(list(r, "newBotSignatures")));
        List<Map<String, Object>> suspicious = list(r, "suspiciousIps");
        out.append("\nSuspicious IPs:\n");
        if (suspicious.isEmpty()) {
            out.append("None.\n");
        } else {
            out.append("| IP | Denied | Network type | Risk | Network | Country |\n|---|---|---|---|---|---|\n");
            for (Map<String, Object> ip : suspicious) {
                out.append("| ").append(cell(ip.get("ip"))).append(" | ").append(num(ip.get("denied"))).append(" | ").append(cell(ip.get("networkType")))
                        .append(" | ").append(cell(ip.get("riskLevel"))).append(" | ").append(cell(ip.get("asnName"))).append(" | ")
                        .append(cell(ip.get("country"))).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String riskLine(Map<String, Object> risk) {
        return "Risk escalation: " + risk.get("level") + " (denial rate " + percent(risk.get("currentDenialRate")) + " now, "
                + percent(risk.get("previousDenialRate")) + " before)";
    }

    private static String spikes(List<Map<String, Object>> spikes) {
        StringBuilder out = new StringBuilder("Traffic spikes:").append(spikes.isEmpty() ? " none.\n" : "\n");
        for (Map<String, Object> spike : spikes) {
            out.append("• ").append(spike.get("path")).append(": ").append(num(spike.get("current"))).append(" requests (was ")
                    .append(num(spike.get("previous"))).append(", change ").append(spike.get("changePercent") == null ? "new" : change(spike.get("changePercent")))
                    .append(")\n");
        }
        return out.toString();
    }

    private static String newBots(List<Map<String, Object>> bots) {
        StringBuilder out = new StringBuilder("\nNew bot signatures:").append(bots.isEmpty() ? " none.\n" : "\n");
        for (Map<String, Object> bot : bots) {
            out.append("• ").append(bot.get("bot")).append(" (").append(bot.get("category")).append("): ").append(num(bot.get("requests")))
                    .append(" requests\n");
        }
        return out.toString();
    }

    private static String investigateIp(Map<String, Object> r) {
        Map<String, Object> window = map(r, "window");
        StringBuilder out = new StringBuilder("IP investigation: " + r.get("ip") + " on site " + code(r.get("siteId")) + "\n");
        out.append("Period: ").append(window.get("start")).append(" to ").append(window.get("end")).append("\n\n");
        Map<String, Object> geo = map(r, "geo");
        Map<String, Object> network = map(r, "network");
        out.append("Location: ").append(geo == null ? "unknown" : geo.get("city") + ", " + geo.get("country")).append('\n')
                .append("Network: ").append(network == null ? "unknown"
                        : "AS" + network.get("asn") + " " + network.get("asnName") + " (" + network.get("type") + ")").append("\n\n");
        Map<String, Object> threat = map(r, "threat");
        out.append("Threat intelligence:\n")
                .append("- Risk level: ").append(threat.get("riskLevel")).append('\n')
                .append("- Known threat: ").append(Boolean.TRUE.equals(threat.get("knownThreat")) ? "yes" : "no").append('\n');
        if (threat.get("activity") != null) {
            List<?> activity = (List<?>) threat.get("activity");
            out.append("- Activity: ").append(activity.isEmpty() ? "none reported" : activity.stream().map(String::valueOf).collect(Collectors.joining("; ")))
                    .append('\n');
        }
        out.append("\nTotal requests: ").append(num(r.get("totalRequests"))).append("\nConclusions:\n");
        map(r, "conclusions").forEach((conclusion, count) -> out.append("- ").append(conclusion).append(": ").append(num(count)).append('\n'));
        out.append("\nDenial reasons:\n").append(reasons(list(r, "denialReasons"), "of this IP's denials"));
        out.append("\nTargeted paths:\n").append(countTable("Path", list(r, "targetedPaths"), "path"));
        List<Map<String, Object>> timeline = list(r, "timeline");
        out.append("\nDaily timeline (UTC):\n");
        if (timeline.isEmpty()) {
            out.append("No requests.\n");
        } else {
            out.append("| Date | Requests | Denied |\n|---|---|---|\n");
            for (Map<String, Object> day : timeline) {
                out.append("| ").append(day.get("date")).append(" | ").append(num(day.get("requests"))).append(" | ").append(num(day.get("denied"))).append(" |\n");
            }
        }
        if (r.get("note") != null) {
            out.append('\n').append("Note: ").append(r.get("note")).append('\n');
        }
        return out.toString();
    }

    private static String dryRunImpact(Map<String, Object> r) {
        Map<String, Object> window = map(r, "window");
        StringBuilder out = new StringBuilder("Dry-run impact for site " + code(r.get("siteId")) + " from " + window.get("start") + " to "
                + window.get("end") + "\n\n");
        out.append("If promoted to LIVE, the DRY_RUN rules would have blocked ").append(num(r.get("totalWouldBlock"))).append(" requests (")
                .append(percent(r.get("shareOfTraffic"))).append(" of traffic).\n\n");
        List<Map<String, Object>> rules = list(r, "rules");
        out.append("Per rule:").append(rules.isEmpty() ? " no rule is in DRY_RUN mode.\n" : "\n");
        for (Map<String, Object> rule : rules) {
            out.append("• ").append(code(rule.get("ruleId"))).append(" (").append(rule.get("type")).append("): would block ")
                    .append(num(rule.get("wouldBlock"))).append('\n')
                    .append("  - ").append(rule.get("summary")).append('\n');
        }
        List<Map<String, Object>> byType = list(r, "byType");
        out.append("\nBy rule type:").append(byType.isEmpty() ? " none.\n" : "\n");
        for (Map<String, Object> type : byType) {
            out.append("- ").append(type.get("type")).append(": ").append(num(type.get("wouldBlock"))).append('\n');
        }
        List<Map<String, Object>> ips = list(r, "mostAffectedIps");
        out.append("\nMost affected IPs:").append(ips.isEmpty() ? " none.\n" : "\n");
        for (int i = 0; i < ips.size(); i++) {
            Map<String, Object> ip = ips.get(i);
            out.append(i + 1).append(". ").append(ip.get("ip")).append(" (").append(ip.get("networkType")).append(", ").append(ip.get("country"))
                    .append("): ").append(num(ip.get("wouldBlock"))).append(" would be blocked\n");
        }
        Map<String, Object> estimate = map(r, "falsePositiveEstimate");
        out.append("\nFalse-positive estimate: ").append(percent(estimate.get("share"))).append('\n')
                .append("Basis: ").append(estimate.get("basis")).append('\n');
        return out.toString();
    }

    private static String briefing(Map<String, Object> r) {
        StringBuilder out = new StringBuilder("# Security briefing for site " + code(r.get("siteId")) + "\n\n");
        out.append("Generated at: ").append(r.get("generatedAt")).append("\n\n");

        Map<String, Object> rules = map(r, "rules");
        out.append("## Rules\n")
                .append("- Total: ").append(num(rules.get("total"))).append('\n')
                .append("- LIVE: ").append(num(rules.get("live"))).append('\n')
                .append("- DRY_RUN: ").append(num(rules.get("dryRun"))).append('\n');
        Map<String, Object> byType = map(rules, "byType");
        out.append("- By type:").append(byType.isEmpty() ? " none\n" : "\n");
        byType.forEach((type, count) -> out.append("  - ").append(type).append(": ").append(num(count)).append('\n'));

        Map<String, Object> traffic = map(r, "traffic");
        out.append("\n## Traffic\nLast 24 hours:\n").append(totals(map(traffic, "last24h"), "- "))
                .append("Last 7 days:\n").append(totals(map(traffic, "last7d"), "- "));

        Map<String, Object> threats = map(r, "threats");
        out.append("\n## Threats\nTop denial reasons (7 days):\n").append(reasons(list(threats, "topDenialReasons7d"), "of denials"))
                .append("\nMost denied IPs (24 hours):\n").append(countTable("IP", list(threats, "topDeniedIps24h"), "ip"));

        Map<String, Object> anomalies = map(r, "anomalies");
        out.append("\n## Anomalies (last 24 hours vs the day before)\n").append(riskLine(map(anomalies, "riskEscalation"))).append("\n\n")
                .append(spikes(list(anomalies, "trafficSpikes"))).append(newBots(list(anomalies, "newBotSignatures")));

        List<Map<String, Object>> readiness = list(r, "dryRunReadiness");
        out.append("\n## Dry-run readiness\n");
        if (readiness.isEmpty()) {
            out.append("No rule is in DRY_RUN mode.\n");
        } else {
            out.append("| Rule | Type | Would block (7 days) | Ready to promote |\n|---|---|---|---|\n");
            for (Map<String, Object> rule : readiness) {
                out.append("| ").append(code(rule.get("ruleId"))).append(" | ").append(cell(rule.get("type"))).append(" | ").append(num(rule.get("wouldBlock7d")))
                        .append(" | ").append(Boolean.TRUE.equals(rule.get("readyToPromote")) ? "yes" : "no").append(" |\n");
            }
        }
        out.append("False-positive share (7 days): ").append(percent(r.get("falsePositiveShare7d"))).append('\n');

        out.append("\n## Quota\n").append(quota(map(r, "quota")));

        out.append("\n## Recommendations\n");
        List<Map<String, Object>> recommendations = list(r, "recommendations");
        for (int i = 0; i < recommendations.size(); i++) {
            Map<String, Object> recommendation = recommendations.get(i);
            out.append(i + 1).append(". [").append(recommendation.get("priority")).append("] ").append(recommendation.get("title")).append('\n')
                    .append("   ").append(recommendation.get("detail")).append('\n');
        }
        return out.toString();
    }

    // ---- rules ----

    private static String listRules(Map<String, Object> r) {
        List<Map<String, Object>> rules = list(r, "rules");
        if (rules.isEmpty()) {
            return "No remote rules on site " + code(r.get("siteId")) + ". Use create-rule to add one.";
        }
        StringBuilder out = new StringBuilder("Rules for site " + code(r.get("siteId")) + ":\n\n");
        for (Map<String, Object> rule : rules) {
            out.append(bulletRule(rule));
        }
        return out.toString();
    }

    private static String bulletRule(Map<String, Object> rule) {
        return "• " + code(rule.get("id")) + ": " + rule.get("type") + " [" + rule.get("mode") + "]\n"
                + "  - Summary: " + rule.get("summary") + "\n"
                + "  - Config: " + config(rule.get("config")) + "\n"
                + "  - Created: " + rule.get("createdAt") + "\n"
                + "  - Updated: " + rule.get("updatedAt") + "\n";
    }

    private static String rule(Map<String, Object> rule) {
        return "Rule ID: " + code(rule.get("id")) + "\n"
                + "Type: " + rule.get("type") + "\n"
                + "Mode: " + rule.get("mode") + "\n"
                + "Summary: " + rule.get("summary") + "\n"
                + "Config: " + config(rule.get("config")) + "\n"
                + "Created: " + rule.get("createdAt") + "\n"
                + "Updated: " + rule.get("updatedAt") + "\n";
    }

    private static String deleteRule(Map<String, Object> r) {
        return Boolean.TRUE.equals(r.get("deleted"))
                ? "Rule " + code(r.get("ruleId")) + " deleted. It is no longer evaluated."
                : "Rule " + code(r.get("ruleId")) + " was not deleted.";
    }

    /** A rule's configuration as {@code key: value} pairs, keys sorted so the text never changes with a map's order. */
    private static String config(Object config) {
        if (!(config instanceof Map<?, ?> map) || map.isEmpty()) {
            return "(none)";
        }
        return new TreeMap<>(map.entrySet().stream().collect(Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue)))
                .entrySet().stream().map(e -> e.getKey() + ": " + value(e.getValue())).collect(Collectors.joining("; "));
    }

    private static String value(Object value) {
        if (value instanceof Map<?, ?> map) {
            return "{" + config(map) + "}";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Markdown::value).collect(Collectors.joining(", "));
        }
        return value instanceof Number ? num(value) : String.valueOf(value);
    }

    // ---- Guard policies ----

    private static String listGuardPolicies(Map<String, Object> r) {
        List<Map<String, Object>> policies = list(r, "policies");
        if (policies.isEmpty()) {
            return "No Guard policies on site " + code(r.get("siteId")) + ".";
        }
        StringBuilder out = new StringBuilder("Guard policies for site " + code(r.get("siteId")) + ":\n\n");
        out.append("| Policy | ID | Label | Mode | Rules | Version | Updated |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> policy : policies) {
            out.append("| ").append(cell(policy.get("name"))).append(" | ").append(code(policy.get("id"))).append(" | ").append(cell(policy.get("label")))
                    .append(" | ").append(cell(policy.get("mode"))).append(" | ").append(num(policy.get("ruleCount"))).append(" | ")
                    .append(num(policy.get("version"))).append(" | ").append(policy.get("updatedAt")).append(" |\n");
        }
        return out.toString();
    }

    private static String guardPolicy(Map<String, Object> p) {
        StringBuilder out = new StringBuilder("Guard policy: " + p.get("name") + " (ID: " + code(p.get("id")) + ")\n\n");
        out.append("Site: ").append(code(p.get("siteId"))).append('\n')
                .append("Label: ").append(p.get("label")).append('\n')
                .append("Mode: ").append(p.get("mode")).append('\n')
                .append("Version: ").append(num(p.get("version"))).append('\n')
                .append("Created: ").append(p.get("createdAt")).append('\n')
                .append("Updated: ").append(p.get("updatedAt")).append('\n');
        if (p.get("description") != null) {
            out.append("Description: ").append(p.get("description")).append('\n');
        }
        List<Map<String, Object>> inputs = list(p, "inputs");
        out.append("\nInputs:\n");
        if (inputs.isEmpty()) {
            out.append("None.\n");
        } else {
            out.append("| Name | Exposure | Type |\n|---|---|---|\n");
            for (Map<String, Object> input : inputs) {
                out.append("| ").append(cell(input.get("name"))).append(" | ").append(cell(input.get("exposure"))).append(" | ")
                        .append(cell(input.get("type"))).append(" |\n");
            }
        }
        List<Map<String, Object>> rules = list(p, "rules");
        out.append("\nRules:\n");
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> rule = rules.get(i);
            out.append(i + 1).append(". ").append(rule.get("type")).append(": ").append(rule.get("summary")).append('\n');
            rule.forEach((key, value) -> {
                if (!key.equals("type") && !key.equals("summary")) {
                    out.append("   - ").append(key).append(": ").append(value(value)).append('\n');
                }
            });
        }
        return out.toString();
    }

    private static String validateGuardPolicy(Map<String, Object> r) {
        StringBuilder out = new StringBuilder();
        if (Boolean.TRUE.equals(r.get("valid"))) {
            out.append("The Guard policy document is valid for site ").append(code(r.get("siteId"))).append(". Nothing was saved.\n")
                    .append("Action: ").append(r.get("action")).append('\n')
                    .append("Version it would become: ").append(num(r.get("version"))).append('\n');
        } else {
            out.append("The Guard policy document is not valid for site ").append(code(r.get("siteId"))).append(". Nothing was saved.\n");
        }
        out.append(findings("Errors", list(r, "errors"))).append(findings("Warnings", list(r, "warnings")));
        return out.toString();
    }

    private static String putGuardPolicy(Map<String, Object> r) {
        Map<String, Object> policy = map(r, "policy");
        String headline = Boolean.TRUE.equals(r.get("created"))
                ? "Guard policy created (version " + num(policy.get("version")) + ")."
                : "Guard policy replaced: it is now version " + num(policy.get("version")) + ".";
        return headline + "\n\n" + guardPolicy(policy) + findings("Warnings", list(r, "warnings"));
    }

    private static String findings(String title, List<Map<String, Object>> findings) {
        StringBuilder out = new StringBuilder("\n" + title + ":").append(findings.isEmpty() ? " none.\n" : "\n");
        for (Map<String, Object> finding : findings) {
            String path = String.valueOf(finding.get("path"));
            out.append("- ").append(path.isEmpty() ? "(document)" : code(path)).append(": ").append(finding.get("message")).append('\n');
        }
        return out.toString();
    }

    // ---- formatting ----

    private static String code(Object value) {
        return "`" + value + "`";
    }

    /** A table cell: a pipe would end it early. */
    private static String cell(Object value) {
        return String.valueOf(value).replace("|", "\\|");
    }

    /** A count with thousands separators; a fraction as it is. */
    static String num(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return String.format(Locale.US, "%,d", ((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** A share (0-1, four decimals) as a percentage with two decimals: the same figure, nothing lost. */
    static String percent(Object fraction) {
        return BigDecimal.valueOf(((Number) fraction).doubleValue()).movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A value that already is a percentage. */
    private static String percentValue(Object value) {
        return BigDecimal.valueOf(((Number) value).doubleValue()).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A change in percent, signed; "n/a" where there was nothing to compare with. */
    private static String change(Object value) {
        if (value == null) {
            return "n/a (nothing before)";
        }
        double v = ((Number) value).doubleValue();
        return (v > 0 ? "+" : "") + BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> r, String key) {
        return (Map<String, Object>) r.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> r, String key) {
        Object value = r.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
