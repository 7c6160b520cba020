package dev.sightline.sandbox.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sightline.sandbox.SandboxProperties;
import dev.sightline.sandbox.SandboxUrls;
import dev.sightline.sandbox.oauth.Grants;
import dev.sightline.sandbox.oauth.McpAuthorizationFilter;
import dev.sightline.sandbox.tools.ArcjetTools;
import dev.sightline.sandbox.tools.Markdown;
import dev.sightline.sandbox.tools.ToolError;
import dev.sightline.sandbox.world.Account;
import dev.sightline.sandbox.world.SandboxWorld;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.util.ToolInputValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP endpoint: the SDK's Streamable HTTP servlet at /mcp, behind the OAuth filter, serving
 * Arcjet's tools. In conformance mode it runs without OAuth (as the suite's server scenarios
 * expect), acts as alice, and adds the suite's fixture tools.
 *
 * <p>Tools answer in JSON (structured content and output schemas) or, with {@code sandbox.output=markdown},
 * like Arcjet's earlier open-source server: markdown text only, no output schemas, no annotations,
 * and failures as plain text without {@code isError}, so clients are tried against both.
 */
@Configuration(proxyBeanMethods = false)
class McpEndpointConfiguration {

    private static final Logger log = LoggerFactory.getLogger(McpEndpointConfiguration.class);
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport(SandboxUrls urls) {
        return HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(SandboxUrls.MCP_PATH)
                .httpHeaderValidator(new HostValidator(urls))
                .maxRequestSize(MAX_REQUEST_BYTES)
                .keepAliveInterval(Duration.ofSeconds(30))
                .contextExtractor(request -> {
                    Object grant = request.getAttribute(McpAuthorizationFilter.GRANT);
                    return grant == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(McpAuthorizationFilter.GRANT, grant));
                })
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(HttpServletStreamableServerTransportProvider transport) {
        var registration = new ServletRegistrationBean<>(transport, SandboxUrls.MCP_PATH);
        registration.setAsyncSupported(true);
        registration.setName("mcp");
        return registration;
    }

    @Bean
    FilterRegistrationBean<McpAuthorizationFilter> mcpAuthorization(SandboxProperties properties, SandboxUrls urls, Grants grants, ArcjetTools tools) {
        var registration = new FilterRegistrationBean<>(new McpAuthorizationFilter(urls, grants, tools));
        registration.addUrlPatterns(SandboxUrls.MCP_PATH);
        registration.setEnabled(!properties.conformance());
        return registration;
    }

    @Bean(destroyMethod = "close")
    McpSyncServer mcpServer(HttpServletStreamableServerTransportProvider transport, ArcjetTools tools, SandboxWorld world,
                            SandboxProperties properties) {
        boolean markdown = properties.output() == SandboxProperties.Output.MARKDOWN;
        List<SyncToolSpecification> specifications = new ArrayList<>();
        for (ArcjetTools.Tool tool : tools.all()) {
            McpSchema.Tool described = describe(tool, properties.toolAnnotations(), markdown);
            specifications.add(new SyncToolSpecification(described, (exchange, request) -> {
                pause(properties.callLatency());
                Caller caller = caller(exchange.transportContext(), world, properties);
                return markdown ? callAnsweringMarkdown(tool, described, caller, request.arguments()) : call(tool, caller, request.arguments());
            }));
        }
        if (properties.conformance()) {
            specifications.addAll(ConformanceFixtures.tools());
            log.warn("Conformance mode: /mcp answers without OAuth and acts as alice@example.com");
        }
        return McpServer.sync(transport)
                .serverInfo("arcjet-mcp-sandbox", "1.0.0")
                .instructions("Arcjet security data: teams, sites, request decisions, traffic analytics, rules and quota.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // In markdown mode arguments are checked in callAnsweringMarkdown, which reports a mismatch as plain text.
                .validateToolInputs(!markdown)
                .tools(specifications)
                .build();
    }

    private static McpSchema.Tool describe(ArcjetTools.Tool tool, boolean annotations, boolean markdown) {
        var builder = McpSchema.Tool.builder()
                .name(tool.name())
                .title(tool.title())
                .description(tool.description())
                .inputSchema(tool.inputSchema());
        if (markdown) {
            return builder.build();
        }
        builder.outputSchema(tool.outputSchema());
        if (annotations) {
            // Deleting, updating and putting (which replaces a Guard policy) lose what was there before.
            boolean destructive = tool.name().startsWith("delete") || tool.name().startsWith("update") || tool.name().startsWith("put");
            builder.annotations(new McpSchema.ToolAnnotations(tool.title(), !tool.write(), tool.write() && destructive,
                    !tool.write(), false, null));
        }
        return builder.build();
    }

    /** The configured round trip of a hosted vendor (none by default). */
    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Who is calling: the signed-in user behind the access token (alice in conformance mode). */
    private static Caller caller(McpTransportContext context, SandboxWorld world, SandboxProperties properties) {
        Object grant = context == null ? null : context.get(McpAuthorizationFilter.GRANT);
        if (grant instanceof Grants.Grant g) {
            return new Caller(world.account(g.email()).orElseThrow(), g.scopes());
        }
        if (properties.conformance()) {
            return new Caller(world.account("alice@example.com").orElseThrow(), Set.of(ArcjetTools.READ_SCOPE, ArcjetTools.MANAGE_SCOPE));
        }
        throw new IllegalStateException("A tool was called without a token: the authorization filter must run first");
    }

    private record Caller(Account account, Set<String> scopes) {
    }

    private static CallToolResult call(ArcjetTools.Tool tool, Caller caller, Map<String, Object> arguments) {
        if (!caller.scopes().contains(tool.scope())) {
            return error("This tool needs the scope " + tool.scope() + ".");
        }
        try {
            Map<String, Object> result = tool.handler().call(caller.account(), arguments == null ? Map.of() : arguments);
            return CallToolResult.builder()
                    .addTextContent(JsonMapper.shared().writeValueAsString(result))
                    .structuredContent(result)
                    .isError(false)
                    .build();
        } catch (ToolError e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Tool {} failed", tool.name(), e);
            return error("The tool failed unexpectedly; try again. If it keeps failing, report it with the time of the call.");
        }
    }

    /**
     * A call in markdown mode: the result as one markdown text; a failure (bad arguments, missing
     * scope, unknown id) as plain text saying what failed and why, without {@code isError}.
     */
    private static CallToolResult callAnsweringMarkdown(ArcjetTools.Tool tool, McpSchema.Tool described, Caller caller,
                                                        Map<String, Object> arguments) {
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        CallToolResult invalid = ToolInputValidator.validate(described, args, true, McpJsonDefaults.getSchemaValidator());
        if (invalid != null) {
            return text(Markdown.failure(tool.name(), ((McpSchema.TextContent) invalid.content().get(0)).text()));
        }
        if (!caller.scopes().contains(tool.scope())) {
            return text(Markdown.failure(tool.name(), "This tool needs the scope " + tool.scope() + "."));
        }
        try {
            return text(Markdown.render(tool.name(), tool.handler().call(caller.account(), args)));
        } catch (ToolError e) {
            return text(Markdown.failure(tool.name(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Tool {} failed", tool.name(), e);
            return text(Markdown.failure(tool.name(), "The tool failed unexpectedly; try again. If it keeps failing, report it with the time of the call."));
        }
    }

    /** One text content and nothing else: the builder would add {@code isError: false}, which that server never sent. */
    private static CallToolResult text(String text) {
        return new CallToolResult(List.of(new McpSchema.TextContent(text)), null, null, null);
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
