package dev.sightline.mcp.session;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * An initialized MCP session: what Sightline asks of a server, and nothing more. Safe to use from
 * several threads at once (calls are independent JSON-RPC requests on one session).
 */
public interface McpSession extends AutoCloseable {

    /** Every tool the server offers now, all pages read. */
    List<McpSchema.Tool> listTools();

    /** One {@code tools/call}; a tool's own failure comes back as a result with {@code isError}. */
    McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments);

    /** Whether the server said it has tools at all. */
    boolean offersTools();

    /** Ends the session at the server (DELETE) and frees its resources. */
    @Override
    void close();
}
