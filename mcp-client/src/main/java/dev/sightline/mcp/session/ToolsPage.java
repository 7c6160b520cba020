package dev.sightline.mcp.session;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;

/**
 * One page of {@code tools/list}. Read as this rather than the SDK's result so that
 * {@code ttlMs}, which list results carry from the 2026-07-28 revision on, is not dropped: how long
 * the server says the listing may be kept. Kept as it came, so that a server sending something
 * other than a whole number there loses only that hint, not its tools.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ToolsPage(List<McpSchema.Tool> tools, String nextCursor, JsonNode ttlMs) {

    /** The listing's time to live in milliseconds, or null when absent, negative or not a whole number. */
    Long ttlMillis() {
        return ttlMs != null && ttlMs.isIntegralNumber() && ttlMs.canConvertToLong() && ttlMs.asLong() >= 0 ? ttlMs.asLong() : null;
    }
}
