package dev.sightline.sandbox.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.sandbox.SandboxUrls;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Protected resource metadata (RFC 9728) of the MCP endpoint, at the path-aware well-known URL
 * and, for clients that only try the root, at the root one too.
 */
@RestController
class ProtectedResourceController {

    private final SandboxUrls urls;

    ProtectedResourceController(SandboxUrls urls) {
        this.urls = urls;
    }

    @GetMapping(value = {"/.well-known/oauth-protected-resource" + SandboxUrls.MCP_PATH, "/.well-known/oauth-protected-resource"},
            produces = "application/json")
    Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", urls.mcpResource());
        metadata.put("authorization_servers", List.of(urls.issuer()));
        metadata.put("scopes_supported", List.copyOf(Scopes.DESCRIPTIONS.keySet()));
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "Arcjet MCP server (sandbox)");
        return metadata;
    }
}
