package dev.sightline.sandbox;

import static dev.sightline.sandbox.world.SandboxWorld.ACME;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_PROD;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sightline.sandbox.tools.ArcjetTools;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.Account;
import dev.sightline.sandbox.world.SandboxWorld;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With {@code sandbox.output=markdown} the sandbox answers like Arcjet's earlier open-source MCP
 * server: no output schemas, no annotations (even when asked for), one markdown text per result,
 * failures as plain text without isError. The markdown of every read tool carries every figure
 * and every text of the JSON the same call answers in JSON mode (the tool's own result, taken
 * from the handler in the same moment), checked by reading the numbers back out of the text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.now=" + SandboxTest.NOW,
        "sandbox.output=markdown",
        "sandbox.tool-annotations=true",
        "sandbox.business-data-dir=target/test-business",
        "sandbox.data-dir=target/test-sandbox/${random.uuid}"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarkdownOutputTests {

    /** A number as markdown writes it: thousands separated by commas, or plain, with an optional sign and decimals. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|-?\\d+(?:\\.\\d+)?");

    @LocalServerPort
    int port;
    @Autowired
    ArcjetTools tools;
    @Autowired
    SandboxWorld world;
    @Autowired
    TrafficStore traffic;

    McpSyncClient mcp;
    Account alice;

    @BeforeAll
    void connect() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read rules:manage").accessToken());
        alice = world.account("alice@example.com").orElseThrow();
    }

    @AfterAll
    void close() {
        mcp.close();
    }

    @Test
    void toolsHaveNoOutputSchemaAndNoAnnotations() {
        List<McpSchema.Tool> listed = mcp.listTools().tools();
        assertThat(listed).hasSize(22);
        assertThat(listed).allSatisfy(tool -> {
            assertThat(tool.outputSchema()).as(tool.name()).isNull();
            assertThat(tool.annotations()).as(tool.name()).isNull();
            assertThat(tool.inputSchema().get("properties")).as(tool.name()).isNotNull();
        });
    }

    @Test
    void teamsAndSitesReadLikeTheEarlierServer() {
        String teams = markdown("list-teams", Map.of());
        assertThat(teams).startsWith("Available teams:\n• Acme (ID: `" + ACME + "`) [default]");
        String sites = markdown("list-sites", Map.of("teamId", ACME));
        assertThat(sites).contains("• acme-prod (ID: `" + ACME_PROD + "`)").contains("• acme-staging (ID: `" + ACME_STAGING + "`)");
    }

    @Test
    void everyReadToolCarriesTheFiguresOfItsJson() {
        var incident = traffic.generator().incident();
        Map<String, Object> firstPage = json("list-requests", Map.of("siteId", ACME_PROD, "conclusion", "DENY", "limit", 25));
        List<Map<String, Object>> denied = list(firstPage, "requests");
        String requestId = String.valueOf(denied.get(0).get("id"));
        String botRequest = String.valueOf(list(json("list-requests", Map.of("siteId", ACME_PROD, "reason", "BOT", "limit", 1)), "requests")
                .get(0).get("id"));
        String emailRequest = String.valueOf(list(json("list-requests", Map.of("siteId", ACME_PROD, "reason", "EMAIL", "period", "7d", "limit", 1)),
                "requests").get(0).get("id"));
        String topIp = String.valueOf(list(json("analyze-traffic", Map.of("siteId", ACME_PROD, "period", "30d")), "topIps").get(0).get("ip"));
        Map<String, Object> described = json("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_prod_email"));

        List<Map.Entry<String, Map<String, Object>>> calls = List.of(
                Map.entry("list-teams", Map.of()),
                Map.entry("list-sites", Map.of("teamId", ACME)),
                Map.entry("get-site-key", Map.of("siteId", ACME_PROD)),
                Map.entry("list-requests", Map.of("siteId", ACME_PROD, "conclusion", "DENY", "limit", 25)),
                Map.entry("list-requests", Map.of("siteId", ACME_PROD, "ip", topIp, "period", "90d", "limit", 100)),
                Map.entry("get-request-details", Map.of("siteId", ACME_PROD, "requestId", requestId)),
                Map.entry("get-request-details", Map.of("siteId", ACME_PROD, "requestId", botRequest)),
                Map.entry("explain-decision", Map.of("siteId", ACME_PROD, "requestId", requestId)),
                Map.entry("explain-decision", Map.of("siteId", ACME_PROD, "requestId", emailRequest)),
                Map.entry("get-site-quota", Map.of("siteId", ACME_STAGING)),
                Map.entry("analyze-traffic", Map.of("siteId", ACME_PROD, "period", "7d")),
                Map.entry("analyze-traffic", Map.of("siteId", ACME_STAGING)),
                Map.entry("analyze-traffic", Map.of("siteId", ACME_PROD, "start", incident.start().toString(), "end", incident.end().toString(),
                        "conclusion", "DENY", "reason", "BOT", "limit", 3)),
                Map.entry("get-anomalies", Map.of("siteId", ACME_PROD, "start", incident.start().toString(),
                        "end", incident.start().plus(Duration.ofHours(24)).toString())),
                Map.entry("get-anomalies", Map.of("siteId", ACME_STAGING)),
                Map.entry("investigate-ip", Map.of("siteId", ACME_PROD, "ip", topIp)),
                Map.entry("investigate-ip", Map.of("siteId", ACME_PROD, "ip", "192.0.2.77")),
                Map.entry("get-dry-run-impact", Map.of("siteId", ACME_STAGING)),
                Map.entry("get-dry-run-impact", Map.of("siteId", ACME_PROD, "period", "30d")),
                Map.entry("get-security-briefing", Map.of("siteId", ACME_PROD)),
                Map.entry("get-security-briefing", Map.of("siteId", ACME_STAGING)),
                Map.entry("list-rules", Map.of("siteId", ACME_PROD)),
                Map.entry("list-guard-policies", Map.of("siteId", ACME_PROD)),
                Map.entry("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_prod_email")),
                Map.entry("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_prod_refund")),
                Map.entry("validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", described)),
                Map.entry("validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", Map.of("label", "Email Sent",
                        "rules", List.of(Map.of("type", "geo_block"))))));
        List<String> covered = new ArrayList<>();
        for (var call : calls) {
            Map<String, Object> expected = json(call.getKey(), call.getValue());
            String text = markdown(call.getKey(), call.getValue());
            assertCarriesEveryFact(call.getKey(), expected, text);
            covered.add(call.getKey());
        }
        List<String> readTools = tools.all().stream().filter(t -> !t.write()).map(ArcjetTools.Tool::name).toList();
        assertThat(covered).containsAll(readTools);

        // Booleans and nulls read as words.
        assertThat(markdown("investigate-ip", Map.of("siteId", ACME_PROD, "ip", topIp))).contains("Known threat: ");
        assertThat(markdown("investigate-ip", Map.of("siteId", ACME_PROD, "ip", "192.0.2.77"))).contains("Location: unknown")
                .contains("Note: No requests from this IP");
        assertThat(markdown("get-request-details", Map.of("siteId", ACME_PROD, "requestId", botRequest))).containsPattern("Bot: .+ \\(.+, (verified|not verified)\\)");
        assertThat(markdown("validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", described))).contains("is valid").contains("Action: replace");
    }

    @Test
    void theCursorInTheTextPagesOnLikeTheJsonOne() {
        Map<String, Object> arguments = Map.of("siteId", ACME_PROD, "conclusion", "DENY", "reason", "BOT", "limit", 50);
        String first = markdown("list-requests", arguments);
        Matcher cursor = Pattern.compile("Next cursor: `([^`]+)`").matcher(first);
        assertThat(cursor.find()).as(first).isTrue();
        assertThat(cursor.group(1)).isEqualTo(json("list-requests", arguments).get("nextCursor"));
        Map<String, Object> next = new LinkedHashMap<>(arguments);
        next.put("cursor", cursor.group(1));
        assertCarriesEveryFact("list-requests", json("list-requests", next), markdown("list-requests", next));
        assertThat(markdown("list-requests", Map.of("siteId", ACME_STAGING, "conclusion", "DENY"))).startsWith("No requests found")
                .endsWith("No more requests (last page).");
    }

    @Test
    void writeToolsAnswerInMarkdownToo() {
        String created = markdown("create-rule", Map.of("siteId", ACME_STAGING, "type", "filter", "mode", "DRY_RUN",
                "config", Map.of("expression", "ip.src.country == \"XX\"", "action", "DENY")));
        assertThat(created).startsWith("Rule created successfully.").contains("Mode: DRY_RUN").contains("Config: action: DENY; expression: ip.src.country == \"XX\"");
        Matcher id = Pattern.compile("Rule ID: `([^`]+)`").matcher(created);
        assertThat(id.find()).isTrue();
        assertThat(markdown("promote-rule", Map.of("siteId", ACME_STAGING, "ruleId", id.group(1)))).startsWith("Rule promoted to LIVE").contains("Mode: LIVE");
        assertThat(markdown("delete-rule", Map.of("siteId", ACME_STAGING, "ruleId", id.group(1)))).isEqualTo("Rule `" + id.group(1) + "` deleted. It is no longer evaluated.");
        assertThat(markdown("list-rules", Map.of("siteId", ACME_STAGING))).doesNotContain(id.group(1));
    }

    @Test
    void failuresArePlainTextWithoutIsError() {
        assertThat(failure("analyze-traffic", Map.of("siteId", "acme-prod")))
                .startsWith("Failed to analyze traffic. Unknown site 'acme-prod'").contains("Site ids look like site_");
        assertThat(failure("list-sites", Map.of("teamId", "Acme"))).startsWith("Failed to retrieve sites from Arcjet API. Unknown team 'Acme'");
        assertThat(failure("list-requests", Map.of("siteId", ACME_PROD, "cursor", "garbage!")))
                .startsWith("Failed to retrieve requests from Arcjet API. The cursor is not valid");
        // Arguments that do not fit the input schema are refused the same way, not as a protocol error.
        assertThat(failure("analyze-traffic", Map.of("siteId", ACME_PROD, "unexpected", true))).startsWith("Failed to analyze traffic. ")
                .contains("unexpected");
        assertThat(failure("list-requests", Map.of("siteId", ACME_PROD, "limit", 5000))).startsWith("Failed to retrieve requests from Arcjet API. ");
        assertThat(failure("describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_nope")))
                .startsWith("Failed to retrieve Guard policy from Arcjet API. No Guard policy 'gpol_nope'");
    }

    // ---- helpers ----

    /** The tool's JSON result, as JSON mode would serve it: the handler's own answer. */
    Map<String, Object> json(String tool, Map<String, Object> arguments) {
        return tools.find(tool).orElseThrow().handler().call(alice, arguments);
    }

    /** The tool's answer over MCP in markdown mode, checked to be one text and nothing else. */
    String markdown(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertThat(result.structuredContent()).as(tool).isNull();
        assertThat(result.isError()).as(tool).isNull();
        assertThat(result.content()).as(tool).hasSize(1);
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertThat(text).as(tool).doesNotStartWith("Failed").doesNotStartWith("{");
        return text;
    }

    String failure(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertThat(result.isError()).as(tool).isNull();
        assertThat(result.structuredContent()).as(tool).isNull();
        assertThat(result.content()).as(tool).hasSize(1);
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /**
     * Every text of the JSON is in the markdown as it is, and every number is there too: once the
     * texts are taken out, the numbers left in the markdown include each number of the JSON, as
     * itself or, for a share between 0 and 1, as the percentage it is written as.
     */
    static void assertCarriesEveryFact(String tool, Map<String, Object> json, String markdown) {
        List<String> texts = new ArrayList<>();
        List<Double> numbers = new ArrayList<>();
        leaves(json, texts, numbers);
        String rest = markdown;
        for (String text : texts) {
            assertThat(markdown).as("%s: the text '%s' of its JSON", tool, text).contains(text);
        }
        for (String text : texts.stream().distinct().sorted(Comparator.comparing(String::length).reversed()).toList()) {
            rest = rest.replace(text, " ");
        }
        List<Double> found = new ArrayList<>();
        Matcher m = NUMBER.matcher(rest);
        while (m.find()) {
            found.add(Double.parseDouble(m.group().replace(",", "")));
        }
        List<Double> missing = new ArrayList<>();
        for (Double n : numbers) {
            if (!take(found, n)) {
                missing.add(n);
            }
        }
        List<Double> stillMissing = new ArrayList<>();
        for (Double n : missing) {
            if (!take(found, n * 100)) {
                stillMissing.add(n);
            }
        }
        if (!stillMissing.isEmpty()) {
            fail("%s: the numbers %s of its JSON are not in its markdown:%n%s", tool, stillMissing, markdown);
        }
    }

    private static boolean take(List<Double> found, double n) {
        for (int i = 0; i < found.size(); i++) {
            if (Math.abs(found.get(i) - n) < 1e-6) {
                found.remove(i);
                return true;
            }
        }
        return false;
    }

    private static void leaves(Object value, List<String> texts, List<Double> numbers) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> leaves(v, texts, numbers));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> leaves(v, texts, numbers));
        } else if (value instanceof Number n) {
            numbers.add(n.doubleValue());
        } else if (value instanceof String s && !s.isBlank()) {
            texts.add(s);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        return (List<Map<String, Object>>) map.get(key);
    }
}
