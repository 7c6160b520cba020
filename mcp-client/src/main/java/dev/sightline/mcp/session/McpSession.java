package dev.sightline.mcp.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * How long the server said its last tool listing may be kept ({@code ttlMs} on list results,
     * from the 2026-07-28 revision on); empty when it did not say.
     */
    default Optional<Duration> toolsTtl() {
        return Optional.empty();
    }

    /** Whether the server said it has tools at all. */
    boolean offersTools();

    /** Ends the session at the server (DELETE) and frees its resources. */
    @Override
    void close();
}
