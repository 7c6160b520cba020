package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.sightline.sandbox.traffic.Conclusion;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The seed's questions through the API against the sandboxed Arcjet; the expected numbers come
 * from regenerating the sandbox's traffic (same seed, same "now") and counting it here, not from
 * the tools' own code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ask-flow;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + AskFlowTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AskFlowTests {

    static final String TOKEN = "ask-token-0123456789abcdefghijklmn";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    dev.sightline.vault.CredentialVault vault;

    SightlineApi api;
    List<RequestDecision> prod;

    @BeforeAll
    void connect() throws Exception {
        api = new SightlineApi(port, TOKEN);
        api.connectArcjet("alice@example.com", "Arcjet");
        SandboxWorld world = new SandboxWorld(Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC));
        TrafficStore traffic = new TrafficStore(world, new TrafficGenerator(20261125L, 200_000, SandboxProcess.NOW));
        prod = traffic.of("acme-prod").stream().toList();
    }

    JsonNode ask(String question) throws Exception {
        return api.json("POST", "/api/analyses", "{\"question\":\"" + question + "\"}");
    }

    long count(JsonNode analysis, Predicate<RequestDecision> filter) {
        Instant start = Instant.parse(analysis.path("period").path("start").asString());
        Instant end = Instant.parse(analysis.path("period").path("end").asString());
        Instant last = end.isAfter(SandboxProcess.NOW) ? SandboxProcess.NOW : end;
        return prod.stream().filter(d -> !d.timestamp().isBefore(start) && d.timestamp().isBefore(last)).filter(filter).count();
    }

    @Test
    void rateLimitDenialsThisWeekAreCountedRight() throws Exception {
        JsonNode a = ask("How many requests did we deny for rate limiting this week?");
        long expected = count(a, d -> d.conclusion() == Conclusion.DENY && (d.reason() == Reason.RATE_LIMIT || d.dryRunReason() == Reason.RATE_LIMIT));
        assertThat(a.path("chart").path("kind").asString()).isEqualTo("metric");
        assertThat(a.path("chart").path("metric").path("value").asLong()).isEqualTo(expected);
        assertThat(a.path("answer").path("text").asString()).contains(Formats.number(expected), "acme-prod", "this week");
        assertThat(a.path("answer").path("confidence").asInt()).isGreaterThanOrEqualTo(70);
        assertThat(a.path("steps").findValuesAsString("tool")).contains("analyze-traffic");
        assertThat(a.path("answer").path("followUps").size()).isEqualTo(3);
        // Stored and readable by id; no one else can read it.
        assertThat(api.json("GET", "/api/analyses/" + a.path("id").asString(), null).path("question").asString()).contains("rate limiting");
    }

    @Test
    void topPathsAndIpsForBotDetections() throws Exception {
        JsonNode a = ask("Which paths and IPs trigger the most bot detections?");
        Map<String, Long> paths = prodIn(a).stream().filter(d -> d.reason() == Reason.BOT || d.dryRunReason() == Reason.BOT)
                .collect(Collectors.groupingBy(RequestDecision::path, Collectors.counting()));
        String topPath = paths.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(a.path("chart").path("kind").asString()).isEqualTo("bar");
        assertThat(a.path("plan").path("query").path("type").asString()).isEqualTo("parts");
        assertThat(a.path("table").path("rows").get(0).get(0).asString()).isEqualTo(topPath);
        assertThat(a.path("table").path("rows").get(0).get(1).asLong()).isEqualTo(paths.get(topPath));
        assertThat(a.path("answer").path("text").asString()).contains(topPath);
    }

    @Test
    void aPathInTheQuestionNarrowsWhatTheToolsCanNarrowAndIsFlaggedWhereTheyCannot() throws Exception {
        JsonNode count = ask("How many requests to /api/login were denied this week?");
        long expected = count(count, d -> d.conclusion() == Conclusion.DENY && d.path().equals("/api/login"));
        assertThat(count.path("plan").path("query").path("subject").path("key").asString()).isEqualTo("/api/login");
        assertThat(count.path("chart").path("metric").path("value").asLong()).isEqualTo(expected);
        assertThat(count.path("answer").path("text").asString()).contains(Formats.number(expected), "/api/login", "acme-prod");

        JsonNode recent = ask("Show recent requests to /api/signup");
        assertThat(recent.path("steps").findParents("tool").stream().filter(step -> step.path("tool").asString().equals("list-requests"))
                .map(step -> step.path("arguments").path("path").asString()).toList()).containsExactly("/api/signup");
        assertThat(recent.path("table").path("rows").size()).isPositive();
        int pathColumn = recent.path("table").path("columns").findValuesAsString("").isEmpty() ? indexOf(recent.path("table").path("columns"), "path") : 0;
        recent.path("table").path("rows").forEach(row -> assertThat(row.get(pathColumn).asString()).isEqualTo("/api/signup"));
        // "/api/signup" is a path here, not a question about signup data.
        assertThat(recent.path("warnings").findValuesAsString("title")).noneMatch(t -> t.contains("Missing data"));

        // IPs on one path are counted from that path's listed requests, every page of them.
        JsonNode ips = ask("Which IPs get denied most on /api/login this week?");
        assertThat(ips.path("steps").findParents("tool").stream().filter(step -> step.path("tool").asString().equals("list-requests"))
                .map(step -> step.path("arguments").path("path").asString()).toList()).isNotEmpty().allMatch("/api/login"::equals);
        assertThat(ips.path("warnings").findValuesAsString("title")).noneMatch(t -> t.startsWith("Not narrowed"));
        assertThat(ips.path("answer").path("text").asString()).contains("denied requests to /api/login");
        // A report the vendor cannot narrow to a path says so, and is less sure.
        JsonNode briefing = ask("Give me a security briefing for /api/login");
        assertThat(briefing.path("warnings").findValuesAsString("title")).contains("Not narrowed to /api/login");
        assertThat(briefing.path("answer").path("confidence").asInt()).isLessThan(70);
    }

    @Test
    void theSpikeQuestionIsAnsweredAsFarAsArcjetAllowsAndNamesTheMissingSignups() throws Exception {
        JsonNode a = ask("Did denial rates spike before the signup drop?");
        var incident = TrafficGenerator.incident(SandboxProcess.NOW);
        String incidentDay = incident.start().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).toString();
        assertThat(a.path("answer").path("text").asString()).startsWith("Yes").contains(incidentDay).contains("signups");
        assertThat(a.path("warnings").get(0).path("title").asString()).contains("Missing data");
        assertThat(a.path("chart").path("kind").asString()).isEqualTo("line");
        assertThat(a.path("steps").size()).isGreaterThanOrEqualTo(29);
    }

    @Test
    void dashboardsRunPinnedPlansAgainAndTheAuditLogKeepsEveryCall() throws Exception {
        JsonNode first = ask("How many requests did we deny for rate limiting this week?");
        JsonNode second = ask("What are the top denial reasons this month?");
        assertThat(second.path("chart").path("kind").asString()).isIn("donut", "bar");
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Security\"}").path("id").asLong();
        api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + first.path("id").asString() + "\"}");
        api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + second.path("id").asString() + "\",\"title\":\"Why we deny\"}");
        JsonNode view = api.json("GET", "/api/dashboards/" + dashboard, null);
        assertThat(view.path("tiles").size()).isEqualTo(2);
        assertThat(view.path("tiles").get(1).path("title").asString()).isEqualTo("Why we deny");
        assertThat(view.path("tiles").get(0).path("analysis").path("chart").path("metric").path("value").asLong())
                .isEqualTo(first.path("chart").path("metric").path("value").asLong());
        JsonNode refreshed = api.json("POST", "/api/dashboards/" + dashboard + "/refresh", null);
        assertThat(refreshed.path("tiles").get(0).path("analysis").path("steps").findParents("tool").stream()
                .filter(step -> step.path("tool").asString().equals("analyze-traffic")).toList())
                .isNotEmpty().allSatisfy(step -> assertThat(step.path("cached").asBoolean()).isFalse());

        // A tile stored before typed queries (intent and window words, no query) is read again from its question.
        long tileId = jdbc.sql("SELECT id FROM dashboard_tile WHERE dashboard_id = ? ORDER BY position, id").param(dashboard).query(Long.class).list().get(0);
        tools.jackson.databind.node.ObjectNode legacy = (tools.jackson.databind.node.ObjectNode) tools.jackson.databind.json.JsonMapper.shared()
                .readTree(jdbc.sql("SELECT plan FROM dashboard_tile WHERE id = ?").param(tileId).query(String.class).single());
        legacy.remove("query");
        legacy.put("intent", "COUNT");
        legacy.put("window", "this week");
        jdbc.sql("UPDATE dashboard_tile SET plan = ? WHERE id = ?").params(legacy.toString(), tileId).update();
        JsonNode migrated = api.json("GET", "/api/dashboards/" + dashboard, null).path("tiles").get(0).path("analysis");
        assertThat(migrated.path("figures").get(0).path("value").asLong()).isEqualTo(first.path("figures").get(0).path("value").asLong());
        // ... and keeps that typed query from then on: the tile is migrated.
        assertThat(tools.jackson.databind.json.JsonMapper.shared().readTree(jdbc.sql("SELECT plan FROM dashboard_tile WHERE id = ?").param(tileId)
                .query(String.class).single()).path("query").path("type").asString()).isNotBlank();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM tool_call_audit WHERE tool = 'analyze-traffic'").query(Long.class).single()).isGreaterThan(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tool_call_audit WHERE tool LIKE 'create%' OR tool LIKE 'delete%' OR tool = 'get-site-key'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aFreshQuestionReadsTheDataAgainButNotTheSiteListing() throws Exception {
        String fresh = "{\"question\":\"How many requests were denied today?\",\"fresh\":true}";
        api.json("POST", "/api/analyses", fresh);
        JsonNode again = api.json("POST", "/api/analyses", fresh);
        List<JsonNode> steps = again.path("steps").findParents("tool");
        assertThat(steps).filteredOn(step -> step.path("tool").asString().startsWith("list-")).isNotEmpty()
                .allSatisfy(step -> assertThat(step.path("cached").asBoolean()).as(step.toString()).isTrue());
        assertThat(steps).filteredOn(step -> step.path("tool").asString().equals("analyze-traffic")).isNotEmpty()
                .allSatisfy(step -> assertThat(step.path("cached").asBoolean()).as(step.toString()).isFalse());
    }

    @Test
    void oddQuestionsGetAClearAnswerNotAnInventedNumber() throws Exception {
        JsonNode unclear = ask("banana");
        assertThat(unclear.path("answer").path("text").asString()).contains("not sure");
        assertThat(unclear.path("answer").path("followUps").size()).isEqualTo(3);
        assertThat(unclear.path("steps").size()).isZero();
        JsonNode missing = ask("What was our revenue last month?");
        assertThat(missing.path("answer").path("text").asString()).contains("no connected data source has revenue");
        assertThat(missing.path("steps").size()).isZero();
    }

    @Test
    void anyMcpServerWithoutAProfileIsAnsweredByTheGenericPlanner() throws Exception {
        // With a query in its URL (where some servers take a key): authorized, kept sealed, shown without it, and used whole.
        long custom = api.connectCustom(SandboxProcess.shared().mcpUrl() + "?profile=custom-test", "alice@example.com", "Custom Arcjet");
        assertThat(api.json("GET", "/api/datasources/" + custom, null).path("serverUrl").asString()).isEqualTo(SandboxProcess.shared().mcpUrl() + "?…");
        String sealed = jdbc.sql("SELECT server_url_sealed FROM data_source WHERE id = ?").param(custom).query(String.class).single();
        assertThat(vault.open(sealed, new dev.sightline.vault.CredentialSlot("data-source:" + custom, "server_url")))
                .isEqualTo(SandboxProcess.shared().mcpUrl() + "?profile=custom-test");
        JsonNode teams = api.json("POST", "/api/analyses", "{\"question\":\"which teams am I a member of?\",\"dataSourceIds\":[" + custom + "]}");
        assertThat(teams.path("plan").path("intent").asString()).isEqualTo("TOOL");
        assertThat(teams.path("plan").path("tool").asString()).isEqualTo("list-teams");
        assertThat(teams.path("table").toString()).contains("Acme");
        JsonNode nonsense = api.json("POST", "/api/analyses", "{\"question\":\"xyzzy plugh\",\"dataSourceIds\":[" + custom + "]}");
        assertThat(nonsense.path("answer").path("text").asString()).contains("not sure");
        api.send("DELETE", "/api/datasources/" + custom, null);
    }

    private static int indexOf(JsonNode columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).asString().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name + " in " + columns);
    }

    private List<RequestDecision> prodIn(JsonNode analysis) {
        Instant start = Instant.parse(analysis.path("period").path("start").asString());
        Instant end = Instant.parse(analysis.path("period").path("end").asString());
        Instant last = end.isAfter(SandboxProcess.NOW) ? SandboxProcess.NOW : end;
        return prod.stream().filter(d -> !d.timestamp().isBefore(start) && d.timestamp().isBefore(last)).toList();
    }
}
