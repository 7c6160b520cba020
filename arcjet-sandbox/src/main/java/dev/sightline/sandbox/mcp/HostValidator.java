package dev.sightline.sandbox.mcp;

import java.util.List;

import dev.sightline.sandbox.SandboxUrls;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;

/**
 * DNS-rebinding protection (MCP transports, security warning): the Host header must name this
 * server, and a browser's Origin must be this server's own. The allowed hosts depend on the port,
 * known only once the server runs, so they are read per request.
 */
final class HostValidator implements ServerHttpHeaderValidator {

    private final SandboxUrls urls;

    HostValidator(SandboxUrls urls) {
        this.urls = urls;
    }

    @Override
    public void validate(HeaderAccessor headers) throws ServerTransportSecurityException {
        List<String> allowed = urls.allowedHosts();
        List<String> host = headers.getHeader("Host");
        if (host == null || host.isEmpty() || !allowed.contains(host.get(0).toLowerCase(java.util.Locale.ROOT))) {
            throw new ServerTransportSecurityException(403, "Invalid Host header");
        }
        List<String> origin = headers.getHeader("Origin");
        if (origin != null && !origin.isEmpty() && allowed.stream().noneMatch(h -> origin.get(0).equalsIgnoreCase("http://" + h)
                || origin.get(0).equalsIgnoreCase("https://" + h))) {
            throw new ServerTransportSecurityException(403, "Invalid Origin header");
        }
    }
}
