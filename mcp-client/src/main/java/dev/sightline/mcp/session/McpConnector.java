package dev.sightline.mcp.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.OAuthSession;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Opens MCP sessions over Streamable HTTP with the SDK: the SSRF check on the server URL, time
 * limits on connecting and on each call, a size limit on responses, OAuth through an
 * {@link OAuthSession}. Session ids, {@code MCP-Protocol-Version}, SSE resumption with
 * {@code Last-Event-ID} and DELETE on close are the SDK transport's work.
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
    private final Limits limits;
    private final HttpClient client;

    public McpConnector(SafeHttp http, Limits limits) {
        this.http = http;
        this.limits = limits;
        // One client for every session: one selector thread and one connection pool, and a bounded
        // executor instead of the JDK's default cached pool.
        this.client = GuardedHttpClient.builder(http, limits.maxResponseBytes())
                .connectTimeout(limits.connectTimeout())
                .executor(SharedExecutor.create("mcp-http"))
                .build();
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
                              java.util.function.Consumer<List<McpSchema.Tool>> toolsChanged) throws UnsafeUrlException {
        http.check(server);
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/" : server.getRawPath();
        if (server.getRawQuery() != null) {
            path += "?" + server.getRawQuery();
        }
        Map<String, String> fixed = new LinkedHashMap<>(headers);
        var transport = HttpClientStreamableHttpTransport.builder(server.getScheme() + "://" + server.getRawAuthority())
                .endpoint(path)
                .clientBuilder(GuardedHttpClient.sharing(client))
                .connectTimeout(limits.connectTimeout())
                // The same limit: ours stops the read first and answers for the server; the SDK's never trips.
                .maxResponseSize(limits.maxResponseBytes())
                // Oldest first: the SDK proposes the last one and accepts any of them in the answer.
                .supportedProtocolVersions(List.of("2025-03-26", "2025-06-18", "2025-11-25"))
                .openConnectionOnStartup(elicitation != null)
                .resumableStreams(true)
                .httpRequestCustomizer((builder, method, uri, body, context) -> {
                    fixed.forEach(builder::setHeader);
                    if (oauth != null) {
                        oauth.customize(builder, method, uri, body, context);
                    }
                });
        if (oauth != null) {
            transport.authorizationErrorHandler(McpHttpClientTransportAuthorizationErrorHandler.fromSync(oauth));
        }
        var spec = McpClient.sync(transport.build())
                .clientInfo(CLIENT)
                .requestTimeout(limits.callTimeout())
                .initializationTimeout(limits.connectTimeout().plus(limits.callTimeout()));
        if (toolsChanged != null) {
            spec.toolsChangeConsumer(toolsChanged);
        }
        if (elicitation != null) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build()).elicitation(elicitation);
        }
        McpSyncClient client = spec.build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new SdkSession(client);
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
