package dev.sightline.source.internal;

import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.session.McpConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MCP client library, set up once: one SSRF-safe HTTP client for every vendor URL. */
@Configuration(proxyBeanMethods = false)
class McpClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(McpClientConfiguration.class);

    @Bean
    SafeHttp safeHttp(@Value("${sightline.allow-loopback-http:false}") boolean allowLoopbackHttp) {
        if (allowLoopbackHttp) {
            log.warn("Development switch on: plain http to loopback addresses is allowed for MCP servers and OAuth endpoints");
        }
        return new SafeHttp(allowLoopbackHttp ? SafeHttp.Options.development() : SafeHttp.Options.production());
    }

    @Bean
    McpAuthorization mcpAuthorization(SafeHttp http) {
        return new McpAuthorization(http);
    }

    @Bean
    McpConnector mcpConnector(SafeHttp http) {
        return new McpConnector(http, McpConnector.Limits.standard());
    }
}
