package dev.sightline.source.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.sightline.source.DataSources;
import org.springframework.stereotype.Component;

/** A data source as the API shows it: never a secret; an MCP server with its tools, business data with its tables and columns. */
@Component
class SourceJson {

    private final BusinessSources business;

    SourceJson(BusinessSources business) {
        this.business = business;
    }

    Map<String, Object> of(Integrations.View view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", view.id());
        json.put("name", view.name());
        json.put("kind", view.kind());
        json.put("connector", view.connector());
        json.put("serverUrl", view.serverUrl());
        json.put("status", view.status());
        json.put("statusMessage", view.statusMessage());
        json.put("shared", view.shared());
        if (DataSources.DataSource.MCP.equals(view.kind())) {
            json.put("site", view.site());
            json.put("siteName", view.siteName());
            json.put("tools", Map.of(
                    "allowed", view.allowed().stream().map(v -> v.tool()).toList(),
                    "blocked", view.blocked().stream().map(v -> Map.of("name", v.tool(), "reason", v.reason())).toList()));
        } else {
            json.put("tables", business.tablesOf(view.id()).stream().map(t -> {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("name", t.name());
                table.put("rows", t.rows());
                table.put("timeColumn", t.timeColumn());
                table.put("columns", t.columns());
                return table;
            }).toList());
        }
        json.put("createdAt", view.createdAt().toString());
        return json;
    }
}
