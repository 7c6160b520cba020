package dev.sightline.sandbox;

import java.net.URI;
import java.util.List;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The sandbox's own URLs: the issuer, the MCP endpoint (the protected resource), and the hosts it
 * answers to. Known once the server has its port.
 */
@Component
public class SandboxUrls {

    public static final String MCP_PATH = "/mcp";

    private final String configured;
    private volatile String origin;
    private volatile int port;

    public SandboxUrls(SandboxProperties properties) {
        this.configured = properties.publicUrl() == null || properties.publicUrl().isBlank() ? null : strip(properties.publicUrl());
        this.origin = configured;
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
        if (configured == null) {
            origin = "http://127.0.0.1:" + port;
        }
    }

    /** The issuer identifier: the origin, without a path. */
    public String issuer() {
        return origin;
    }

    /** The canonical URI of the MCP server, which access tokens are bound to (RFC 8707). */
    public String mcpResource() {
        return origin + MCP_PATH;
    }

    public String resourceMetadata() {
        return origin + "/.well-known/oauth-protected-resource" + MCP_PATH;
    }

    /** Host header values that address this server; anything else is a DNS-rebinding attempt. */
    public List<String> allowedHosts() {
        String own = URI.create(origin).getAuthority();
        return List.of(own, "localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
