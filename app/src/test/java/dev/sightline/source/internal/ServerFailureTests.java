package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.sightline.source.DataSources.ToolCallException.Kind;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpTransportException;
import org.junit.jupiter.api.Test;

/** What a person is told when an MCP server fails: the words say which of them is at fault, and whether waiting helps. */
class ServerFailureTests {

    @Test
    void refusedCredentialsAreSaidAsSuchNotAsAServerThatCannotBeReached() {
        var refused = new McpHttpClientTransportAuthorizationException("Authorization error when sending message",
                new HttpRequestSnapshot(URI.create("https://mcp.example/mcp"), "POST", HttpHeaders.of(Map.of(), (a, b) -> true)), status(403));
        ServerFailure failure = ServerFailure.of(new RuntimeException("wrapped", refused));
        assertThat(failure.message()).isEqualTo("The server refused Sightline's credentials (HTTP 403): check the API key, or authorize the source again.");
        assertThat(failure.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(failure.serverAnswered()).isTrue();
    }

    @Test
    void anOverloadedServerIsWorthWaitingFor() {
        ServerFailure failure = ServerFailure.of(new McpTransportException("Sending failed with status code: 503"));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.message()).contains("HTTP 503", "Try again later");
    }

    private static HttpResponse.ResponseInfo status(int code) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return code;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of(), (a, b) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
