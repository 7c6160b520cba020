package dev.sightline.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What this server is and where its endpoints are, for a person who opens it in a browser. */
@RestController
class AboutController {

    private final SandboxUrls urls;
    private final dev.sightline.sandbox.traffic.TrafficStore traffic;
    private final SandboxProperties properties;

    AboutController(SandboxUrls urls, dev.sightline.sandbox.traffic.TrafficStore traffic, SandboxProperties properties) {
        this.urls = urls;
        this.traffic = traffic;
        this.properties = properties;
    }

    @GetMapping(value = "/", produces = "application/json")
    Map<String, Object> about() {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("name", "Arcjet sandbox");
        about.put("description", "A local, Arcjet-compatible MCP server with its own OAuth server and generated traffic.");
        about.put("mcp", urls.mcpResource());
        about.put("protectedResourceMetadata", urls.resourceMetadata());
        about.put("authorizationServerMetadata", urls.issuer() + "/.well-known/oauth-authorization-server");
        // What the traffic was generated from, so an evaluation can regenerate it and count independently.
        about.put("traffic", Map.of("seed", properties.seed(), "requestsPerSite", properties.requestsPerSite(), "now", traffic.generator().now().toString()));
        about.put("output", properties.output().name().toLowerCase(java.util.Locale.ROOT));
        about.put("accounts", Map.of("alice@example.com", "team Acme (acme-prod, acme-staging)", "bob@example.com", "team Globex (globex-web)"));
        return about;
    }
}
