package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;

import dev.sightline.mcp.policy.ToolDescriptor;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A tool as the server published it at connection time; kept as JSON with the data source. */
record ToolInfo(String name, String title, String description, Boolean readOnlyHint, Boolean destructiveHint, Boolean openWorldHint,
                Map<String, Object> inputSchema) {

    static ToolInfo of(McpSchema.Tool tool) {
        var annotations = tool.annotations();
        return new ToolInfo(tool.name(), tool.title(), tool.description(), annotations == null ? null : annotations.readOnlyHint(),
                annotations == null ? null : annotations.destructiveHint(), annotations == null ? null : annotations.openWorldHint(),
                tool.inputSchema());
    }

    ToolDescriptor descriptor() {
        return new ToolDescriptor(name, description, readOnlyHint, destructiveHint, openWorldHint);
    }

    static String toJson(List<ToolInfo> tools) {
        return JsonMapper.shared().writeValueAsString(tools);
    }

    static List<ToolInfo> fromJson(String json) {
        return json == null || json.isBlank() ? List.of() : JsonMapper.shared().readValue(json, new TypeReference<List<ToolInfo>>() {
        });
    }
}
