package dev.sightline.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sightline's REST API over real HTTP with an API token, and the connect flow against the sandbox. */
public final class SightlineApi {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final String token;

    public SightlineApi(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonMapper.shared().readTree(response.body());
    }

    /** Connects the sandboxed Arcjet as {@code email} (approving in the vendor's pages) and returns the data source id. */
    public long connectArcjet(String email, String name) throws Exception {
        return connect("{\"connector\":\"arcjet\"}", email, name);
    }

    /** Connects the sandbox as a custom MCP server (no connector profile) and returns the data source id. */
    public long connectCustom(String url, String email, String name) throws Exception {
        return connect("{\"connector\":\"custom-mcp\",\"url\":\"" + url + "\"}", email, name);
    }

    private long connect(String request, String email, String name) throws Exception {
        JsonNode started = json("POST", "/api/connections/authorize", request);
        URI callback = new VendorBrowser().signInAndDecide(URI.create(started.path("authorizationUrl").asString()), email, true);
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + callback.getRawPath() + "?" + callback.getRawQuery())).build(),
                HttpResponse.BodyHandlers.ofString());
        return json("POST", "/api/datasources", "{\"pendingId\":\"" + started.path("pendingId").asString() + "\",\"name\":\"" + name + "\"}")
                .path("id").asLong();
    }
}
