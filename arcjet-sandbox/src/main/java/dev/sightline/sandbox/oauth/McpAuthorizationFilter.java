package dev.sightline.sandbox.oauth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.sandbox.SandboxUrls;
import dev.sightline.sandbox.tools.ArcjetTools;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the MCP endpoint like the real server: no valid token → 401 with the protected resource
 * metadata URL and the scope to ask for; a token for another resource → 401; a tools/call of a
 * tool whose scope the token lacks → 403 {@code insufficient_scope} naming the scope needed.
 */
public class McpAuthorizationFilter extends OncePerRequestFilter {

    /** Request attribute carrying the caller's {@link Grants.Grant} to the MCP handlers. */
    public static final String GRANT = "sandbox.grant";
    private static final int MAX_BODY = 1024 * 1024;

    private final SandboxUrls urls;
    private final Grants grants;
    private final ArcjetTools tools;

    public McpAuthorizationFilter(SandboxUrls urls, Grants grants, ArcjetTools tools) {
        this.urls = urls;
        this.grants = grants;
        this.tools = tools;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            challenge(response, 401, null, ArcjetTools.READ_SCOPE, "Authorization required: send an OAuth access token.");
            return;
        }
        Optional<Grants.Grant> grant = grants.validate(header.substring(7).trim());
        if (grant.isEmpty()) {
            challenge(response, 401, "invalid_token", ArcjetTools.READ_SCOPE, "The access token is invalid, expired or revoked.");
            return;
        }
        if (!grant.get().resource().equals(urls.mcpResource())) {
            challenge(response, 401, "invalid_token", ArcjetTools.READ_SCOPE, "The access token was issued for another resource.");
            return;
        }
        HttpServletRequest forward = request;
        if ("POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                response.sendError(413, "Request too large");
                return;
            }
            String needed = scopeNeeded(body);
            if (needed != null && !grant.get().scopes().contains(needed)) {
                String all = String.join(" ", grant.get().scopes()) + " " + needed;
                challenge(response, 403, "insufficient_scope", all.trim(), "This tool needs the scope " + needed + ".");
                return;
            }
            forward = new CachedBodyRequest(request, body);
        }
        forward.setAttribute(GRANT, grant.get());
        chain.doFilter(forward, response);
    }

    /** The scope a tools/call needs, or null for any other message (or one we cannot read: the MCP layer answers those). */
    private String scopeNeeded(byte[] body) {
        try {
            JsonNode message = JsonMapper.shared().readTree(body);
            if (message.isObject() && "tools/call".equals(message.path("method").asString(""))) {
                return tools.find(message.path("params").path("name").asString("")).map(ArcjetTools.Tool::scope).orElse(null);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private void challenge(HttpServletResponse response, int status, String error, String scope, String description) throws IOException {
        StringBuilder value = new StringBuilder("Bearer resource_metadata=\"").append(urls.resourceMetadata()).append('"');
        if (error != null) {
            value.append(", error=\"").append(error).append('"');
        }
        value.append(", scope=\"").append(scope).append('"');
        if (error != null) {
            value.append(", error_description=\"").append(description).append('"');
        }
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", value.toString());
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"" + (error == null ? "unauthorized" : error) + "\",\"error_description\":\""
                + description + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** The request with its body already read, so the MCP transport can read it again. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
