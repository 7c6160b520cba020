package dev.sightline.source.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The connector catalog: the MCP servers Sightline knows by name, plus any custom one. */
@Component
class Connectors {

    static final String ARCJET = "arcjet";
    static final String CUSTOM = "custom-mcp";

    /** A card on "Add data source". {@code serverUrl} is null for the custom connector. */
    record Connector(String id, String name, String vendor, String description, String serverUrl) {
    }

    private final List<Connector> all;

    Connectors(@Value("${sightline.connectors.arcjet-url}") String arcjetUrl) {
        this.all = List.of(
                new Connector(ARCJET, "Arcjet", "Arcjet",
                        "Request decisions, rate-limit denials, bot detections and quota usage from Arcjet, read-only.", arcjetUrl),
                new Connector(CUSTOM, "Custom MCP server", null,
                        "Any remote MCP server over Streamable HTTP, with OAuth, an API key header or no authentication.", null));
    }

    List<Connector> all() {
        return all;
    }

    Optional<Connector> find(String id) {
        return all.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
