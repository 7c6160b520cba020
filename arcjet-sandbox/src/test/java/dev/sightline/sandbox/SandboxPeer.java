package dev.sightline.sandbox;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of the running sandbox, written from the specs rather than from the
 * sandbox's code: it registers, signs in as a person would (forms, cookies), approves, exchanges
 * the code with PKCE, and talks MCP with the SDK's client. Tests use it as a real peer.
 */
public final class SandboxPeer {

    public static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public SandboxPeer(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    /** Tokens and what came with them. */
    public record Tokens(String accessToken, String refreshToken, String scope, long expiresIn, String clientId) {
    }

    /** Everything about one authorization attempt, for tests that look at the steps. */
    public record Authorization(String clientId, String state, String verifier, URI redirect) {
    }

    public JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    public HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postForm(String pathOrUrl, Map<String, String> form, String basicAuth) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (basicAuth != null) {
            request.header("Authorization", "Basic " + basicAuth);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String pathOrUrl, String json, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(pathOrUrl))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Dynamic client registration of a public client (token_endpoint_auth_method none). */
    public String registerPublicClient() throws IOException, InterruptedException {
        HttpResponse<String> response = postJson("/oauth/register", """
                {"client_name":"Sightline test","redirect_uris":["%s"],"grant_types":["authorization_code","refresh_token"],
                 "token_endpoint_auth_method":"none","application_type":"web"}""".formatted(REDIRECT_URI), null);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Registration failed: " + response.statusCode() + " " + response.body());
        }
        return json(response).path("client_id").asString();
    }

    /** Sends the person to the authorization endpoint and through sign-in and consent; returns the redirect. */
    public Authorization authorize(String clientId, String email, String scope, boolean approve) throws IOException, InterruptedException {
        String verifier = random();
        String state = random();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", scope);
        params.put("state", state);
        params.put("code_challenge", challenge(verifier));
        params.put("code_challenge_method", "S256");
        params.put("resource", base + "/mcp");
        HttpResponse<String> page = get("/oauth/authorize?" + encode(params));
        if (page.body().contains("Sign in to Arcjet")) {
            page = postForm("/oauth/sign-in", Map.of("txn", field(page.body(), "txn"), "_csrf", field(page.body(), "_csrf"),
                    "email", email, "password", "sandbox"), null);
        }
        if (!page.body().contains("Approve")) {
            throw new IllegalStateException("Expected the consent page, got " + page.statusCode() + ": " + page.body());
        }
        HttpResponse<String> redirect = postForm("/oauth/consent", Map.of("txn", field(page.body(), "txn"), "_csrf", field(page.body(), "_csrf"),
                "decision", approve ? "approve" : "deny"), null);
        return new Authorization(clientId, state, verifier, URI.create(redirect.headers().firstValue("Location").orElseThrow()));
    }

    public HttpResponse<String> exchange(Authorization authorization, String code, String verifier, String resource) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        form.put("client_id", authorization.clientId());
        form.put("code_verifier", verifier);
        form.put("resource", resource);
        return postForm("/oauth/token", form, null);
    }

    public HttpResponse<String> refresh(String clientId, String refreshToken) throws IOException, InterruptedException {
        return postForm("/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId,
                "resource", base + "/mcp"), null);
    }

    /** The whole flow for one person: register, authorize, exchange. */
    public Tokens signIn(String email, String scope) throws IOException, InterruptedException {
        String clientId = registerPublicClient();
        Authorization authorization = authorize(clientId, email, scope, true);
        HttpResponse<String> response = exchange(authorization, query(authorization.redirect()).get("code"), authorization.verifier(), base + "/mcp");
        return tokens(response, clientId);
    }

    public Tokens tokens(HttpResponse<String> response, String clientId) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token request failed: " + response.statusCode() + " " + response.body());
        }
        JsonNode json = json(response);
        return new Tokens(json.path("access_token").asString(), json.path("refresh_token").asString(), json.path("scope").asString(),
                json.path("expires_in").asLong(), clientId);
    }

    public McpSyncClient mcp(String accessToken) {
        var transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + accessToken))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(java.time.Duration.ofSeconds(20)).build();
        client.initialize();
        return client;
    }

    /** Calls a tool and returns its structured result (or the error text under "error" when isError). */
    public static JsonNode call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        if (Boolean.TRUE.equals(result.isError())) {
            return JsonMapper.shared().createObjectNode().put("error", text);
        }
        return JsonMapper.shared().readTree(text);
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder(pair.substring(0, eq)), URLDecoder(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String URLDecoder(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private URI url(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("No field " + name + " in " + html);
        }
        return m.group(1);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
