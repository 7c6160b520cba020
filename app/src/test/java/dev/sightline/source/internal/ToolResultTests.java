package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.sightline.dataset.ResultTree;
import dev.sightline.source.DataSources;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the engine keeps of a tool's result: every text, and the resources it points to. */
class ToolResultTests {

    @Test
    void resourceLinksAndEmbeddedResourcesAreKeptAndEveryTextIsRead() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(
                        new McpSchema.TextContent("Report ready: 3 findings."),
                        new McpSchema.ResourceLink("report", "Weekly report", "https://vendor.example/reports/42", "The full report", "text/html", null, null, null),
                        new McpSchema.EmbeddedResource(null, new McpSchema.TextResourceContents("vendor://notes/1", "text/plain", "Findings: 3"))))
                .isError(false).build();
        DataSources.ToolResult read = DataSourcesService.toolResult(result);
        assertThat(read.text()).contains("Report ready: 3 findings.", "Findings: 3");
        assertThat(read.links()).extracting(DataSources.Link::uri).containsExactly("https://vendor.example/reports/42", "vendor://notes/1");
        assertThat(read.links().get(0).name()).isEqualTo("Weekly report");

        JsonNode tree = ResultTree.read(read.text(), read.structured(), List.of(java.util.Map.of("uri", "https://vendor.example/reports/42", "name", "Weekly report")));
        assertThat(ResultTree.text(ResultTree.at(tree, "/links/0/uri"))).isEqualTo("https://vendor.example/reports/42");
    }

    @Test
    void oneJsonTextStaysTheWholeAnswer() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent("{\"denied\": 12}"), new McpSchema.TextContent("Denied 12 requests.")))
                .isError(false).build();
        assertThat(DataSourcesService.toolResult(result).text()).isEqualTo("{\"denied\": 12}");
        assertThat(DataSourcesService.toolResult(McpSchema.CallToolResult.builder().content(List.of()).isError(true).build()).error()).isTrue();
    }
}
