package dev.sightline.source.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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

    /**
     * A stored catalog, read once per text: every question reads its sources' rows, and parsing
     * each row's catalog again cost more than the query did. What is shared is frozen.
     */
    static List<ToolInfo> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        return READ.get(json, text -> JsonMapper.shared().readValue(text, new TypeReference<List<ToolInfo>>() {
        }).stream().map(t -> new ToolInfo(t.name, t.title, t.description, t.readOnlyHint, t.destructiveHint, t.openWorldHint, frozen(t.inputSchema))).toList());
    }

    /** Weighed at four times the text: the parsed maps take several times the characters they came from. */
    private static final Cache<String, List<ToolInfo>> READ = Caffeine.newBuilder()
            .maximumWeight(64L << 20).weigher((String json, List<ToolInfo> tools) -> json.length() * 4).build();

    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozen(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }
}
