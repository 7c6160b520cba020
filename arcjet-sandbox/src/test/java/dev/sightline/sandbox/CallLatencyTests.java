package dev.sightline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code sandbox.call-latency} stands in for a hosted vendor's round trip: every tool call answers
 * no sooner than that, with the same answer. Only the lower bound is checked, which a busy machine
 * can only make easier to meet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.now=" + SandboxTest.NOW,
        "sandbox.call-latency=300ms",
        "sandbox.business-data-dir=target/test-business",
        "sandbox.data-dir=target/test-sandbox/${random.uuid}"})
class CallLatencyTests {

    @LocalServerPort
    int port;

    @Test
    void everyToolCallTakesAtLeastTheConfiguredLatency() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read").accessToken());
        try {
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("list-teams", Map.of()));
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
                assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("team_");
                assertThat(millis).as("call %d", i).isGreaterThanOrEqualTo(300);
            }
        } finally {
            mcp.close();
        }
    }
}
