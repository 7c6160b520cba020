package dev.sightline.mcp.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): which resource this is and which authorization
 * servers issue tokens for it. Nimbus has no class for it, so it is parsed here.
 */
public record ProtectedResourceMetadata(URI resource, List<URI> authorizationServers, List<String> scopesSupported) {

    public static ProtectedResourceMetadata parse(byte[] json) throws OAuthException {
        JsonNode node;
        try {
            node = JsonMapper.shared().readTree(json);
        } catch (RuntimeException e) {
            throw new OAuthException("invalid_metadata", "The protected resource metadata is not valid JSON.");
        }
        if (!node.isObject() || !node.path("resource").isString()) {
            throw new OAuthException("invalid_metadata", "The protected resource metadata has no 'resource'.");
        }
        List<URI> servers = new ArrayList<>();
        node.path("authorization_servers").forEach(s -> servers.add(URI.create(s.asString())));
        List<String> scopes = new ArrayList<>();
        node.path("scopes_supported").forEach(s -> scopes.add(s.asString()));
        try {
            return new ProtectedResourceMetadata(URI.create(node.path("resource").asString()), List.copyOf(servers), List.copyOf(scopes));
        } catch (IllegalArgumentException e) {
            throw new OAuthException("invalid_metadata", "The protected resource metadata's 'resource' is not a URI.");
        }
    }
}
