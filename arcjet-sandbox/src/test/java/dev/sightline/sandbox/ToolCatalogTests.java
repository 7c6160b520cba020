package dev.sightline.sandbox;

import static dev.sightline.sandbox.world.SandboxWorld.ACME_PROD;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What tools/list publishes, and that the write tools really write. */
@SandboxTest
class ToolCatalogTests {

    static final List<String> REAL_NAMES = List.of("list-teams", "list-sites", "create-site", "get-site-key", "list-requests",
            "get-request-details", "explain-decision", "get-site-quota", "analyze-traffic", "get-anomalies", "investigate-ip",
            "get-dry-run-impact", "get-security-briefing", "list-rules", "create-rule", "update-rule", "delete-rule", "promote-rule",
            "list-guard-policies", "describe-guard-policy", "validate-guard-policy", "put-guard-policy");
    /** What the product's read-only policy must let through: every tool that only reads and hands over no secret. */
    static final List<String> READ_ONLY = List.of("list-teams", "list-sites", "list-requests", "get-request-details", "explain-decision",
            "get-site-quota", "analyze-traffic", "get-anomalies", "investigate-ip", "get-dry-run-impact", "get-security-briefing", "list-rules",
            "list-guard-policies", "describe-guard-policy", "validate-guard-policy");

    @LocalServerPort
    int port;

    @Test
    void theTwentyTwoToolsWithSchemasAndNoAnnotationsByDefault() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read").accessToken());
        List<McpSchema.Tool> tools = mcp.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(REAL_NAMES);
        var policy = dev.sightline.mcp.policy.ToolPolicy.standard();
        assertThat(tools.stream().filter(t -> policy.judge(dev.sightline.mcp.policy.ToolDescriptor.named(t.name())).allowed())
                .map(McpSchema.Tool::name)).containsExactlyInAnyOrderElementsOf(READ_ONLY);
        assertThat(tools).allSatisfy(tool -> {
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
            assertThat(tool.outputSchema()).containsEntry("type", "object");
            assertThat(tool.annotations()).isNull();
        });
        mcp.close();
    }

    @Test
    void aWriteToolChangesTheSandboxState() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read rules:manage").accessToken());
        JsonNode created = SandboxPeer.call(mcp, "create-rule", Map.of("siteId", ACME_STAGING, "type", "filter", "mode", "DRY_RUN",
                "config", Map.of("expression", "ip.src.country == \"XX\"")));
        String ruleId = created.path("rule").path("id").asString();
        assertThat(SandboxPeer.call(mcp, "list-rules", Map.of("siteId", ACME_STAGING)).path("rules").findValuesAsString("id")).contains(ruleId);
        assertThat(SandboxPeer.call(mcp, "promote-rule", Map.of("siteId", ACME_STAGING, "ruleId", ruleId)).path("rule").path("mode").asString())
                .isEqualTo("LIVE");
        assertThat(SandboxPeer.call(mcp, "delete-rule", Map.of("siteId", ACME_STAGING, "ruleId", ruleId)).path("deleted").asBoolean()).isTrue();
        assertThat(SandboxPeer.call(mcp, "list-rules", Map.of("siteId", ACME_STAGING)).path("rules").findValuesAsString("id")).doesNotContain(ruleId);
        assertThat(SandboxPeer.call(mcp, "get-site-key", Map.of("siteId", ACME_PROD)).path("key").asString()).startsWith("ajkey_live_");
        mcp.close();
    }

    @Test
    void putGuardPolicyCreatesThenReplacesAndValidateStoresNothing() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read rules:manage").accessToken());
        Map<String, Object> document = Map.of("label", "refund.issued", "name", "Refund limit (staging)", "mode", "DRY_RUN",
                "inputs", List.of(Map.of("name", "amount", "exposure", "SERVER", "type", "number")),
                "rules", List.of(Map.of("type", "max_value", "input", "amount", "max", 100)));

        JsonNode check = SandboxPeer.call(mcp, "validate-guard-policy", Map.of("siteId", ACME_STAGING, "policy", document));
        assertThat(check.path("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("action").asString()).isEqualTo("create");
        assertThat(labels(mcp)).doesNotContain("refund.issued");

        JsonNode created = SandboxPeer.call(mcp, "put-guard-policy", Map.of("siteId", ACME_STAGING, "policy", document));
        assertThat(created.path("created").asBoolean()).as(created.toString()).isTrue();
        assertThat(created.path("policy").path("version").asInt()).isEqualTo(1);
        String id = created.path("policy").path("id").asString();
        assertThat(labels(mcp)).contains("refund.issued");

        // What describe returns goes back as it is, edited: a new version of the same policy.
        Map<String, Object> described = JsonMapper.shared().convertValue(
                SandboxPeer.call(mcp, "describe-guard-policy", Map.of("siteId", ACME_STAGING, "policyId", id)), Map.class);
        Map<String, Object> edited = new java.util.LinkedHashMap<>(described);
        edited.put("mode", "LIVE");
        JsonNode replaced = SandboxPeer.call(mcp, "put-guard-policy", Map.of("siteId", ACME_STAGING, "policy", edited));
        assertThat(replaced.path("created").asBoolean()).as(replaced.toString()).isFalse();
        assertThat(replaced.path("policy").path("id").asString()).isEqualTo(id);
        assertThat(replaced.path("policy").path("version").asInt()).isEqualTo(2);
        assertThat(replaced.path("policy").path("mode").asString()).isEqualTo("LIVE");

        // The same edit again is based on version 1, which is no longer current.
        assertThat(SandboxPeer.call(mcp, "put-guard-policy", Map.of("siteId", ACME_STAGING, "policy", edited)).path("error").asString())
                .contains("version 2 is current").contains("describe-guard-policy");
        // An invalid document is refused with every reason, and nothing changes.
        Map<String, Object> broken = Map.of("label", "refund.issued", "name", "Refund limit (staging)",
                "rules", List.of(Map.of("type", "max_value", "input", "total", "max", 100)));
        assertThat(SandboxPeer.call(mcp, "put-guard-policy", Map.of("siteId", ACME_STAGING, "policy", broken)).path("error").asString())
                .contains("nothing was saved").contains("rules[0].input").contains("'total' is not declared");
        assertThat(SandboxPeer.call(mcp, "describe-guard-policy", Map.of("siteId", ACME_STAGING, "policyId", id)).path("version").asInt())
                .isEqualTo(2);
        mcp.close();

        // Without rules:manage the write never reaches the tool.
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"put-guard-policy\",\"arguments\":{}}}";
        HttpResponse<String> readOnly = peer.postJson("/mcp", call, peer.signIn("alice@example.com", "analytics:read").accessToken());
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope").contains("rules:manage");
    }

    private static List<String> labels(McpSyncClient mcp) {
        return SandboxPeer.call(mcp, "list-guard-policies", Map.of("siteId", ACME_STAGING)).path("policies").findValuesAsString("label");
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @TestPropertySource(properties = {"sandbox.tool-annotations=true", "sandbox.business-data-dir=target/test-business",
            "sandbox.data-dir=target/test-sandbox/${random.uuid}"})
    class WithAnnotations {

        @LocalServerPort
        int annotatedPort;

        @Test
        void readToolsSayReadOnlyAndDestructiveWritesSaySo() throws Exception {
            SandboxPeer peer = new SandboxPeer(annotatedPort);
            McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read").accessToken());
            Map<String, McpSchema.ToolAnnotations> annotations = new java.util.HashMap<>();
            mcp.listTools().tools().forEach(t -> annotations.put(t.name(), t.annotations()));
            assertThat(annotations.get("analyze-traffic").readOnlyHint()).isTrue();
            assertThat(annotations.get("delete-rule").readOnlyHint()).isFalse();
            assertThat(annotations.get("delete-rule").destructiveHint()).isTrue();
            assertThat(annotations.get("promote-rule").readOnlyHint()).isFalse();
            assertThat(annotations.get("validate-guard-policy").readOnlyHint()).isTrue();
            assertThat(annotations.get("put-guard-policy").readOnlyHint()).isFalse();
            assertThat(annotations.get("put-guard-policy").destructiveHint()).isTrue();
            // With annotations the product's policy reaches the same verdict as without.
            var policy = dev.sightline.mcp.policy.ToolPolicy.standard();
            List<String> allowed = mcp.listTools().tools().stream()
                    .filter(t -> policy.judge(new dev.sightline.mcp.policy.ToolDescriptor(t.name(), t.description(),
                            t.annotations().readOnlyHint(), t.annotations().destructiveHint())).allowed())
                    .map(McpSchema.Tool::name).toList();
            assertThat(allowed).containsExactlyInAnyOrderElementsOf(READ_ONLY);
            mcp.close();
        }
    }
}
