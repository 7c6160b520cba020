package dev.sightline.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What this server is and where its endpoints are, for a person who opens it in a browser. */
@RestController
class AboutController {

    private final SandboxUrls urls;

    AboutController(SandboxUrls urls) {
        this.urls = urls;
    }

    @GetMapping(value = "/", produces = "application/json")
    Map<String, Object> about() {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("name", "Arcjet sandbox");
        about.put("description", "A local, Arcjet-compatible MCP server with its own OAuth server and generated traffic.");
        about.put("mcp", urls.mcpResource());
        about.put("protectedResourceMetadata", urls.resourceMetadata());
        about.put("authorizationServerMetadata", urls.issuer() + "/.well-known/oauth-authorization-server");
        about.put("accounts", Map.of("alice@example.com", "team Acme (acme-prod, acme-staging)", "bob@example.com", "team Globex (globex-web)"));
        return about;
    }
}
