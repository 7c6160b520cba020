package dev.sightline.evaluation;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.MemoryStore;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.sandbox.tools.ArcjetTools;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.testing.VendorBrowser;
import dev.sightline.mcp.session.McpSession;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Arcjet sandbox's MCP tools, called directly as any MCP client would: OAuth with dynamic
 * client registration and PKCE (the project's own mcp-client), the person at the consent page
 * played by {@link VendorBrowser}, then {@code tools/call} over Streamable HTTP. Results are read
 * from {@code structuredContent}, the JSON the sandbox's JSON mode returns: the ground truth the
 * oracle computes from. Sightline's engine is never involved.
 * <p>
 * The same call with the same arguments is answered from memory: the sandbox's world is frozen
 * in tests, and the evaluation sets ask for the same windows many times.
 */
public final class SandboxTools implements AutoCloseable {

    /** The tool answered with an error (an unknown site, a window it refuses). */
    public static final class ToolCallException extends RuntimeException {
        ToolCallException(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private final McpSession client;
    private final Map<String, McpSchema.Tool> catalog = new LinkedHashMap<>();
    private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
    private final boolean remember;

    private SandboxTools(McpSession client, boolean remember) {
        this.client = client;
        this.remember = remember;
        for (McpSchema.Tool tool : client.listTools()) {
            catalog.put(tool.name(), tool);
        }
    }

    /**
     * Signs in to the sandbox at {@code mcpUrl} as {@code email} (approving the consent page) and
     * opens an MCP session. {@code remember}: answer repeated calls from memory (a frozen world).
     */
    public static SandboxTools connect(URI mcpUrl, String email, boolean remember) {
        SafeHttp http = new SafeHttp(SafeHttp.Options.development());
        McpAuthorization authorization = new McpAuthorization(http);
        OAuthSession.Authorizer consent = pending -> {
            try {
                URI back = new VendorBrowser().signInAndDecide(pending.authorizationUrl(), email, true);
                return query(back);
            } catch (java.io.IOException e) {
                throw new OAuthException("network_error", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OAuthException("interrupted", "Interrupted");
            }
        };
        // The redirect is never followed: the consent page's Location header carries the code.
        var identity = new McpAuthorization.ClientIdentity("Sightline evaluation oracle", "http://127.0.0.1:9/callback", null);
        OAuthSession oauth = new OAuthSession(authorization, mcpUrl, new MemoryStore(), identity,
                new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), consent);
        // Generous per-call time: a loaded build, and whole days of requests page by page.
        McpConnector connector = new McpConnector(http, new McpConnector.Limits(Duration.ofSeconds(30), Duration.ofSeconds(120), 32 * 1024 * 1024));
        try {
            return new SandboxTools(connector.connect(mcpUrl, oauth, Map.of(), null), remember);
        } catch (dev.sightline.mcp.http.UnsafeUrlException e) {
            throw new IllegalArgumentException("Not a URL the oracle may call: " + mcpUrl, e);
        }
    }

    /** The tool catalog as the sandbox lists it. */
    public Set<String> toolNames() {
        return catalog.keySet();
    }

    /** Whether the tool takes a time window ({@code start}/{@code end}). */
    public boolean takesWindow(String tool) {
        McpSchema.Tool t = catalog.get(tool);
        if (t == null || t.inputSchema() == null) {
            return false;
        }
        return t.inputSchema().get("properties") instanceof Map<?, ?> properties && properties.containsKey("start");
    }

    /**
     * The catalog's write tools: those annotated as not read-only when the sandbox serves
     * annotations, and always those the sandbox's own tool definitions mark as writing (its
     * annotations are optional, so the names come from its code too).
     */
    public Set<String> writeTools() {
        Set<String> writes = new LinkedHashSet<>();
        catalog.values().forEach(t -> {
            if (t.annotations() != null && Boolean.FALSE.equals(t.annotations().readOnlyHint())) {
                writes.add(t.name());
            }
        });
        writes.addAll(sandboxWriteTools());
        return writes;
    }

    /** The sandbox's definitions of its tools, made over a tiny world just to read their flags. */
    static Set<String> sandboxWriteTools() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        SandboxWorld world = new SandboxWorld(Clock.fixed(now, ZoneOffset.UTC));
        ArcjetTools tools = new ArcjetTools(world, new TrafficStore(world, new TrafficGenerator(1L, 100, now)));
        Set<String> writes = new LinkedHashSet<>();
        tools.all().stream().filter(ArcjetTools.Tool::write).forEach(t -> writes.add(t.name()));
        return writes;
    }

    /** Calls a tool; its structured result, or {@link ToolCallException} when it answers with an error. */
    public JsonNode call(String tool, Map<String, Object> arguments) {
        String key = tool + " " + JSON.writeValueAsString(new TreeMap<>(arguments));
        if (remember) {
            JsonNode known = answers.get(key);
            if (known != null) {
                return known;
            }
        }
        McpSchema.CallToolResult result = client.callTool(tool, arguments);
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolCallException(tool + " " + JSON.writeValueAsString(arguments) + " answered an error: " + text(result));
        }
        JsonNode answer;
        if (result.structuredContent() != null) {
            answer = JSON.valueToTree(result.structuredContent());
        } else {
            // A server without structured output: its text is the JSON.
            answer = JSON.readTree(text(result));
        }
        if (remember) {
            answers.put(key, answer);
        }
        return answer;
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder out = new StringBuilder();
        if (result.content() != null) {
            for (McpSchema.Content c : result.content()) {
                if (c instanceof McpSchema.TextContent t) {
                    out.append(t.text());
                }
            }
        }
        return out.toString();
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        client.close();
    }
}
