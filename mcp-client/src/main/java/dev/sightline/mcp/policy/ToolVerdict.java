package dev.sightline.mcp.policy;

/** Whether a tool may reach the analysis engine, and why not when it may not. */
public record ToolVerdict(String tool, boolean allowed, String reason) {

    static ToolVerdict allow(String tool) {
        return new ToolVerdict(tool, true, null);
    }

    static ToolVerdict block(String tool, String reason) {
        return new ToolVerdict(tool, false, reason);
    }
}
