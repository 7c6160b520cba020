package dev.sightline.mcp.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.OAuthSession;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Opens MCP sessions over Streamable HTTP ({@link StreamableHttpSession}): the SSRF check on the
 * server URL and before every request, time limits on connecting and on each call, a size limit
 * on responses, OAuth through an {@link OAuthSession}. Every session of a connector shares one
 * HTTP client (one connection pool, one selector thread) and a few bounded threads.
 */
public final class McpConnector {

    /**
     * Time and size limits of a session. {@code maxResponseBytes} bounds each message the server
     * sends (a JSON body, or one SSE event); reading stops there, and a tool's oversized answer
     * becomes a tool error that says so.
     */
    public record Limits(Duration connectTimeout, Duration callTimeout, int maxResponseBytes) {
        public static Limits standard() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 8 * 1024 * 1024);
        }
    }

    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("sightline", "0.1.0");

    private final SafeHttp http;
    private final StreamableHttpSession.Shared shared;

    public McpConnector(SafeHttp http, Limits limits) {
        this.http = http;
        // One client for every session: one selector thread and one connection pool, with a bounded
        // executor instead of the JDK's default cached pool. HTTP/1.1 and no redirects come with SafeHttp's builder.
        HttpClient client = http.builder().connectTimeout(limits.connectTimeout()).executor(SharedExecutor.create("mcp-http")).build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, SharedExecutor.daemon("mcp-timer"));
        // A call's time limit is cancelled when its answer is in: drop it then, not 30 s later.
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(60, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        this.shared = new StreamableHttpSession.Shared(client, http, limits, CLIENT, timer, SharedExecutor.create("mcp-events"),
                new SseParser.Pool(limits.maxResponseBytes()));
    }

    /**
     * Connects and initializes. {@code oauth} may be null (no authorization); {@code headers} are
     * sent on every request (an API key header, say); {@code elicitation} answers a server's
     * elicitation requests, or null to not offer the capability.
     */
    public McpSession connect(URI server, OAuthSession oauth, Map<String, String> headers,
                              Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation) throws UnsafeUrlException {
        return connect(server, oauth, headers, elicitation, null);
    }

    /** As above; {@code toolsChanged} receives the new tool list after a {@code notifications/tools/list_changed}. */
    public McpSession connect(URI server, OAuthSession oauth, Map<String, String> headers,
                              Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation,
                              Consumer<List<McpSchema.Tool>> toolsChanged) throws UnsafeUrlException {
        http.check(server);
        URI endpoint = server.getRawPath() == null || server.getRawPath().isEmpty() ? server.resolve("/") : server;
        return StreamableHttpSession.open(shared, endpoint, oauth, headers, elicitation, toolsChanged);
    }

    /** Accepts an elicitation with every default its schema declares (SEP-1034), for unattended clients. */
    public static McpSchema.ElicitResult acceptDefaults(McpSchema.ElicitFormRequest request) {
        Map<String, Object> content = new LinkedHashMap<>();
        Object properties = request.requestedSchema() == null ? null : request.requestedSchema().get("properties");
        if (properties instanceof Map<?, ?> props) {
            props.forEach((name, schema) -> {
                if (schema instanceof Map<?, ?> s && s.containsKey("default")) {
                    content.put(String.valueOf(name), s.get("default"));
                }
            });
        }
        return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, content, null);
    }
}
