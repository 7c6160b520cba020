package dev.sightline.mcp.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.MemoryStore;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.PendingAuthorization;
import dev.sightline.mcp.policy.ToolDescriptor;
import dev.sightline.mcp.policy.ToolPolicy;
import dev.sightline.mcp.policy.ToolVerdict;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.mcp.session.McpSession;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Command line for trying a connection: {@code connect <url>} discovers, authorizes (printing the
 * URL to open, and receiving the redirect on a loopback port), lists the tools with the read-only
 * policy's verdicts and calls nothing. Given only a URL with {@code MCP_CONFORMANCE_SCENARIO} set,
 * it acts as the MCP conformance suite's client: credentials come from {@code MCP_CONFORMANCE_CONTEXT},
 * the authorization step is completed by reading the redirect, and every listed tool is called once
 * with arguments made from its input schema.
 * <p>
 * Options: {@code --client-metadata-url URL} (a client ID metadata document to identify with),
 * {@code --allow-loopback-http} (development switch; implied in conformance mode).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        // Ends the process whatever is still open (a server stream, the OAuth callback listener).
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        URI metadataUrl = null;
        boolean loopback = System.getenv("MCP_CONFORMANCE_SCENARIO") != null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--client-metadata-url" -> metadataUrl = URI.create(args[++i]);
                case "--allow-loopback-http" -> loopback = true;
                default -> positional.add(args[i]);
            }
        }
        if (positional.isEmpty()) {
            System.err.println("usage: mcp-client [--allow-loopback-http] [--client-metadata-url URL] connect <mcp-url>");
            return 2;
        }
        URI server = URI.create(positional.get(positional.size() - 1));
        boolean conformance = System.getenv("MCP_CONFORMANCE_SCENARIO") != null && !positional.get(0).equals("connect");
        SafeHttp http = new SafeHttp(loopback ? SafeHttp.Options.development() : SafeHttp.Options.production());
        McpAuthorization authorization = new McpAuthorization(http);
        JsonNode context = context();
        MemoryStore store = new MemoryStore();

        CallbackReceiver receiver = conformance ? null : new CallbackReceiver();
        String redirectUri = conformance ? "http://localhost:3000/callback" : receiver.redirectUri();
        var identity = new McpAuthorization.ClientIdentity("Sightline CLI", redirectUri, metadataUrl);
        OAuthSession.Authorizer authorizer = conformance ? pending -> followWithoutRedirect(http, pending) : receiver;
        OAuthSession oauth = new OAuthSession(authorization, server, store, identity, credentials(context), authorizer);

        McpConnector connector = new McpConnector(http, McpConnector.Limits.standard());
        McpSession client;
        try {
            client = connector.connect(server, oauth, Map.of(), McpConnector::acceptDefaults);
        } catch (RuntimeException e) {
            System.err.println("Could not connect: " + oauth.lastFailure().map(Throwable::getMessage).orElse(String.valueOf(e.getMessage())));
            return 1;
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
        try {
            List<McpSchema.Tool> tools = !client.offersTools() ? List.of() : client.listTools();
            ToolPolicy policy = ToolPolicy.standard();
            for (McpSchema.Tool tool : tools) {
                var annotations = tool.annotations();
                ToolVerdict verdict = policy.judge(new ToolDescriptor(tool.name(), tool.description(),
                        annotations == null ? null : annotations.readOnlyHint(), annotations == null ? null : annotations.destructiveHint()));
                System.out.println((verdict.allowed() ? "allowed  " : "blocked  ") + tool.name() + (verdict.allowed() ? "" : "  (" + verdict.reason() + ")"));
            }
            if (conformance) {
                for (McpSchema.Tool tool : tools) {
                    McpSchema.CallToolResult result = client.callTool(tool.name(), SchemaArguments.example(tool.inputSchema()));
                    System.out.println("called " + tool.name() + (Boolean.TRUE.equals(result.isError()) ? " (tool error)" : ""));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("The session failed: " + oauth.lastFailure().map(Throwable::getMessage).orElse(String.valueOf(e.getMessage())));
            return 1;
        } finally {
            client.close();
        }
        return 0;
    }

    /** Credentials named by the conformance context, else the authorization code flow. */
    static OAuthSession.Credentials credentials(JsonNode context) throws Exception {
        if (context.has("idp_id_token")) {
            return new OAuthSession.Credentials.CrossAppAccess(URI.create(context.path("idp_token_endpoint").asString()),
                    context.path("idp_client_id").asString(), context.path("idp_id_token").asString(),
                    context.path("client_id").asString(), context.path("client_secret").asString());
        }
        if (context.has("private_key_pem")) {
            return new OAuthSession.Credentials.PrivateKeyJwt(context.path("client_id").asString(), pem(context.path("private_key_pem").asString()),
                    JWSAlgorithm.parse(context.path("signing_algorithm").asString("ES256")));
        }
        if (context.has("client_id") && context.has("client_secret")) {
            return new OAuthSession.Credentials.AuthorizationCode(Optional.of(new ClientRegistration(null, context.path("client_id").asString(),
                    context.path("client_secret").asString(), "client_secret_basic", null)));
        }
        return new OAuthSession.Credentials.AuthorizationCode(Optional.empty());
    }

    private static JsonNode context() {
        String json = System.getenv("MCP_CONFORMANCE_CONTEXT");
        return json == null || json.isBlank() ? JsonMapper.shared().createObjectNode() : JsonMapper.shared().readTree(json);
    }

    private static PrivateKey pem(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.spec.InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("Unsupported private key");
    }

    /** A test authorization server that approves at once: the redirect's Location carries the answer. */
    static Map<String, String> followWithoutRedirect(SafeHttp http, PendingAuthorization pending) throws OAuthException {
        try {
            HttpResponse<byte[]> response = http.builder().build().send(HttpRequest.newBuilder(pending.authorizationUrl()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String location = response.headers().firstValue("Location")
                    .orElseThrow(() -> new OAuthException("access_denied", "The authorization server did not redirect back (HTTP " + response.statusCode() + ")."));
            return query(URI.create(location));
        } catch (IOException e) {
            throw new OAuthException("network_error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("interrupted", "Interrupted");
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Receives the authorization redirect on a loopback port while the person signs in in their browser. */
    static final class CallbackReceiver implements OAuthSession.Authorizer, AutoCloseable {
        private final HttpServer server;
        private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();

        CallbackReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/callback", exchange -> {
                result.complete(query(exchange.getRequestURI()));
                byte[] page = "<!DOCTYPE html><title>Sightline</title><p>Authorized. You can close this window.".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            server.start();
        }

        String redirectUri() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
        }

        @Override
        public Map<String, String> authorize(PendingAuthorization pending) throws OAuthException {
            System.out.println("Open this URL in your browser to authorize:\n  " + pending.authorizationUrl());
            try {
                return result.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new OAuthException("access_denied", "No authorization within 5 minutes.");
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
