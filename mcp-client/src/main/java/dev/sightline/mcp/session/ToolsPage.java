package dev.sightline.mcp.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One page of {@code tools/list}. Read as this rather than the SDK's result so that
 * {@code ttlMs}, which list results carry from the 2026-07-28 revision on, is not dropped: how long
 * the server says the listing may be kept.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ToolsPage(List<McpSchema.Tool> tools, String nextCursor, Long ttlMs) {
}
