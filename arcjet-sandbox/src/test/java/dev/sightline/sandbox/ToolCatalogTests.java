package dev.sightline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

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

/** What tools/list publishes, and that the write tools really write. */
@SandboxTest
class ToolCatalogTests {

    static final List<String> REAL_NAMES = List.of("list-teams", "list-sites", "create-site", "get-site-key", "list-requests",
            "get-request-details", "explain-decision", "get-site-quota", "analyze-traffic", "get-anomalies", "investigate-ip",
            "get-dry-run-impact", "get-security-briefing", "list-rules", "create-rule", "update-rule", "delete-rule", "promote-rule");

    @LocalServerPort
    int port;

    @Test
    void theEighteenToolsWithSchemasAndNoAnnotationsByDefault() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read").accessToken());
        List<McpSchema.Tool> tools = mcp.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(REAL_NAMES);
        var policy = dev.sightline.mcp.policy.ToolPolicy.standard();
        assertThat(tools.stream().filter(t -> policy.judge(dev.sightline.mcp.policy.ToolDescriptor.named(t.name())).allowed())).hasSize(12);
        assertThat(tools).allSatisfy(tool -> {
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.inputSchema()).containsEntry("type", "object");
            assertThat(tool.outputSchema()).containsEntry("type", "object");
            assertThat(tool.annotations()).isNull();
        });
        mcp.close();
    }

    @Test
    void aWriteToolChangesTheSandboxState() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read rules:manage").accessToken());
        JsonNode created = SandboxPeer.call(mcp, "create-rule", Map.of("siteId", "acme-staging", "type", "filter", "mode", "DRY_RUN",
                "config", Map.of("expression", "ip.src.country == \"XX\"")));
        String ruleId = created.path("rule").path("id").asString();
        assertThat(SandboxPeer.call(mcp, "list-rules", Map.of("siteId", "acme-staging")).path("rules").findValuesAsString("id")).contains(ruleId);
        assertThat(SandboxPeer.call(mcp, "promote-rule", Map.of("siteId", "acme-staging", "ruleId", ruleId)).path("rule").path("mode").asString())
                .isEqualTo("LIVE");
        assertThat(SandboxPeer.call(mcp, "delete-rule", Map.of("siteId", "acme-staging", "ruleId", ruleId)).path("deleted").asBoolean()).isTrue();
        assertThat(SandboxPeer.call(mcp, "list-rules", Map.of("siteId", "acme-staging")).path("rules").findValuesAsString("id")).doesNotContain(ruleId);
        assertThat(SandboxPeer.call(mcp, "get-site-key", Map.of("siteId", "acme-prod")).path("key").asString()).startsWith("ajkey_live_");
        mcp.close();
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @TestPropertySource(properties = "sandbox.tool-annotations=true")
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
            // With annotations the product's policy reaches the same verdict as without: 12 allowed.
            var policy = dev.sightline.mcp.policy.ToolPolicy.standard();
            List<String> allowed = mcp.listTools().tools().stream()
                    .filter(t -> policy.judge(new dev.sightline.mcp.policy.ToolDescriptor(t.name(), t.description(),
                            t.annotations().readOnlyHint(), t.annotations().destructiveHint())).allowed())
                    .map(McpSchema.Tool::name).toList();
            assertThat(allowed).hasSize(12).doesNotContain("get-site-key", "promote-rule", "create-site");
            mcp.close();
        }
    }
}
