package dev.sightline.mcp.session;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

/** An {@link McpSession} on the SDK's synchronous client. */
final class SdkSession implements McpSession {

    private final McpSyncClient client;

    SdkSession(McpSyncClient client) {
        this.client = client;
    }

    @Override
    public List<McpSchema.Tool> listTools() {
        return client.listTools().tools();
    }

    @Override
    public McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @Override
    public boolean offersTools() {
        return client.getServerCapabilities().tools() != null;
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
