package dev.sightline.sandbox;

import static dev.sightline.sandbox.world.SandboxWorld.ACME;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_PROD;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_STAGING;
import static dev.sightline.sandbox.world.SandboxWorld.GLOBEX;
import static dev.sightline.sandbox.world.SandboxWorld.GLOBEX_WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.sightline.sandbox.traffic.Conclusion;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.GuardPolicy;
import dev.sightline.sandbox.world.SandboxWorld;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every read tool's numbers, fetched over MCP as alice, against an independent count over the
 * generated requests (plain streams over {@link RequestDecision}s, not the tools' column scans).
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroundTruthTests {

    static final Instant NOW = Instant.parse(SandboxTest.NOW);

    @LocalServerPort
    int port;
    @Autowired
    TrafficStore traffic;
    @Autowired
    SandboxWorld world;

    McpSyncClient mcp;
    List<RequestDecision> prod;
    List<RequestDecision> staging;

    @BeforeAll
    void connect() throws Exception {
        mcp = new SandboxPeer(port).mcp(new SandboxPeer(port).signIn("alice@example.com", "analytics:read").accessToken());
        prod = traffic.of(ACME_PROD).stream().toList();
        staging = traffic.of(ACME_STAGING).stream().toList();
    }

    @AfterAll
    void close() {
        mcp.close();
    }

    JsonNode call(String tool, Map<String, Object> arguments) {
        JsonNode result = SandboxPeer.call(mcp, tool, arguments);
        assertThat(result.has("error")).as("%s answered an error: %s", tool, result.path("error")).isFalse();
        return result;
    }

    static List<RequestDecision> between(List<RequestDecision> all, Instant from, Instant to) {
        return all.stream().filter(d -> !d.timestamp().isBefore(from) && d.timestamp().isBefore(to)).toList();
    }

    static long count(List<RequestDecision> list, Predicate<RequestDecision> p) {
        return list.stream().filter(p).count();
    }

    @Test
    void theDataLooksLikeABusySiteWithAnIncident() {
        assertThat(prod.size()).isBetween(200_000, 240_000);
        assertThat(prod).allSatisfy(d -> assertThat(d.timestamp()).isBetween(NOW.minus(Duration.ofDays(30)), NOW));
        assertThat(count(prod, d -> d.ip().ipv6())).isGreaterThan(10_000);
        assertThat(prod.stream().map(d -> d.ip().country()).distinct().count()).isGreaterThan(10);
        assertThat(prod.stream().map(RequestDecision::conclusion).distinct()).containsExactlyInAnyOrder(Conclusion.values());
        assertThat(prod.stream().map(RequestDecision::reason).distinct())
                .contains(Reason.RATE_LIMIT, Reason.BOT, Reason.SHIELD, Reason.FILTER, Reason.EMAIL);
        // Before the incident, weekend days are quieter than weekdays.
        Map<LocalDate, Long> perDay = between(prod, NOW.minus(Duration.ofDays(29)).truncatedTo(java.time.temporal.ChronoUnit.DAYS),
                traffic.generator().incident().start().truncatedTo(java.time.temporal.ChronoUnit.DAYS)).stream()
                .collect(Collectors.groupingBy(d -> LocalDate.ofInstant(d.timestamp(), ZoneOffset.UTC), Collectors.counting()));
        double weekend = perDay.entrySet().stream().filter(e -> e.getKey().getDayOfWeek().getValue() >= 6).mapToLong(Map.Entry::getValue).average().orElseThrow();
        double weekday = perDay.entrySet().stream().filter(e -> e.getKey().getDayOfWeek().getValue() < 6).mapToLong(Map.Entry::getValue).average().orElseThrow();
        assertThat(weekend).isLessThan(weekday * 0.75);
        // Staging: rules only in DRY_RUN, so nothing is denied, though plenty would be.
        assertThat(count(staging, RequestDecision::denied)).isZero();
        assertThat(count(staging, d -> d.dryRunReason() != Reason.NONE)).isGreaterThan(1_000);
    }

    @Test
    void teamsAndSites() {
        JsonNode teams = call("list-teams", Map.of()).path("teams");
        assertThat(teams.size()).isEqualTo(1);
        assertThat(teams.get(0).path("name").asString()).isEqualTo(SandboxWorld.ACME_NAME);
        assertThat(teams.get(0).path("id").asString()).isEqualTo(ACME);
        assertThat(teams.get(0).path("siteCount").asInt()).isEqualTo(2);
        JsonNode sites = call("list-sites", Map.of("teamId", ACME)).path("sites");
        assertThat(sites.findValuesAsString("id")).containsExactly(ACME_PROD, ACME_STAGING);
        assertThat(sites.findValuesAsString("name")).containsExactly(SandboxWorld.ACME_PROD_NAME, SandboxWorld.ACME_STAGING_NAME);
    }

    @Test
    void analyzeTrafficMatchesAnIndependentCount() {
        Instant from = NOW.minus(Duration.ofDays(7));
        List<RequestDecision> week = between(prod, from, NOW);
        List<RequestDecision> weekBefore = between(prod, from.minus(Duration.ofDays(7)), from);
        JsonNode result = call("analyze-traffic", Map.of("siteId", ACME_PROD, "period", "7d"));

        assertThat(result.path("totalRequests").asLong()).isEqualTo(week.size());
        assertThat(result.path("denied").asLong()).isEqualTo(count(week, RequestDecision::denied));
        assertThat(result.path("allowed").asLong()).isEqualTo(count(week, d -> d.conclusion() == Conclusion.ALLOW));
        assertThat(result.path("challenged").asLong()).isEqualTo(count(week, d -> d.conclusion() == Conclusion.CHALLENGE));
        assertThat(result.path("errors").asLong()).isEqualTo(count(week, d -> d.conclusion() == Conclusion.ERROR));
        assertThat(result.path("denialRate").asDouble()).isCloseTo((double) count(week, RequestDecision::denied) / week.size(),
                org.assertj.core.data.Offset.offset(0.0001));

        Map<String, Long> paths = week.stream().collect(Collectors.groupingBy(RequestDecision::path, Collectors.counting()));
        assertThat(result.path("topPaths").findValuesAsString("path")).containsExactlyElementsOf(top(paths, 10));
        assertThat(result.path("topPaths").get(0).path("requests").asLong()).isEqualTo(paths.get(top(paths, 1).get(0)));
        Map<String, Long> ips = week.stream().collect(Collectors.groupingBy(d -> d.ip().address(), Collectors.counting()));
        assertThat(result.path("topIps").findValuesAsString("ip")).containsExactlyElementsOf(top(ips, 10));

        Map<String, Long> reasons = week.stream().filter(RequestDecision::denied)
                .collect(Collectors.groupingBy(d -> d.reason().name(), Collectors.counting()));
        for (JsonNode reason : result.path("topDenialReasons")) {
            assertThat(reason.path("count").asLong()).isEqualTo(reasons.get(reason.path("reason").asString()));
        }
        assertThat(result.path("topDenialReasons").size()).isEqualTo(reasons.size());

        JsonNode trend = result.path("trend");
        assertThat(trend.path("previousTotalRequests").asLong()).isEqualTo(weekBefore.size());
        assertThat(trend.path("previousDenied").asLong()).isEqualTo(count(weekBefore, RequestDecision::denied));
    }

    @Test
    void theIncidentShowsAsASpikeOfBotAndRateLimitDenialsOnSignupAndLogin() {
        var incident = traffic.generator().incident();
        List<RequestDecision> during = between(prod, incident.start(), incident.end());
        JsonNode result = call("analyze-traffic", Map.of("siteId", ACME_PROD, "start", incident.start().toString(),
                "end", incident.end().toString(), "reason", "BOT", "conclusion", "DENY"));
        long botDenied = count(during, d -> d.denied() && d.reason() == Reason.BOT);
        assertThat(result.path("totalRequests").asLong()).isEqualTo(botDenied);
        assertThat(result.path("topPaths").findValuesAsString("path").subList(0, 2)).containsExactlyInAnyOrder("/api/signup", "/api/login");

        long before = count(between(prod, incident.start().minus(Duration.ofHours(52)), incident.start()),
                d -> d.denied() && d.reason() == Reason.BOT);
        assertThat(botDenied).isGreaterThan(before * 3);
        long rateLimited = count(during, d -> d.denied() && d.reason() == Reason.RATE_LIMIT);
        long rateLimitedBefore = count(between(prod, incident.start().minus(Duration.ofHours(52)), incident.start()),
                d -> d.denied() && d.reason() == Reason.RATE_LIMIT);
        assertThat(rateLimited).isGreaterThan(rateLimitedBefore * 2);
    }

    @Test
    void listRequestsPagesThroughTheNewestMatchesFirst() {
        List<RequestDecision> expected = between(prod, NOW.minus(Duration.ofHours(24)), NOW).stream()
                .filter(d -> d.conclusion() == Conclusion.DENY && d.reason() == Reason.BOT)
                .sorted(Comparator.comparing(RequestDecision::timestamp).reversed()).toList();
        JsonNode first = call("list-requests", Map.of("siteId", ACME_PROD, "conclusion", "DENY", "reason", "BOT", "limit", 50));
        JsonNode second = call("list-requests", Map.of("siteId", ACME_PROD, "conclusion", "DENY", "reason", "BOT", "limit", 50,
                "cursor", first.path("nextCursor").asString()));
        List<String> ids = new ArrayList<>(first.path("requests").findValuesAsString("id"));
        ids.addAll(second.path("requests").findValuesAsString("id"));
        List<Instant> times = new ArrayList<>();
        first.path("requests").forEach(r -> times.add(Instant.parse(r.path("timestamp").asString())));
        second.path("requests").forEach(r -> times.add(Instant.parse(r.path("timestamp").asString())));
        assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids).hasSize(100).doesNotHaveDuplicates();
        assertThat(times).containsExactlyElementsOf(expected.subList(0, 100).stream().map(RequestDecision::timestamp).toList());
        assertThat(expected.stream().map(RequestDecision::id).toList()).containsAll(ids);
    }

    @Test
    void requestDetailsAndExplanationsDescribeTheGeneratedRequest() {
        RequestDecision denied = prod.stream().filter(d -> d.denied() && d.reason() == Reason.RATE_LIMIT).reduce((a, b) -> b).orElseThrow();
        JsonNode details = call("get-request-details", Map.of("siteId", ACME_PROD, "requestId", denied.id()));
        assertThat(details.path("path").asString()).isEqualTo(denied.path());
        assertThat(details.path("ip").path("address").asString()).isEqualTo(denied.ip().address());
        assertThat(details.path("decision").path("conclusion").asString()).isEqualTo("DENY");
        assertThat(details.path("decision").path("ruleId").asString()).isEqualTo(denied.ruleId());
        assertThat(details.path("statusCode").asInt()).isEqualTo(429);

        JsonNode explanation = call("explain-decision", Map.of("siteId", ACME_PROD, "requestId", denied.id()));
        assertThat(explanation.path("summary").asString()).contains("rate limit").contains(denied.path());
        assertThat(explanation.path("rules").findValuesAsString("conclusion")).contains("DENY");
    }

    @Test
    void quotaCountsTheTeamsRequestsThisMonth() {
        Instant monthStart = YearMonth.from(NOW.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long used = between(prod, monthStart, NOW).size() + between(staging, monthStart, NOW).size();
        JsonNode quota = call("get-site-quota", Map.of("siteId", ACME_STAGING));
        assertThat(quota.path("used").asLong()).isEqualTo(used);
        assertThat(quota.path("limit").asLong()).isEqualTo(1_000_000);
        assertThat(quota.path("remaining").asLong()).isEqualTo(1_000_000 - used);
    }

    @Test
    void investigateIpMatchesTheIpsRequests() {
        var incident = traffic.generator().incident();
        Map<String, Long> campaign = between(prod, incident.start(), incident.end()).stream()
                .filter(d -> d.path().equals("/api/signup")).collect(Collectors.groupingBy(d -> d.ip().address(), Collectors.counting()));
        String ip = top(campaign, 1).get(0);
        List<RequestDecision> fromIp = prod.stream().filter(d -> d.ip().address().equals(ip)).toList();
        JsonNode result = call("investigate-ip", Map.of("siteId", ACME_PROD, "ip", ip));
        assertThat(result.path("totalRequests").asLong()).isEqualTo(fromIp.size());
        assertThat(result.path("conclusions").path("DENY").asLong()).isEqualTo(count(fromIp, RequestDecision::denied));
        assertThat(result.path("network").path("type").asString()).isEqualTo("HOSTING");
        assertThat(result.path("network").path("asn").asInt()).isIn(traffic.generator().incident().asns());
        Map<LocalDate, Long> perDay = fromIp.stream().collect(Collectors.groupingBy(d -> LocalDate.ofInstant(d.timestamp(), ZoneOffset.UTC),
                Collectors.counting()));
        Map<LocalDate, Long> timeline = new LinkedHashMap<>();
        result.path("timeline").forEach(day -> timeline.put(LocalDate.parse(day.path("date").asString()), day.path("requests").asLong()));
        assertThat(timeline).isEqualTo(perDay);
    }

    @Test
    void dryRunImpactCountsWhatDryRunRulesWouldHaveBlocked() {
        List<RequestDecision> week = between(staging, NOW.minus(Duration.ofDays(7)), NOW);
        JsonNode result = call("get-dry-run-impact", Map.of("siteId", ACME_STAGING));
        assertThat(result.path("totalWouldBlock").asLong()).isEqualTo(count(week, d -> d.dryRunReason() != Reason.NONE));
        Map<String, Long> perRule = week.stream().filter(d -> d.dryRunRuleId() != null)
                .collect(Collectors.groupingBy(RequestDecision::dryRunRuleId, Collectors.counting()));
        result.path("rules").forEach(rule -> assertThat(rule.path("wouldBlock").asLong())
                .isEqualTo(perRule.getOrDefault(rule.path("ruleId").asString(), 0L)));
        assertThat(result.path("rules").size()).isEqualTo(3);
    }

    @Test
    void anomaliesCompareTheWindowWithTheOneBefore() {
        var incident = traffic.generator().incident();
        Instant end = incident.start().plus(Duration.ofHours(24));
        JsonNode result = call("get-anomalies", Map.of("siteId", ACME_PROD, "start", incident.start().toString(), "end", end.toString()));
        List<RequestDecision> now = between(prod, incident.start(), end);
        List<RequestDecision> before = between(prod, incident.start().minus(Duration.ofHours(24)), incident.start());
        assertThat(result.path("riskEscalation").path("level").asString()).isEqualTo("ESCALATING");
        assertThat(result.path("riskEscalation").path("currentDenialRate").asDouble())
                .isCloseTo((double) count(now, RequestDecision::denied) / now.size(), org.assertj.core.data.Offset.offset(0.0001));
        assertThat(result.path("riskEscalation").path("previousDenialRate").asDouble())
                .isCloseTo((double) count(before, RequestDecision::denied) / before.size(), org.assertj.core.data.Offset.offset(0.0001));
        Map<String, Long> denied = now.stream().filter(RequestDecision::denied).collect(Collectors.groupingBy(d -> d.ip().address(), Collectors.counting()));
        assertThat(result.path("suspiciousIps").get(0).path("denied").asLong()).isEqualTo(denied.get(top(denied, 1).get(0)));
        assertThat(result.path("trafficSpikes").findValuesAsString("path")).contains("/api/signup");
    }

    @Test
    void briefingAndRules() {
        JsonNode briefing = call("get-security-briefing", Map.of("siteId", ACME_STAGING));
        assertThat(briefing.path("traffic").path("last24h").path("totalRequests").asLong())
                .isEqualTo(between(staging, NOW.minus(Duration.ofHours(24)), NOW).size());
        assertThat(briefing.path("rules").path("live").asLong()).isZero();
        assertThat(briefing.path("recommendations").get(0).path("title").asString()).isEqualTo("Nothing is enforced");
        JsonNode rules = call("list-rules", Map.of("siteId", ACME_PROD)).path("rules");
        assertThat(rules.findValuesAsString("mode")).contains("LIVE", "DRY_RUN");
        assertThat(rules.size()).isEqualTo(5);
    }

    @Test
    void guardPoliciesAreTheSitesPolicies() {
        List<GuardPolicy> expected = world.guardPoliciesOf(ACME_PROD);
        JsonNode listed = call("list-guard-policies", Map.of("siteId", ACME_PROD)).path("policies");
        assertThat(listed.findValuesAsString("id")).containsExactlyElementsOf(expected.stream().map(GuardPolicy::id).toList());
        assertThat(listed.findValuesAsString("label")).containsExactly("email.sent", "refund.issued", "web.fetched");
        for (GuardPolicy policy : expected) {
            JsonNode described = call("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", policy.id()));
            assertThat(described.path("label").asString()).isEqualTo(policy.label());
            assertThat(described.path("mode").asString()).isEqualTo(policy.mode());
            assertThat(described.path("version").asInt()).isEqualTo(policy.version());
            assertThat(described.path("updatedAt").asString()).isEqualTo(policy.updatedAt().toString());
            assertThat(described.path("inputs").findValuesAsString("name"))
                    .containsExactlyElementsOf(policy.inputs().stream().map(GuardPolicy.Input::name).toList());
            assertThat(described.path("rules").findValuesAsString("type"))
                    .containsExactlyElementsOf(policy.rules().stream().map(GuardPolicy.GuardRule::type).toList());
            JsonNode summary = listed.get(expected.indexOf(policy));
            assertThat(summary.path("ruleCount").asInt()).isEqualTo(policy.rules().size());
            assertThat(summary.path("version").asInt()).isEqualTo(policy.version());
        }
        JsonNode email = call("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_prod_email"));
        assertThat(email.path("rules").get(1).path("summary").asString()).isEqualTo("Deny when body contains BANK_ACCOUNT, ROUTING_NUMBER, CREDIT_CARD_NUMBER");
        assertThat(email.path("rules").get(1).path("deny").toString()).isEqualTo("[\"BANK_ACCOUNT\",\"ROUTING_NUMBER\",\"CREDIT_CARD_NUMBER\"]");
        assertThat(call("list-guard-policies", Map.of("siteId", ACME_STAGING)).path("policies").findValuesAsString("label")).contains("email.sent");
    }

    @Test
    void validatingAGuardPolicyJudgesItAndStoresNothing() {
        // Every policy as described is a valid document: the next version of itself.
        for (GuardPolicy policy : world.guardPoliciesOf(ACME_PROD)) {
            Map<String, Object> described = JsonMapper.shared().convertValue(
                    call("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", policy.id())), Map.class);
            JsonNode same = call("validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", described));
            assertThat(same.path("valid").asBoolean()).as(same.toString()).isTrue();
            assertThat(same.path("errors").size()).isZero();
            assertThat(same.path("warnings").size()).as(same.toString()).isZero();
            assertThat(same.path("action").asString()).isEqualTo("replace");
            assertThat(same.path("version").asInt()).isEqualTo(policy.version() + 1);
        }

        Map<String, Object> proposal = Map.of("label", "Email Sent", "name", "Outbound email", "mode", "LIVE",
                "inputs", List.of(Map.of("name", "recipient", "exposure", "LOCAL", "type", "string"),
                        Map.of("name", "allowed", "exposure", "SERVER", "type", "string_list"),
                        Map.of("name", "body", "exposure", "SERVER", "type", "string")),
                "rules", List.of(Map.of("type", "membership", "input", "recipient", "list", "allowed"),
                        Map.of("type", "sensitive_info", "input", "body", "deny", List.of("CREDIT_CARD_NUMBER")),
                        Map.of("type", "geo_block", "countries", List.of("KP"))));
        JsonNode judged = call("validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", proposal));
        assertThat(judged.path("valid").asBoolean()).isFalse();
        assertThat(judged.path("errors").findValuesAsString("path")).containsExactlyInAnyOrder("label", "rules[0].input", "rules[2].type");
        assertThat(judged.path("errors").toString()).contains("is LOCAL", "membership", "lower-case words separated by dots");
        assertThat(judged.path("warnings").findValuesAsString("path")).contains("rules[1].input");
        assertThat(judged.has("action")).isFalse();

        // Nothing was stored: the site's policies are exactly what they were.
        assertThat(call("list-guard-policies", Map.of("siteId", ACME_PROD)).path("policies").findValuesAsString("version"))
                .containsExactlyElementsOf(world.guardPoliciesOf(ACME_PROD).stream().map(p -> String.valueOf(p.version())).toList());
        assertThat(world.guardPoliciesOf(ACME_PROD)).hasSize(3);
    }

    @Test
    void badInputIsAToolErrorWithAClearMessage() {
        assertThat(SandboxPeer.call(mcp, "analyze-traffic", Map.of("siteId", "nope")).path("error").asString()).contains("Unknown site 'nope'");
        assertThat(SandboxPeer.call(mcp, "analyze-traffic", Map.of("siteId", ACME_PROD, "start", "2026-11-10T00:00:00Z",
                "end", "2026-11-01T00:00:00Z")).path("error").asString()).contains("reversed");
        assertThat(SandboxPeer.call(mcp, "analyze-traffic", Map.of("siteId", ACME_PROD, "start", "2027-01-01T00:00:00Z"))
                .path("error").asString()).contains("future");
        assertThat(SandboxPeer.call(mcp, "analyze-traffic", Map.of("siteId", ACME_PROD, "period", "1y")).path("error").asString())
                .isNotBlank();
        assertThat(SandboxPeer.call(mcp, "list-requests", Map.of("siteId", ACME_PROD, "limit", 5000)).path("error").asString())
                .isNotBlank();
        assertThat(SandboxPeer.call(mcp, "list-requests", Map.of("siteId", ACME_PROD, "cursor", "garbage!")).path("error").asString())
                .contains("cursor");
        assertThat(SandboxPeer.call(mcp, "get-request-details", Map.of("siteId", ACME_PROD, "requestId", "req_zz_123")).path("error").asString())
                .contains("No request");
        assertThat(SandboxPeer.call(mcp, "investigate-ip", Map.of("siteId", ACME_PROD, "ip", "not an ip")).path("error").asString())
                .contains("IPv4 or IPv6");
        assertThat(SandboxPeer.call(mcp, "analyze-traffic", Map.of("siteId", ACME_PROD, "unexpected", true)).path("error").asString())
                .isNotBlank();
        assertThat(SandboxPeer.call(mcp, "list-sites", Map.of("teamId", GLOBEX)).path("error").asString()).contains("Unknown team");
        assertThat(SandboxPeer.call(mcp, "list-guard-policies", Map.of("siteId", GLOBEX_WEB)).path("error").asString()).contains("Unknown site");
        assertThat(SandboxPeer.call(mcp, "describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_nope")).path("error").asString())
                .contains("No Guard policy 'gpol_nope'").contains("list-guard-policies");
        assertThat(SandboxPeer.call(mcp, "validate-guard-policy", Map.of("siteId", ACME_PROD)).path("error").asString()).isNotBlank();
        assertThat(SandboxPeer.call(mcp, "validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", "label: email.sent"))
                .path("error").asString()).isNotBlank();
    }

    static List<String> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    static <T> Map<T, Long> countBy(List<RequestDecision> list, Function<RequestDecision, T> key) {
        return list.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
