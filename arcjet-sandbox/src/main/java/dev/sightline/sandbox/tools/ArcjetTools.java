package dev.sightline.sandbox.tools;

import static dev.sightline.sandbox.tools.Schemas.anyObject;
import static dev.sightline.sandbox.tools.Schemas.array;
import static dev.sightline.sandbox.tools.Schemas.bool;
import static dev.sightline.sandbox.tools.Schemas.count;
import static dev.sightline.sandbox.tools.Schemas.dateTime;
import static dev.sightline.sandbox.tools.Schemas.enumeration;
import static dev.sightline.sandbox.tools.Schemas.integer;
import static dev.sightline.sandbox.tools.Schemas.nullable;
import static dev.sightline.sandbox.tools.Schemas.number;
import static dev.sightline.sandbox.tools.Schemas.object;
import static dev.sightline.sandbox.tools.Schemas.optional;
import static dev.sightline.sandbox.tools.Schemas.pattern;
import static dev.sightline.sandbox.tools.Schemas.required;
import static dev.sightline.sandbox.tools.Schemas.result;
import static dev.sightline.sandbox.tools.Schemas.string;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.regex.Pattern;

import dev.sightline.sandbox.traffic.Conclusion;
import dev.sightline.sandbox.traffic.IpProfile;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.RequestFilter;
import dev.sightline.sandbox.traffic.SiteTraffic;
import dev.sightline.sandbox.traffic.TrafficScan;
import dev.sightline.sandbox.traffic.TrafficScan.Count;
import dev.sightline.sandbox.traffic.TrafficScan.Filter;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.Account;
import dev.sightline.sandbox.world.GuardPolicy;
import dev.sightline.sandbox.world.Rule;
import dev.sightline.sandbox.world.RuleType;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.sandbox.world.Site;
import dev.sightline.sandbox.world.Team;
import dev.sightline.sandbox.world.TypeIds;

/**
 * Arcjet's 22 MCP tools with their real names. Schemas are our own, shaped like the published
 * descriptions. Every handler sees only the caller's teams and sites.
 */
public final class ArcjetTools {

    /** Reading teams, sites, decisions, analytics, quota and Guard policies. */
    public static final String READ_SCOPE = "analytics:read";
    /** Creating and changing sites, rules and Guard policies, and reading SDK keys. */
    public static final String MANAGE_SCOPE = "rules:manage";

    private static final List<String> CONCLUSIONS = Arrays.stream(Conclusion.values()).map(Enum::name).toList();
    private static final List<String> REASONS = Arrays.stream(Reason.values()).filter(r -> r != Reason.NONE).map(Enum::name).toList();
    private static final List<String> RULE_TYPES = Arrays.stream(RuleType.values()).map(RuleType::wireName).toList();
    private static final List<String> MODES = List.of(Rule.LIVE, Rule.DRY_RUN);
    private static final Pattern IP = Pattern.compile("^(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$");

    /** One tool: its MCP description, the scope it needs, and what it does. */
    public record Tool(String name, String title, String description, Map<String, Object> inputSchema,
                       Map<String, Object> outputSchema, String scope, boolean write, Handler handler) {
    }

    @FunctionalInterface
    public interface Handler {
        Map<String, Object> call(Account caller, Map<String, Object> arguments);
    }

    private final SandboxWorld world;
    private final TrafficStore traffic;
    private final List<Tool> tools;

    public ArcjetTools(SandboxWorld world, TrafficStore traffic) {
        this.world = world;
        this.traffic = traffic;
        this.tools = List.of(listTeams(), listSites(), createSite(), getSiteKey(), listRequests(), getRequestDetails(),
                explainDecision(), getSiteQuota(), analyzeTraffic(), getAnomalies(), investigateIp(), getDryRunImpact(),
                getSecurityBriefing(), listRules(), createRule(), updateRule(), deleteRule(), promoteRule(), listGuardPolicies(),
                describeGuardPolicy(), validateGuardPolicy(), putGuardPolicy());
    }

    public List<Tool> all() {
        return tools;
    }

    public Optional<Tool> find(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    // ---- shared argument schemas ----

    private static Schemas.Property siteId() {
        return required("siteId", string("The site's id, as list-sites returns it (e.g. \"site_01jc5t8tbyf8wtbcy9gq1vb2nw\"), not its name."));
    }

    private static Schemas.Property[] window(String defaultPeriod) {
        return new Schemas.Property[] {
                optional("period", pattern("A period ending now: a number and h (hours) or d (days), e.g. \"24h\", \"7d\". Default "
                        + defaultPeriod + ". Do not combine with start/end.", TimeWindow.PERIOD_PATTERN)),
                optional("start", dateTime("Start of the window, ISO-8601 instant (inclusive).")),
                optional("end", dateTime("End of the window, ISO-8601 instant (exclusive); default now."))};
    }

    private static Schemas.Property[] concat(Schemas.Property[] a, Schemas.Property... b) {
        Schemas.Property[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Map<String, Object> windowSchema() {
        return result(required("start", dateTime("Window start")), required("end", dateTime("Window end")));
    }

    private static Map<String, Object> countItem(String key, String description) {
        return result(required(key, string(description)), required("requests", count("Requests")), required("denied", count("Denied requests")));
    }

    // ---- the tools ----

    private Tool listTeams() {
        return new Tool("list-teams", "List teams",
                "List the Arcjet teams the signed-in user belongs to, with their plan and number of sites.",
                object(),
                result(required("teams", array("Teams", result(required("id", string("Team id")), required("name", string("Team name")),
                        required("plan", string("Plan")), required("siteCount", count("Sites in the team")))))),
                READ_SCOPE, false, (caller, args) -> {
                    List<Object> teams = new ArrayList<>();
                    for (Team team : world.teamsOf(caller)) {
                        teams.add(json("id", team.id(), "name", team.name(), "plan", team.plan(), "siteCount", world.sitesOf(team.id()).size()));
                    }
                    return json("teams", teams);
                });
    }

    private Tool listSites() {
        return new Tool("list-sites", "List sites",
                "List the sites (protected applications or environments) of a team.",
                object(required("teamId", string("The team's id, as list-teams returns it (e.g. \"team_01jc5t8tbyf8wtbcy9gq1vb2nw\"), not its name."))),
                result(required("teamId", string("Team id")), required("sites", array("Sites", result(
                        required("id", string("Site id")), required("name", string("Site name")),
                        required("environment", string("Environment")), required("createdAt", dateTime("Created")))))),
                READ_SCOPE, false, (caller, args) -> {
                    Team team = team(caller, args);
                    List<Object> sites = world.sitesOf(team.id()).stream()
                            .map(s -> (Object) json("id", s.id(), "name", s.name(), "environment", s.environment(), "createdAt", s.createdAt().toString()))
                            .toList();
                    return json("teamId", team.id(), "sites", sites);
                });
    }

    private Tool createSite() {
        return new Tool("create-site", "Create a site",
                "Create a new site in a team. Returns the site; its SDK key is available through get-site-key.",
                object(required("teamId", string("The team's id.")), required("name", string("Name of the new site.")),
                        optional("environment", enumeration("Environment (default production).", List.of("production", "staging", "development")))),
                result(required("site", anyObject("The created site"))),
                MANAGE_SCOPE, true, (caller, args) -> {
                    Team team = team(caller, args);
                    String name = text(args, "name");
                    try {
                        Site site = world.createSite(team.id(), name, String.valueOf(args.getOrDefault("environment", "production")));
                        return json("site", json("id", site.id(), "name", site.name(), "environment", site.environment(), "teamId", team.id(),
                                "createdAt", site.createdAt().toString()));
                    } catch (IllegalArgumentException e) {
                        throw new ToolError(e.getMessage());
                    }
                });
    }

    private Tool getSiteKey() {
        return new Tool("get-site-key", "Get the site key",
                "Get the site's SDK key (ARCJET_KEY), the secret your application uses to call Arcjet.",
                object(siteId()),
                result(required("siteId", string("Site id")), required("key", string("The ARCJET_KEY value"))),
                MANAGE_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    return json("siteId", site.id(), "key", site.sdkKey());
                });
    }

    private Tool listRequests() {
        return new Tool("list-requests", "List requests",
                "List recent requests of a site with Arcjet's decision, newest first. Filter by conclusion (ALLOW, DENY, CHALLENGE, ERROR), "
                        + "reason, path or IP; paginate with the returned cursor.",
                object(concat(concat(new Schemas.Property[] {siteId()}, window("24h")),
                        optional("conclusion", enumeration("Only requests with this conclusion.", CONCLUSIONS)),
                        optional("reason", enumeration("Only requests decided (or, for DRY_RUN rules, flagged) by this kind of rule.", REASONS)),
                        optional("path", string("Only requests to this exact path.")),
                        optional("ip", string("Only requests from this IP address.")),
                        optional("limit", integer("Requests per page.", 1, 100, 20)),
                        optional("cursor", string("The nextCursor of a previous page.")))),
                result(required("siteId", string("Site id")), required("window", windowSchema()),
                        required("requests", array("Requests, newest first", result(required("id", string("Request id")),
                                required("timestamp", dateTime("When")), required("method", string("HTTP method")), required("path", string("Path")),
                                required("ip", string("Client IP")), required("country", string("Country code")),
                                required("conclusion", enumeration("Decision", CONCLUSIONS)), required("reason", string("Reason"))))),
                        required("nextCursor", nullable(string("Cursor of the next page, null on the last page")))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    SiteTraffic t = traffic.of(site.id());
                    TimeWindow window = window(args, "24h");
                    int limit = integerArg(args, "limit", 20, 1, 100);
                    Conclusion conclusion = enumArg(args, "conclusion", Conclusion.class);
                    Reason reason = enumArg(args, "reason", Reason.class);
                    String path = (String) args.get("path");
                    String ip = ipArg(args, false);
                    int from = t.indexAt(window.start());
                    int position = args.get("cursor") == null ? t.indexAt(window.end()) : cursor(String.valueOf(args.get("cursor")), from, t.indexAt(window.end()));
                    List<Object> page = new ArrayList<>();
                    PrimitiveIterator.OfInt matches = t.newestFirst(new RequestFilter(conclusion, reason, path, ip), from, position);
                    int last = position;
                    while (page.size() < limit && matches.hasNext()) {
                        last = matches.nextInt();
                        RequestDecision d = t.get(last);
                        page.add(json("id", d.id(), "timestamp", d.timestamp().toString(), "method", d.method(), "path", d.path(),
                                "ip", d.ip().address(), "country", d.ip().country(), "conclusion", d.conclusion().name(),
                                "reason", d.reason().name(), "ruleId", d.ruleId(), "userAgent", d.userAgent(),
                                "bot", d.bot() == null ? null : d.bot().name()));
                    }
                    // The cursor is the last request listed; a full page ending on the window's first request has no next page.
                    String next = page.size() == limit && last > from ? Base64.getUrlEncoder().withoutPadding().encodeToString(("p" + last).getBytes()) : null;
                    Map<String, Object> result = json("siteId", site.id(), "window", window.json(), "requests", page);
                    result.put("nextCursor", next);
                    return result;
                });
    }

    private Tool getRequestDetails() {
        return new Tool("get-request-details", "Get request details",
                "One request in full: client IP intelligence, headers, every rule that ran and the decision.",
                object(siteId(), required("requestId", string("The request's id, as list-requests returns it."))),
                result(required("id", string("Request id")), required("decision", anyObject("Decision")),
                        required("rulesExecuted", array("Rules that ran", anyObject("Rule result"))), required("ip", anyObject("IP details"))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    RequestDecision d = request(site, args);
                    return json("id", d.id(), "siteId", site.id(), "timestamp", d.timestamp().toString(), "method", d.method(), "path", d.path(),
                            "statusCode", d.statusCode(), "ip", ipJson(d.ip()),
                            "headers", json("host", site.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", ".") + ".example.com", "user-agent", d.userAgent(),
                                    "accept", d.bot() == null ? "text/html,application/json;q=0.9,*/*;q=0.8" : "*/*"),
                            "bot", d.bot() == null ? null : json("name", d.bot().name(), "category", d.bot().category(), "verified", d.bot().verified()),
                            "decision", json("conclusion", d.conclusion().name(), "reason", d.reason().name(), "ruleId", d.ruleId()),
                            "rulesExecuted", rulesExecuted(site, d));
                });
    }

    private Tool explainDecision() {
        return new Tool("explain-decision", "Explain a decision",
                "Explain why a request was allowed or denied: a summary, the verdict of each rule, and suggested next steps.",
                object(siteId(), required("requestId", string("The request's id."))),
                result(required("requestId", string("Request id")), required("conclusion", enumeration("Decision", CONCLUSIONS)),
                        required("summary", string("One-paragraph explanation")), required("rules", array("Per-rule breakdown", anyObject("Rule"))),
                        required("nextSteps", array("Suggested next steps", string("Step")))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    RequestDecision d = request(site, args);
                    return json("requestId", d.id(), "conclusion", d.conclusion().name(), "reason", d.reason().name(),
                            "summary", Explanations.summary(d), "rules", rulesExecuted(site, d), "nextSteps", Explanations.nextSteps(d));
                });
    }

    private Tool getSiteQuota() {
        return new Tool("get-site-quota", "Get site quota",
                "Quota usage of the site's team in the current billing window: requests used, the plan's limit, what remains.",
                object(siteId()),
                result(required("siteId", string("Site id")), required("plan", string("Plan")), required("limit", count("Requests allowed in the window")),
                        required("used", count("Requests used")), required("remaining", count("Requests left")),
                        required("percentUsed", number("Share used, 0-100")), required("window", windowSchema())),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    Team team = world.team(caller, site.teamId()).orElseThrow();
                    Instant now = now();
                    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
                    Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    long used = 0;
                    for (Site s : world.sitesOf(team.id())) {
                        SiteTraffic t = traffic.of(s.id());
                        used += t.indexAt(now) - t.indexAt(start);
                    }
                    return json("siteId", site.id(), "teamId", team.id(), "plan", team.plan(), "limit", team.monthlyRequestLimit(), "used", used,
                            "remaining", Math.max(0, team.monthlyRequestLimit() - used),
                            "percentUsed", round(100.0 * used / team.monthlyRequestLimit(), 2),
                            "window", json("start", start.toString(), "end", end.toString()));
                });
    }

    private Tool analyzeTraffic() {
        return new Tool("analyze-traffic", "Analyze traffic",
                "Analyze a site's traffic over a period: total requests, denials, denial rate, top paths, top IPs, top denial reasons, "
                        + "and the trend against the previous period of the same length. Optional filters narrow the requests analyzed.",
                object(concat(concat(new Schemas.Property[] {siteId()}, window("24h")),
                        optional("conclusion", enumeration("Only analyze requests with this conclusion.", CONCLUSIONS)),
                        optional("reason", enumeration("Only analyze requests decided or flagged by this kind of rule.", REASONS)),
                        optional("limit", integer("How many top paths and IPs.", 1, 50, 10)))),
                result(required("siteId", string("Site id")), required("window", windowSchema()),
                        required("totalRequests", count("Requests in the window")), required("allowed", count("Allowed")),
                        required("denied", count("Denied")), required("challenged", count("Challenged")), required("errors", count("Errors")),
                        required("denialRate", number("Denied / total, 0-1")),
                        required("topPaths", array("Most requested paths", countItem("path", "Path"))),
                        required("topIps", array("Most active IPs", countItem("ip", "IP address"))),
                        required("topDenialReasons", array("Denials by reason", result(required("reason", string("Reason")),
                                required("count", count("Denied requests")), required("share", number("Share of denials, 0-1"))))),
                        required("trend", result(required("previousWindow", windowSchema()), required("previousTotalRequests", count("Requests before")),
                                required("previousDenied", count("Denied before")), required("previousDenialRate", number("Denial rate before")),
                                required("requestsChangePercent", nullable(number("Change in requests, percent"))),
                                required("deniedChangePercent", nullable(number("Change in denials, percent")))))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    SiteTraffic t = traffic.of(site.id());
                    TimeWindow window = window(args, "24h");
                    Filter filter = new Filter(enumArg(args, "conclusion", Conclusion.class), enumArg(args, "reason", Reason.class), null);
                    int limit = integerArg(args, "limit", 10, 1, 50);
                    TrafficScan now = new TrafficScan(t, window.start(), window.end(), filter);
                    TimeWindow previousWindow = window.previous();
                    TrafficScan before = new TrafficScan(t, previousWindow.start(), previousWindow.end(), filter);
                    Map<String, Object> result = json("siteId", site.id(), "window", window.json());
                    result.putAll(totals(now));
                    result.put("topPaths", counts(now.topPaths(limit), "path"));
                    List<Object> topIps = new ArrayList<>();
                    for (Count c : now.topIps(limit)) {
                        IpProfile ip = now.ip(c.key());
                        topIps.add(json("ip", c.key(), "requests", c.requests(), "denied", c.denied(), "country", ip.country(), "asn", ip.asn(),
                                "asnName", ip.asnName()));
                    }
                    result.put("topIps", topIps);
                    result.put("topDenialReasons", denialReasons(now));
                    Map<String, Object> trend = json("previousWindow", previousWindow.json(), "previousTotalRequests", before.total,
                            "previousDenied", before.denied(), "previousDenialRate", round(before.denialRate(), 4));
                    trend.put("requestsChangePercent", change(now.total, before.total));
                    trend.put("deniedChangePercent", change(now.denied(), before.denied()));
                    result.put("trend", trend);
                    return result;
                });
    }

    private Tool getAnomalies() {
        return new Tool("get-anomalies", "Get anomalies",
                "Compare a period with the previous one of the same length: traffic spikes, geographic shifts, new threats, new bot "
                        + "signatures, risk escalation and suspicious IPs.",
                object(concat(new Schemas.Property[] {siteId()}, window("24h"))),
                result(required("window", windowSchema()), required("trafficSpikes", array("Paths with surging traffic", anyObject("Spike"))),
                        required("geographicShifts", array("Countries whose share moved", anyObject("Shift"))),
                        required("newThreats", array("IPs denied now but not before", anyObject("Threat"))),
                        required("newBotSignatures", array("Bots seen now but not before", anyObject("Bot"))),
                        required("riskEscalation", anyObject("Denial rate now vs before")),
                        required("suspiciousIps", array("IPs with the most denials", anyObject("IP")))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    SiteTraffic t = traffic.of(site.id());
                    TimeWindow window = window(args, "24h");
                    TimeWindow previousWindow = window.previous();
                    TrafficScan now = new TrafficScan(t, window.start(), window.end(), Filter.NONE);
                    TrafficScan before = new TrafficScan(t, previousWindow.start(), previousWindow.end(), Filter.NONE);
                    return Anomalies.compare(window, previousWindow, now, before);
                });
    }

    private Tool investigateIp() {
        return new Tool("investigate-ip", "Investigate an IP",
                "Everything about one IP address on a site: geolocation, network and threat intelligence, conclusions, denial reasons, "
                        + "targeted paths and a daily timeline.",
                object(concat(new Schemas.Property[] {siteId(), required("ip", string("The IPv4 or IPv6 address."))}, window("30d"))),
                result(required("ip", string("Address")), required("totalRequests", count("Requests from this IP")),
                        required("conclusions", anyObject("Requests per conclusion")), required("denialReasons", array("Denials by reason", anyObject("Reason"))),
                        required("targetedPaths", array("Paths requested", countItem("path", "Path"))),
                        required("timeline", array("Per day (UTC)", result(required("date", string("Day")), required("requests", count("Requests")),
                                required("denied", count("Denied")))))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    String ip = ipArg(args, true);
                    TimeWindow window = window(args, "30d");
                    TrafficScan scan = new TrafficScan(traffic.of(site.id()), window.start(), window.end(), new Filter(null, null, ip));
                    IpProfile profile = scan.ip(ip);
                    Map<String, Object> conclusions = new LinkedHashMap<>();
                    for (Conclusion c : Conclusion.values()) {
                        conclusions.put(c.name(), scan.count(c));
                    }
                    List<Object> timeline = new ArrayList<>();
                    scan.byDay().forEach((day, counts) -> timeline.add(json("date", day.toString(), "requests", counts[0], "denied", counts[1])));
                    return json("ip", ip, "siteId", site.id(), "window", window.json(),
                            "geo", profile == null ? null : json("country", profile.country(), "city", profile.city()),
                            "network", profile == null ? null : json("asn", profile.asn(), "asnName", profile.asnName(), "type", profile.networkType()),
                            "threat", profile == null ? json("riskLevel", "UNKNOWN", "knownThreat", false)
                                    : json("riskLevel", profile.riskLevel(), "knownThreat", profile.riskLevel().equals("HIGH"),
                                    "activity", Explanations.threatActivity(profile)),
                            "totalRequests", scan.total, "conclusions", conclusions, "denialReasons", denialReasons(scan),
                            "targetedPaths", counts(scan.topPaths(20), "path"), "timeline", timeline,
                            "note", scan.total == 0 ? "No requests from this IP reached a protected route of this site in the window." : null);
                });
    }

    private Tool getDryRunImpact() {
        return new Tool("get-dry-run-impact", "Get dry-run impact",
                "What the site's DRY_RUN rules would block if promoted to LIVE: per rule and rule type, the most affected IPs, and an "
                        + "estimate of false positives.",
                object(concat(new Schemas.Property[] {siteId()}, window("7d"))),
                result(required("window", windowSchema()), required("totalWouldBlock", count("Requests DRY_RUN rules would have blocked")),
                        required("rules", array("Per DRY_RUN rule", anyObject("Rule impact"))), required("byType", array("Per rule type", anyObject("Type"))),
                        required("mostAffectedIps", array("IPs most affected", anyObject("IP"))),
                        required("falsePositiveEstimate", anyObject("Share of would-be blocks that look like people"))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    TimeWindow window = window(args, "7d");
                    TrafficScan scan = new TrafficScan(traffic.of(site.id()), window.start(), window.end(), Filter.NONE);
                    return DryRuns.impact(site, window, scan, world.rulesOf(site.id()));
                });
    }

    private Tool getSecurityBriefing() {
        return new Tool("get-security-briefing", "Get a security briefing",
                "A briefing on a site: rules summary, recent traffic, threats, anomalies, dry-run readiness, quota and prioritized "
                        + "recommendations.",
                object(siteId()),
                result(required("siteId", string("Site id")), required("rules", anyObject("Rules summary")), required("traffic", anyObject("Recent traffic")),
                        required("threats", anyObject("Threats")), required("anomalies", anyObject("Anomalies, last 24h vs the day before")),
                        required("dryRunReadiness", array("DRY_RUN rules and whether to promote them", anyObject("Readiness"))),
                        required("quota", anyObject("Quota")), required("recommendations", array("What to do, most important first", anyObject("Recommendation")))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    return Briefings.of(site, traffic.of(site.id()), world.rulesOf(site.id()), now(),
                            find("get-site-quota").orElseThrow().handler().call(caller, Map.of("siteId", site.id())));
                });
    }

    private Tool listRules() {
        return new Tool("list-rules", "List rules",
                "List the remote rules of a site: id, type, mode (LIVE or DRY_RUN) and a summary of the configuration.",
                object(siteId()),
                result(required("siteId", string("Site id")), required("rules", array("Rules", result(required("id", string("Rule id")),
                        required("type", enumeration("Type", RULE_TYPES)), required("mode", enumeration("Mode", MODES)),
                        required("summary", string("What the rule does")))))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    return json("siteId", site.id(), "rules", world.rulesOf(site.id()).stream().map(ArcjetTools::ruleJson).toList());
                });
    }

    private static Map<String, Object> ruleInput(boolean withRuleId) {
        List<Schemas.Property> properties = new ArrayList<>();
        properties.add(siteId());
        if (withRuleId) {
            properties.add(required("ruleId", string("The rule's id, as list-rules returns it.")));
        }
        properties.add(required("type", enumeration("Rule type.", RULE_TYPES)));
        properties.add(optional("mode", enumeration("LIVE enforces; DRY_RUN only logs (default DRY_RUN).", MODES)));
        properties.add(required("config", anyObject("Type-specific configuration, e.g. {\"max\": 60, \"window\": \"60s\", \"match\": \"/api/*\"} "
                + "for rate_limit, {\"allow\": [\"CATEGORY:SEARCH_ENGINE\"]} for bot, {\"expression\": \"ip.src.vpn\"} for filter.")));
        return object(properties.toArray(Schemas.Property[]::new));
    }

    private Tool createRule() {
        return new Tool("create-rule", "Create a rule", "Create a remote rule on a site, in DRY_RUN (default) or LIVE mode.",
                ruleInput(false), result(required("rule", anyObject("The created rule"))), MANAGE_SCOPE, true, (caller, args) -> {
                    Site site = site(caller, args);
                    RuleType type = ruleType(args);
                    Rule rule = world.createRule(site.id(), type, mode(args), config(args));
                    return json("rule", ruleJson(rule));
                });
    }

    private Tool updateRule() {
        return new Tool("update-rule", "Update a rule", "Replace a rule's whole configuration (type, mode and config).",
                ruleInput(true), result(required("rule", anyObject("The updated rule"))), MANAGE_SCOPE, true, (caller, args) -> {
                    Site site = site(caller, args);
                    Rule existing = rule(site, args);
                    return json("rule", ruleJson(world.updateRule(existing, ruleType(args), mode(args), config(args))));
                });
    }

    private Tool deleteRule() {
        return new Tool("delete-rule", "Delete a rule", "Delete a rule; it stops being evaluated at once.",
                object(siteId(), required("ruleId", string("The rule's id."))),
                result(required("deleted", bool("True when the rule was deleted")), required("ruleId", string("Rule id"))),
                MANAGE_SCOPE, true, (caller, args) -> {
                    Site site = site(caller, args);
                    Rule rule = rule(site, args);
                    return json("deleted", world.deleteRule(site.id(), rule.id()), "ruleId", rule.id());
                });
    }

    private Tool promoteRule() {
        return new Tool("promote-rule", "Promote a rule", "Switch a rule from DRY_RUN to LIVE so that it is enforced.",
                object(siteId(), required("ruleId", string("The rule's id."))),
                result(required("rule", anyObject("The promoted rule"))), MANAGE_SCOPE, true, (caller, args) -> {
                    Site site = site(caller, args);
                    Rule rule = rule(site, args);
                    if (rule.live()) {
                        throw new ToolError("Rule " + rule.id() + " is already LIVE.");
                    }
                    return json("rule", ruleJson(world.promoteRule(rule)));
                });
    }

    private static Map<String, Object> policyDocument(String purpose) {
        return anyObject(purpose + " A Guard policy document: " + PolicyDocuments.SHAPE
                + " describe-guard-policy returns a policy in this shape, so a described policy can be edited and sent back.");
    }

    private static Map<String, Object> findings(String description) {
        return array(description, result(required("path", string("Where in the document, e.g. \"rules[1].input\"")),
                required("message", string("What is wrong and how to fix it"))));
    }

    private Tool listGuardPolicies() {
        return new Tool("list-guard-policies", "List Guard policies",
                "List the Guard policies of a site: for each, the action it guards (its label), mode (LIVE or DRY_RUN), number of rules, "
                        + "version and last change.",
                object(siteId()),
                result(required("siteId", string("Site id")), required("policies", array("Guard policies, oldest first", result(
                        required("id", string("Policy id")), required("label", string("The guarded action, as guard() calls name it")),
                        required("name", string("Policy name")), required("mode", enumeration("Mode", MODES)),
                        required("ruleCount", count("Rules in the policy")), required("version", count("Version, 1 for a new policy")),
                        required("updatedAt", dateTime("Last change")))))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    List<Object> policies = world.guardPoliciesOf(site.id()).stream()
                            .map(p -> (Object) json("id", p.id(), "label", p.label(), "name", p.name(), "mode", p.mode(),
                                    "ruleCount", p.rules().size(), "version", p.version(), "updatedAt", p.updatedAt().toString()))
                            .toList();
                    return json("siteId", site.id(), "policies", policies);
                });
    }

    private Tool describeGuardPolicy() {
        return new Tool("describe-guard-policy", "Describe a Guard policy",
                "One Guard policy in full: the action it guards (its label), mode, the inputs the application passes, every rule with its "
                        + "settings and a summary, version and last change.",
                object(siteId(), required("policyId", string("The policy's id, as list-guard-policies returns it."))),
                result(required("id", string("Policy id")), required("siteId", string("Site id")), required("label", string("The guarded action")),
                        required("name", string("Policy name")), required("description", string("What the policy is for")),
                        required("mode", enumeration("Mode", MODES)),
                        required("inputs", array("Values the application passes to guard()", result(required("name", string("Input name")),
                                required("exposure", enumeration("SERVER: sent to Arcjet; LOCAL: never leaves the application",
                                        List.of(GuardPolicy.SERVER, GuardPolicy.LOCAL))),
                                required("type", enumeration("Type", PolicyDocuments.INPUT_TYPES))))),
                        required("rules", array("Rules, each with its type-specific settings", result(
                                required("type", enumeration("Rule type", PolicyDocuments.RULE_TYPES)), required("summary", string("What the rule does"))))),
                        required("version", count("Version")), required("createdAt", dateTime("Created")), required("updatedAt", dateTime("Last change"))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    String policyId = text(args, "policyId");
                    GuardPolicy policy = world.guardPolicy(site.id(), policyId).orElseThrow(() -> new ToolError("No Guard policy '" + policyId
                            + "' on site " + site.id() + ". Call list-guard-policies to see its policies."));
                    return policyJson(policy);
                });
    }

    private Tool validateGuardPolicy() {
        return new Tool("validate-guard-policy", "Validate a Guard policy",
                "Check a proposed Guard policy document for a site without saving anything: whether it is valid, its errors and "
                        + "warnings, each with where it is in the document, and which version of the site's policy for that label it would become.",
                object(siteId(), required("policy", policyDocument("The document to check."))),
                result(required("siteId", string("Site id")), required("valid", bool("True when put-guard-policy would accept the document")),
                        required("errors", findings("Why the document would be refused; empty when valid")),
                        required("warnings", findings("Accepted, but probably not what was meant")),
                        optional("action", enumeration("When valid: whether the document makes a new policy or a new version of the site's "
                                + "policy for its label", List.of("create", "replace"))),
                        optional("version", count("When valid: the version the policy would have"))),
                READ_SCOPE, false, (caller, args) -> {
                    Site site = site(caller, args);
                    Map<String, Object> document = policyArg(args);
                    GuardPolicy current = currentPolicy(site, document);
                    PolicyDocuments.Review review = PolicyDocuments.review(document, current);
                    Map<String, Object> result = json("siteId", site.id(), "valid", review.valid(),
                            "errors", review.errors().stream().map(f -> (Object) f.json()).toList(),
                            "warnings", review.warnings().stream().map(f -> (Object) f.json()).toList());
                    if (review.valid()) {
                        result.put("action", current == null ? "create" : "replace");
                        result.put("version", current == null ? 1 : current.version() + 1);
                    }
                    return result;
                });
    }

    private Tool putGuardPolicy() {
        return new Tool("put-guard-policy", "Put a Guard policy",
                "Create or replace a site's Guard policy for an action: a label the site has no policy for creates one (version 1); "
                        + "an existing label replaces that policy with the next version. Guard policies can only be written here.",
                object(siteId(), required("policy", policyDocument("The policy to save. Include the 'version' describe-guard-policy "
                        + "returned to refuse the write if someone changed the policy since."))),
                result(required("policy", anyObject("The policy as saved, in describe-guard-policy's shape")),
                        required("created", bool("True when the policy is new, false when it replaced the previous version")),
                        required("warnings", findings("Accepted, but probably not what was meant"))),
                MANAGE_SCOPE, true, (caller, args) -> {
                    Site site = site(caller, args);
                    Map<String, Object> document = policyArg(args);
                    PolicyDocuments.Review review = PolicyDocuments.review(document, currentPolicy(site, document));
                    if (!review.valid()) {
                        throw new ToolError("The Guard policy is not valid, so nothing was saved. "
                                + String.join("; ", review.errors().stream().map(PolicyDocuments.Finding::toString).toList())
                                + ". Fix the document and put it again; validate-guard-policy checks a document without saving it.");
                    }
                    GuardPolicy saved;
                    try {
                        saved = world.putGuardPolicy(site.id(), review.draft(), review.basedOnVersion());
                    } catch (IllegalStateException e) {
                        throw new ToolError(e.getMessage() + " Someone changed it meanwhile: call describe-guard-policy again and reapply the change.");
                    }
                    return json("policy", policyJson(saved), "created", saved.version() == 1,
                            "warnings", review.warnings().stream().map(f -> (Object) f.json()).toList());
                });
    }

    // ---- helpers ----

    private Instant now() {
        return traffic.generator().now().isAfter(world.clock().instant()) ? traffic.generator().now() : world.clock().instant();
    }

    private TimeWindow window(Map<String, Object> args, String defaultPeriod) {
        return TimeWindow.from(args, defaultPeriod, now());
    }

    private Team team(Account caller, Map<String, Object> args) {
        String teamId = text(args, "teamId");
        return world.team(caller, teamId).orElseThrow(() -> new ToolError("Unknown team '" + teamId + "', or you are not a member. "
                + (TypeIds.isTypeId("team", teamId) ? "" : "Team ids look like team_01..., not names. ") + "Call list-teams to see your teams."));
    }

    private Site site(Account caller, Map<String, Object> args) {
        String siteId = text(args, "siteId");
        return world.site(caller, siteId).orElseThrow(() -> new ToolError("Unknown site '" + siteId + "', or your user cannot see it. "
                + (TypeIds.isTypeId("site", siteId) ? "" : "Site ids look like site_01..., not names. ")
                + "Call list-sites to see the sites you can access."));
    }

    private RequestDecision request(Site site, Map<String, Object> args) {
        String requestId = text(args, "requestId");
        SiteTraffic t = traffic.of(site.id());
        return t.indexOf(requestId).map(t::get)
                .orElseThrow(() -> new ToolError("No request '" + requestId + "' on site " + site.id() + ". Use list-requests to find request ids."));
    }

    private Rule rule(Site site, Map<String, Object> args) {
        String ruleId = text(args, "ruleId");
        return world.rule(site.id(), ruleId)
                .orElseThrow(() -> new ToolError("No rule '" + ruleId + "' on site " + site.id() + ". Call list-rules to see its rules."));
    }

    private List<Object> rulesExecuted(Site site, RequestDecision d) {
        List<Object> executed = new ArrayList<>();
        if (d.ruleId() != null && d.ruleId().startsWith("local:")) {
            executed.add(json("ruleId", d.ruleId(), "type", "validate_email", "mode", Rule.LIVE, "conclusion", "DENY", "reason", d.reason().name(),
                    "explanation", "The email address was rejected by the email validation rule in the application's code."));
        }
        for (Rule rule : traffic.rulesAtGeneration(site.id())) {
            if (rule.type() == RuleType.RATE_LIMIT && !d.path().startsWith("/api/")) {
                continue;
            }
            String result;
            if (rule.id().equals(d.ruleId())) {
                result = d.conclusion().name();
            } else if (rule.id().equals(d.dryRunRuleId())) {
                result = "DRY_RUN_DENY";
            } else {
                result = "ALLOW";
            }
            executed.add(json("ruleId", rule.id(), "type", rule.type().wireName(), "mode", rule.mode(), "conclusion", result,
                    "explanation", Explanations.ruleVerdict(rule, result)));
        }
        return executed;
    }

    static Map<String, Object> ruleJson(Rule rule) {
        return json("id", rule.id(), "type", rule.type().wireName(), "mode", rule.mode(), "summary", rule.summary(), "config", rule.config(),
                "createdAt", rule.createdAt().toString(), "updatedAt", rule.updatedAt().toString());
    }

    static Map<String, Object> policyJson(GuardPolicy policy) {
        List<Object> inputs = policy.inputs().stream()
                .map(i -> (Object) json("name", i.name(), "exposure", i.exposure(), "type", i.type())).toList();
        List<Object> rules = policy.rules().stream().map(r -> {
            Map<String, Object> rule = json("type", r.type());
            rule.putAll(r.settings());
            rule.put("summary", r.summary());
            return (Object) rule;
        }).toList();
        return json("id", policy.id(), "siteId", policy.siteId(), "label", policy.label(), "name", policy.name(),
                "description", policy.description(), "mode", policy.mode(), "inputs", inputs, "rules", rules, "version", policy.version(),
                "createdAt", policy.createdAt().toString(), "updatedAt", policy.updatedAt().toString());
    }

    private GuardPolicy currentPolicy(Site site, Map<String, Object> document) {
        String label = PolicyDocuments.label(document);
        return label == null ? null : world.guardPolicyFor(site.id(), label).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policyArg(Map<String, Object> args) {
        if (!(args.get("policy") instanceof Map<?, ?> policy)) {
            throw new ToolError("'policy' must be an object, a Guard policy document: " + PolicyDocuments.SHAPE);
        }
        return (Map<String, Object>) policy;
    }

    static Map<String, Object> ipJson(IpProfile ip) {
        return json("address", ip.address(), "version", ip.ipv6() ? 6 : 4, "country", ip.country(), "city", ip.city(), "asn", ip.asn(),
                "asnName", ip.asnName(), "networkType", ip.networkType(), "riskLevel", ip.riskLevel());
    }

    static Map<String, Object> totals(TrafficScan scan) {
        return json("totalRequests", scan.total, "allowed", scan.count(Conclusion.ALLOW), "denied", scan.denied(),
                "challenged", scan.count(Conclusion.CHALLENGE), "errors", scan.count(Conclusion.ERROR), "denialRate", round(scan.denialRate(), 4));
    }

    static List<Object> denialReasons(TrafficScan scan) {
        List<Object> reasons = new ArrayList<>();
        long denied = scan.denied();
        Arrays.stream(Reason.values())
                .filter(r -> scan.deniedByReason[r.ordinal()] > 0)
                .sorted((a, b) -> Long.compare(scan.deniedByReason[b.ordinal()], scan.deniedByReason[a.ordinal()]))
                .forEach(r -> reasons.add(json("reason", r.name(), "count", scan.deniedByReason[r.ordinal()],
                        "share", round((double) scan.deniedByReason[r.ordinal()] / denied, 4))));
        return reasons;
    }

    static List<Object> counts(List<Count> counts, String key) {
        return counts.stream().map(c -> (Object) json(key, c.key(), "requests", c.requests(), "denied", c.denied())).toList();
    }

    static Double change(long now, long before) {
        return before == 0 ? null : round(100.0 * (now - before) / before, 1);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String text(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ToolError("'" + name + "' is required.");
        }
        return s.trim();
    }

    private static int integerArg(Map<String, Object> args, String name, int defaultValue, int min, int max) {
        Object value = args.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new ToolError("'" + name + "' must be a whole number.");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new ToolError("'" + name + "' must be between " + min + " and " + max + ", not " + v + ".");
        }
        return (int) v;
    }

    private static <E extends Enum<E>> E enumArg(Map<String, Object> args, String name, Class<E> type) {
        Object value = args.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, String.valueOf(value).trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ToolError("'" + name + "' must be one of " + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'.");
        }
    }

    private static String ipArg(Map<String, Object> args, boolean required) {
        Object value = args.get("ip");
        if (value == null && !required) {
            return null;
        }
        String ip = value == null ? "" : String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
        if (!IP.matcher(ip).matches()) {
            throw new ToolError("'ip' must be an IPv4 or IPv6 address, not '" + value + "'.");
        }
        return ip;
    }

    private static int cursor(String cursor, int from, int to) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor));
            int position = Integer.parseInt(decoded.substring(1));
            if (!decoded.startsWith("p") || position < from || position > to) {
                throw new IllegalArgumentException();
            }
            return position;
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new ToolError("The cursor is not valid for this query; start again without 'cursor'.");
        }
    }

    private static RuleType ruleType(Map<String, Object> args) {
        try {
            return RuleType.fromWire(text(args, "type"));
        } catch (IllegalArgumentException e) {
            throw new ToolError("'type' must be one of " + RULE_TYPES + ".");
        }
    }

    private static String mode(Map<String, Object> args) {
        String mode = String.valueOf(args.getOrDefault("mode", Rule.DRY_RUN)).trim().toUpperCase(java.util.Locale.ROOT);
        if (!mode.equals(Rule.LIVE) && !mode.equals(Rule.DRY_RUN)) {
            throw new ToolError("'mode' must be LIVE or DRY_RUN.");
        }
        return mode;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> args) {
        if (!(args.get("config") instanceof Map<?, ?> config)) {
            throw new ToolError("'config' must be an object.");
        }
        return (Map<String, Object>) config;
    }

    /** An ordered JSON object from key/value pairs; null values are left out. */
    static Map<String, Object> json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
