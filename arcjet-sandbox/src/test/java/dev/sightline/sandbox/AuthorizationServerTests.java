package dev.sightline.sandbox;

import static dev.sightline.sandbox.world.SandboxWorld.ACME_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OAuth side of the sandbox, driven over HTTP the way an MCP client drives Arcjet's. */
@SandboxTest
class AuthorizationServerTests {

    @LocalServerPort
    int port;

    SandboxPeer peer;

    @BeforeEach
    void peer() {
        peer = new SandboxPeer(port);
    }

    @Test
    void anUnauthenticatedMcpRequestPointsToTheProtectedResourceMetadata() throws Exception {
        HttpResponse<String> response = peer.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", null);
        assertThat(response.statusCode()).isEqualTo(401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer ")
                .contains("resource_metadata=\"" + peer.base() + "/.well-known/oauth-protected-resource/mcp\"")
                .contains("scope=\"analytics:read\"");

        JsonNode resource = peer.json(peer.get("/.well-known/oauth-protected-resource/mcp"));
        assertThat(resource.path("resource").asString()).isEqualTo(peer.base() + "/mcp");
        assertThat(resource.path("authorization_servers").get(0).asString()).isEqualTo(peer.base());

        JsonNode metadata = peer.json(peer.get("/.well-known/oauth-authorization-server"));
        assertThat(metadata.path("issuer").asString()).isEqualTo(peer.base());
        assertThat(metadata.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(metadata.path("client_id_metadata_document_supported").asBoolean()).isTrue();
        assertThat(metadata.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(metadata.path("registration_endpoint").asString()).isEqualTo(peer.base() + "/oauth/register");
        assertThat(metadata.path("revocation_endpoint").asString()).isEqualTo(peer.base() + "/oauth/revoke");
        assertThat(metadata.path("scopes_supported").toString()).contains("analytics:read", "rules:manage");
    }

    @Test
    void aPersonSignsInApprovesAndTheClientGetsBoundTokens() throws Exception {
        String clientId = peer.registerPublicClient();
        HttpResponse<String> page = peer.get("/oauth/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + SandboxPeer.REDIRECT_URI + "&code_challenge=" + SandboxPeer.challenge("v".repeat(43))
                + "&code_challenge_method=S256&state=s1");
        assertThat(page.body()).contains("Sign in to Arcjet", "Sightline test");

        SandboxPeer.Authorization authorization = peer.authorize(clientId, "alice@example.com", "analytics:read", true);
        Map<String, String> callback = SandboxPeer.query(authorization.redirect());
        assertThat(authorization.redirect().toString()).startsWith(SandboxPeer.REDIRECT_URI);
        assertThat(callback.get("state")).isEqualTo(authorization.state());
        assertThat(callback.get("iss")).isEqualTo(peer.base());

        // PKCE: the wrong verifier is refused, and a refused attempt does not burn the code for an attacker.
        HttpResponse<String> wrongVerifier = peer.exchange(authorization, callback.get("code"), "x".repeat(43), peer.base() + "/mcp");
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(peer.json(wrongVerifier).path("error").asString()).isEqualTo("invalid_grant");

        SandboxPeer.Authorization second = peer.authorize(clientId, "alice@example.com", "analytics:read", true);
        String code = SandboxPeer.query(second.redirect()).get("code");
        HttpResponse<String> otherResource = peer.exchange(second, code, second.verifier(), "https://api.example.com/mcp");
        assertThat(peer.json(otherResource).path("error").asString()).isEqualTo("invalid_target");

        SandboxPeer.Authorization third = peer.authorize(clientId, "alice@example.com", "analytics:read", true);
        String thirdCode = SandboxPeer.query(third.redirect()).get("code");
        SandboxPeer.Tokens tokens = peer.tokens(peer.exchange(third, thirdCode, third.verifier(), peer.base() + "/mcp"), clientId);
        assertThat(tokens.scope()).isEqualTo("analytics:read");
        assertThat(tokens.expiresIn()).isEqualTo(900);
        // A code is good once.
        assertThat(peer.json(peer.exchange(third, thirdCode, third.verifier(), peer.base() + "/mcp")).path("error").asString()).isEqualTo("invalid_grant");

        McpSyncClient mcp = peer.mcp(tokens.accessToken());
        assertThat(SandboxPeer.call(mcp, "list-teams", Map.of()).path("teams").get(0).path("name").asString()).isEqualTo("Acme");
        mcp.close();
    }

    @Test
    void denyingSendsAccessDeniedBackWithStateAndIssuer() throws Exception {
        String clientId = peer.registerPublicClient();
        SandboxPeer.Authorization denied = peer.authorize(clientId, "alice@example.com", "analytics:read", false);
        Map<String, String> callback = SandboxPeer.query(denied.redirect());
        assertThat(callback).containsEntry("error", "access_denied").containsEntry("state", denied.state()).containsEntry("iss", peer.base());
        assertThat(callback).doesNotContainKey("code");
    }

    @Test
    void badAuthorizationRequestsAreRefusedWhereItIsSafe() throws Exception {
        String clientId = peer.registerPublicClient();
        // An unregistered redirect URI gets an error page, never a redirect.
        HttpResponse<String> hostile = peer.get("/oauth/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=https://evil.example/steal&code_challenge=abc&code_challenge_method=S256");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.headers().firstValue("Location")).isEmpty();

        // No PKCE: back to the client with invalid_request.
        HttpResponse<String> noPkce = peer.get("/oauth/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + SandboxPeer.REDIRECT_URI + "&state=x");
        assertThat(noPkce.statusCode()).isEqualTo(302);
        assertThat(noPkce.headers().firstValue("Location").orElseThrow()).contains("error=invalid_request").contains("state=x");

        // A token for another resource is never issued.
        HttpResponse<String> otherResource = peer.get("/oauth/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + SandboxPeer.REDIRECT_URI + "&code_challenge=" + SandboxPeer.challenge("v".repeat(43))
                + "&code_challenge_method=S256&resource=https://other.example/mcp");
        assertThat(otherResource.headers().firstValue("Location").orElseThrow()).contains("error=invalid_target");
    }

    @Test
    void refreshTokensRotateAndReuseRevokesTheWholeFamily() throws Exception {
        SandboxPeer.Tokens first = peer.signIn("alice@example.com", "analytics:read");
        SandboxPeer.Tokens second = peer.tokens(peer.refresh(first.clientId(), first.refreshToken()), first.clientId());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());

        // Someone replays the old refresh token: refused, and every token of the authorization dies.
        HttpResponse<String> replay = peer.refresh(first.clientId(), first.refreshToken());
        assertThat(peer.json(replay).path("error").asString()).isEqualTo("invalid_grant");
        assertThat(peer.postJson("/mcp", ping(), second.accessToken()).statusCode()).isEqualTo(401);
        assertThat(peer.json(peer.refresh(first.clientId(), second.refreshToken())).path("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void revokedTokensAreRefusedAndARefreshedOneWorks() throws Exception {
        SandboxPeer.Tokens tokens = peer.signIn("alice@example.com", "analytics:read");
        assertThat(peer.postJson("/mcp", initialize(), tokens.accessToken()).statusCode()).isEqualTo(200);
        HttpResponse<String> revoke = peer.postForm("/oauth/revoke", Map.of("token", tokens.refreshToken(), "client_id", tokens.clientId()), null);
        assertThat(revoke.statusCode()).isEqualTo(200);
        HttpResponse<String> afterRevoke = peer.postJson("/mcp", initialize(), tokens.accessToken());
        assertThat(afterRevoke.statusCode()).isEqualTo(401);
        assertThat(afterRevoke.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");

        SandboxPeer.Tokens fresh = peer.signIn("alice@example.com", "analytics:read");
        SandboxPeer.Tokens renewed = peer.tokens(peer.refresh(fresh.clientId(), fresh.refreshToken()), fresh.clientId());
        assertThat(peer.postJson("/mcp", initialize(), renewed.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void aToolOutsideTheTokensScopeAnswers403InsufficientScope() throws Exception {
        SandboxPeer.Tokens readOnly = peer.signIn("alice@example.com", "analytics:read");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"create-rule\",\"arguments\":{}}}";
        HttpResponse<String> response = peer.postJson("/mcp", call, readOnly.accessToken());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("rules:manage").contains("resource_metadata=");
    }

    @Test
    void confidentialClientsAuthenticateWithTheirSecret() throws Exception {
        HttpResponse<String> registration = peer.postJson("/oauth/register", """
                {"client_name":"Confidential","redirect_uris":["%s"]}""".formatted(SandboxPeer.REDIRECT_URI), null);
        assertThat(registration.statusCode()).isEqualTo(201);
        JsonNode client = peer.json(registration);
        assertThat(client.path("token_endpoint_auth_method").asString()).isEqualTo("client_secret_basic");
        String clientId = client.path("client_id").asString();
        String secret = client.path("client_secret").asString();
        SandboxPeer.Authorization authorization = peer.authorize(clientId, "alice@example.com", "analytics:read", true);
        String code = SandboxPeer.query(authorization.redirect()).get("code");
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", SandboxPeer.REDIRECT_URI,
                "code_verifier", authorization.verifier());
        String wrong = java.util.Base64.getEncoder().encodeToString((clientId + ":nope").getBytes());
        HttpResponse<String> rejected = peer.postForm("/oauth/token", form, wrong);
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(peer.json(rejected).path("error").asString()).isEqualTo("invalid_client");
        String right = java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes());
        assertThat(peer.postForm("/oauth/token", form, right).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientIdMetadataDocumentIsFetchedAndHonoured() throws Exception {
        HttpServer server = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        String documentUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/client.json";
        byte[] document = """
                {"client_id":"%s","client_name":"Sightline (metadata document)","redirect_uris":["%s"],
                 "grant_types":["authorization_code","refresh_token"],"token_endpoint_auth_method":"none"}"""
                .formatted(documentUrl, SandboxPeer.REDIRECT_URI).getBytes();
        server.createContext("/oauth/client.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
            exchange.close();
        });
        server.start();
        try {
            SandboxPeer.Authorization authorization = peer.authorize(documentUrl, "bob@example.com", "analytics:read", true);
            String code = SandboxPeer.query(authorization.redirect()).get("code");
            SandboxPeer.Tokens tokens = peer.tokens(peer.exchange(authorization, code, authorization.verifier(), peer.base() + "/mcp"), documentUrl);
            McpSyncClient mcp = peer.mcp(tokens.accessToken());
            // Bob sees only Globex, and nothing of Acme.
            assertThat(SandboxPeer.call(mcp, "list-teams", Map.of()).path("teams").toString()).contains("Globex").doesNotContain("Acme");
            assertThat(SandboxPeer.call(mcp, "analyze-traffic", Map.of("siteId", ACME_PROD)).path("error").asString()).contains("Unknown site");
            mcp.close();
        } finally {
            server.stop(0);
        }
        URI unknownDocument = URI.create("http://127.0.0.1:1/none.json");
        HttpResponse<String> page = peer.get("/oauth/authorize?response_type=code&client_id=" + unknownDocument
                + "&redirect_uri=" + SandboxPeer.REDIRECT_URI + "&code_challenge=abc&code_challenge_method=S256");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Unknown application");
    }

    private static String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }
}
