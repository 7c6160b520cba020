package dev.sightline.source.internal;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sightline.source.DataSources.ToolCallException.Kind;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpTransportException;

/**
 * What went wrong with an MCP server, in words a person can act on, read from what the SDK threw:
 * the server's own JSON-RPC error message (as it said it: the ask module cleans every message a
 * server wrote before anyone sees it), the HTTP status it answered, or that it could not be reached. {@code retryable} failures may pass on their own;
 * {@code serverAnswered} ones say the server is up, so the source's status is left alone.
 */
record ServerFailure(Kind kind, String message, boolean serverAnswered) {

    private static final Pattern STATUS = Pattern.compile("[Ss]tatus code:? (\\d{3})");

    static ServerFailure of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof McpError error && error.getJsonRpcError() != null) {
                String said = error.getJsonRpcError().message();
                return new ServerFailure(Kind.SERVER_ERROR, said == null || said.isBlank() ? "The server answered with an error and no message."
                        : "The server answered with an error: " + said, true);
            }
            if (t instanceof McpHttpClientTransportAuthorizationException refused) {
                // 401 or 403 that OAuth could not settle, or an API key the server does not take: the server is up, the credentials are not.
                int code = refused.getResponseInfo() == null ? 401 : refused.getResponseInfo().statusCode();
                return new ServerFailure(Kind.SERVER_ERROR, "The server refused Sightline's credentials (HTTP " + code + "): check the API key, "
                        + "or authorize the source again.", true);
            }
                        if (t instanceof McpTransportException && t.getMessage() != null) {
                Matcher status = STATUS.matcher(t.getMessage());
                if (status.find()) {
                    int code = Integer.parseInt(status.group(1));
                    boolean passing = code >= 500 || code == 429;
                    return new ServerFailure(passing ? Kind.UNAVAILABLE : Kind.SERVER_ERROR, "The server answered HTTP " + code
                            + (passing ? "; it may be overloaded or restarting. Try again later." : "."), !passing);
                }
            }
            // The SDK's words when a session closes under a pending call: here, a call abandoned after its time limit.
            if (t.getMessage() != null && t.getMessage().contains("session with server terminated")) {
                return new ServerFailure(Kind.UNAVAILABLE, "The session ended before the server answered.", true);
            }
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
                return new ServerFailure(Kind.UNAVAILABLE, "The server could not be reached (connection refused or unknown host). "
                        + "Check that it is running and that the URL is right.", false);
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return new ServerFailure(Kind.UNAVAILABLE, "The server did not answer in time.", false);
            }
        }
        return new ServerFailure(Kind.UNAVAILABLE,
                "The server could not be reached or answered in an unexpected way. Try again; if it persists, check the server URL.", false);
    }
}
