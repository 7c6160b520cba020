package dev.sightline.source.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sightline.dataset.ResultTree;
import dev.sightline.mcp.session.McpSession;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Sightline knows about Arcjet beyond its schemas: a connection reads one site, picked from
 * the teams the person can see; by default the first one that had traffic in the last 30 days.
 */
final class ArcjetProfile {

    /** A site the connected user can see, with its recent traffic. */
    record Site(String id, String name, String team, long requests30d) {
    }

    private ArcjetProfile() {
    }

    static List<Site> sites(McpSession client) {
        List<Site> sites = new ArrayList<>();
        for (JsonNode team : ResultTree.rows(call(client, "list-teams", Map.of()), "/teams")) {
            String teamId = ResultTree.text(ResultTree.at(team, "id"));
            for (JsonNode site : ResultTree.rows(call(client, "list-sites", Map.of("teamId", String.valueOf(teamId))), "/sites")) {
                String id = ResultTree.text(ResultTree.at(site, "id"));
                Double requests = ResultTree.number(ResultTree.at(call(client, "analyze-traffic", Map.of("siteId", String.valueOf(id), "period", "30d")),
                        "/totalRequests"));
                sites.add(new Site(id, ResultTree.text(ResultTree.at(site, "name")), ResultTree.text(ResultTree.at(team, "name")),
                        requests == null ? 0 : Math.round(requests)));
            }
        }
        return sites;
    }

    static String defaultSite(List<Site> sites) {
        return sites.stream().filter(s -> s.requests30d() > 0).findFirst().or(() -> sites.stream().findFirst()).map(Site::id).orElse(null);
    }

    private static JsonNode call(McpSession client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(tool, arguments);
        if (Boolean.TRUE.equals(result.isError()) || result.content().isEmpty() || !(result.content().get(0) instanceof McpSchema.TextContent text)) {
            return JsonMapper.shared().createObjectNode();
        }
        // Structured content, JSON text or markdown: a server without output schemas still lists its sites.
        return ResultTree.read(text.text(), result.structuredContent());
    }

    static String toJson(List<Site> sites) {
        return JsonMapper.shared().writeValueAsString(sites);
    }

    static List<Site> fromJson(String json) {
        return json == null || json.isBlank() ? List.of()
                : JsonMapper.shared().readValue(json, new tools.jackson.core.type.TypeReference<List<Site>>() {
                });
    }
}
