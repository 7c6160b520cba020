package dev.sightline.mcp.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.sightline.mcp.http.SafeHttp;

/** Sends Nimbus-built OAuth requests through the SSRF-safe client, and GETs metadata documents. */
final class OAuthHttp {

    private final SafeHttp http;

    OAuthHttp(SafeHttp http) {
        this.http = http;
    }

    HTTPResponse send(HTTPRequest request) throws OAuthException {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI());
            for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
            String body = request.getBody();
            builder.method(request.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            builder.header("Accept", "application/json");
            HttpResponse<byte[]> response = http.send(builder.build());
            HTTPResponse result = new HTTPResponse(response.statusCode());
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    result.setHeader(name, values.toArray(String[]::new));
                }
            });
            result.setBody(new String(response.body(), StandardCharsets.UTF_8));
            return result;
        } catch (IOException e) {
            throw new OAuthException("network_error", "Could not reach " + SafeHttp.redact(request.getURI()) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("interrupted", "Interrupted while calling " + SafeHttp.redact(request.getURI()));
        }
    }

    /** GETs a JSON document; empty when the server answers with anything but 200. */
    java.util.Optional<byte[]> getJson(URI uri) throws OAuthException {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Accept", "application/json")
                    .header("MCP-Protocol-Version", "2025-11-25").GET().build());
            return response.statusCode() == 200 ? java.util.Optional.of(response.body()) : java.util.Optional.empty();
        } catch (dev.sightline.mcp.http.UnsafeUrlException e) {
            throw new OAuthException("unsafe_url", e.getMessage());
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("interrupted", "Interrupted while fetching " + SafeHttp.redact(uri));
        }
    }
}
