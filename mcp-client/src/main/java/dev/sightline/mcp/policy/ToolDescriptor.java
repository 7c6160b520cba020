package dev.sightline.mcp.policy;

/**
 * What the policy needs to know about a tool, as a server published it in tools/list. The hints
 * are null when the server sets no annotations; like the description they can only ever block.
 */
public record ToolDescriptor(String name, String description, Boolean readOnlyHint, Boolean destructiveHint, Boolean openWorldHint) {

    public ToolDescriptor(String name, String description, Boolean readOnlyHint, Boolean destructiveHint) {
        this(name, description, readOnlyHint, destructiveHint, null);
    }

    public static ToolDescriptor named(String name) {
        return new ToolDescriptor(name, "", null, null, null);
    }
}
