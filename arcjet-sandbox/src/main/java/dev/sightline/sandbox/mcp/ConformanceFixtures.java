package dev.sightline.sandbox.mcp;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** The fixed-name tools the MCP conformance suite's server scenarios call. Served only in conformance mode. */
final class ConformanceFixtures {

    private ConformanceFixtures() {
    }

    static List<SyncToolSpecification> tools() {
        Map<String, Object> noArguments = Map.of("type", "object", "properties", Map.of());
        return List.of(
                new SyncToolSpecification(McpSchema.Tool.builder().name("test_simple_text")
                        .description("Conformance fixture: returns a simple text.").inputSchema(noArguments).build(),
                        (exchange, request) -> CallToolResult.builder().addTextContent("This is a simple text response for testing.").build()),
                new SyncToolSpecification(McpSchema.Tool.builder().name("test_error_handling")
                        .description("Conformance fixture: always answers with a tool error.").inputSchema(noArguments).build(),
                        (exchange, request) -> McpEndpointConfiguration.error("This tool intentionally returns an error for testing")));
    }
}
