package dev.sightline.mcp.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.mcp.session.McpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials stay with the authorization server that issued them: an MCP server that names
 * another authorization server when its token is refused gets its refresh done nowhere, and
 * neither server sees the refresh token or the client secret. Everything runs over real HTTP on
 * loopback: one server plays the MCP server, its protected resource metadata and two issuers.
 */
class IssuerBindingTests {

    private HttpServer server;
    private String base;
    private volatile String namedIssuer = "as1";
    /** A 2025-03-26 server: no protected resource metadata, its origin stands for its authorization server. */
    private volatile boolean legacy;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/oauth-protected-resource/mcp", exchange -> json(exchange, legacy ? 404 : 200,
                "{\"resource\":\"" + base + "/mcp\",\"authorization_servers\":[\"" + base + "/" + namedIssuer + "\"]}"));
        for (String issuer : List.of("as1", "as2")) {
            server.createContext("/.well-known/oauth-authorization-server/" + issuer, exchange -> json(exchange, 200, metadata(issuer)));
            server.createContext("/" + issuer + "/token", exchange -> {
                tokenRequests.add(issuer + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                json(exchange, 200, "{\"access_token\":\"fresh\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rotated\"}");
            });
        }
        server.createContext("/mcp", this::mcp);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void refreshGoesToTheIssuerThatIssuedTheTokens() throws Exception {
        MemoryStore store = new MemoryStore(parse(metadata("as1")));
        McpSession client = connector().connect(URI.create(base + "/mcp"), session(store), java.util.Map.of(), null);
        client.close();
        assertThat(tokenRequests).singleElement().satisfies(request -> assertThat(request).startsWith("as1 ").contains("refresh_token=refresh-1"));
        assertThat(store.tokens.accessToken()).isEqualTo("fresh");
    }

    @Test
    void aServerThatNamesAnotherIssuerGetsNoCredentials() throws Exception {
        namedIssuer = "as2";
        MemoryStore store = new MemoryStore(parse(metadata("as1")));
        OAuthSession oauth = session(store);
        assertThatThrownBy(() -> connector().connect(URI.create(base + "/mcp"), oauth, java.util.Map.of(), null)).isInstanceOf(RuntimeException.class);
        assertThat(tokenRequests).as("no token request reached either authorization server").isEmpty();
        assertThat(oauth.lastFailure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("issuer_changed"));
        assertThat(store.tokens.refreshToken()).as("the refresh token is kept for the issuer that owns it").isEqualTo("refresh-1");
    }

    @Test
    void aServerWithoutResourceMetadataCannotClaimAnotherIssuersRegistration() throws Exception {
        legacy = true;
        // Its origin's metadata names another site's issuer, the issuer a stored registration was made for, with its own token endpoint.
        server.createContext("/.well-known/oauth-authorization-server", exchange -> json(exchange, 200,
                metadata("as1").replace(base + "/as1/token", base + "/elsewhere/token").replace("\"issuer\":\"" + base + "/as1\"", "\"issuer\":\"https://vendor.example\"")));
        server.createContext("/elsewhere/token", exchange -> {
            tokenRequests.add("elsewhere " + exchange.getRequestHeaders().getFirst("Authorization"));
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
        });
        MemoryStore store = new MemoryStore(parse(metadata("as1").replace(base + "/as1\"", "https://vendor.example\"")));
        OAuthSession oauth = session(store);
        assertThatThrownBy(() -> connector().connect(URI.create(base + "/mcp"), oauth, java.util.Map.of(), null)).isInstanceOf(RuntimeException.class);
        assertThat(tokenRequests).as("the stored client's secret went nowhere").isEmpty();
        assertThat(oauth.lastFailure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("issuer_mismatch"));
        assertThat(store.forgotten).as("the registration is kept").isFalse();
        assertThatThrownBy(() -> new McpAuthorization(http()).discoverOriginAuthorizationServerMetadata(URI.create(base + "/mcp")))
                .isInstanceOf(OAuthException.class).hasMessageContaining("names issuer https://vendor.example");
    }

    @Test
    void aFailedRefreshDoesNotOutliveTheOneThatWorkedAfterIt() throws Exception {
        // The authorization server hiccups once (503), then answers: the session's last failure is gone with the success.
        server.removeContext("/as1/token");
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        server.createContext("/as1/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (down.getAndSet(false)) {
                json(exchange, 503, "{\"error\":\"temporarily_unavailable\"}");
            } else {
                json(exchange, 200, "{\"access_token\":\"fresh\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rotated\"}");
            }
        });
        MemoryStore store = new MemoryStore(parse(metadata("as1")));
        OAuthSession oauth = session(store);
        assertThatThrownBy(() -> connector().connect(URI.create(base + "/mcp"), oauth, java.util.Map.of(), null)).isInstanceOf(RuntimeException.class);
        assertThat(oauth.lastFailure()).isPresent();
        connector().connect(URI.create(base + "/mcp"), oauth, java.util.Map.of(), null).close();
        assertThat(oauth.lastFailure()).isEmpty();
        assertThat(store.tokens.accessToken()).isEqualTo("fresh");
    }

    @Test
    void aForgottenClientIsDroppedSoTheNextAuthorizationRegistersAgain() throws Exception {
        server.removeContext("/as1/token");
        server.createContext("/as1/token", exchange -> {
            tokenRequests.add("as1");
            json(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"unknown application\"}");
        });
        MemoryStore store = new MemoryStore(parse(metadata("as1")));
        OAuthSession oauth = session(store);
        assertThatThrownBy(() -> connector().connect(URI.create(base + "/mcp"), oauth, java.util.Map.of(), null)).isInstanceOf(RuntimeException.class);
        assertThat(store.forgotten).isTrue();
        assertThat(store.tokens).isNull();
        assertThat(new McpAuthorization(http()).isRegistered(parse(metadata("as1")), store.registration)).isFalse();
    }

    private OAuthSession session(MemoryStore store) {
        return new OAuthSession(new McpAuthorization(http()), URI.create(base + "/mcp"), store,
                new McpAuthorization.ClientIdentity("Sightline", base + "/callback", null), new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), null);
    }

    private McpConnector connector() {
        return new McpConnector(http(), McpConnector.Limits.standard());
    }

    private static SafeHttp http() {
        return new SafeHttp(SafeHttp.Options.development());
    }

    private String metadata(String issuer) {
        String at = base + "/" + issuer;
        return "{\"issuer\":\"" + at + "\",\"authorization_endpoint\":\"" + at + "/authorize\",\"token_endpoint\":\"" + at + "/token\","
                + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]}";
    }

    private static AuthorizationServerMetadata parse(String json) throws Exception {
        return AuthorizationServerMetadata.parse(json);
    }

    /** A minimal MCP server: 401 with a challenge until the refreshed token arrives, then initialize. */
    private void mcp(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!"Bearer fresh".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", legacy ? "Bearer" : "Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");
            json(exchange, 401, "{}");
            return;
        }
        if (body.contains("\"initialize\"")) {
            String id = body.replaceAll("(?s).*\"id\"\\s*:\\s*(\"[^\"]*\"|\\d+).*", "$1");
            json(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"serverInfo\":{\"name\":\"issuer-binding\",\"version\":\"1\"}}}");
            return;
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Tokens issued by as1; a registration handed out for any issuer, so the session itself must keep credentials bound. */
    private final class MemoryStore implements OAuthSession.Store {
        private final AuthorizationServerMetadata issuer;
        private final ClientRegistration registration;
        private TokenSet tokens = new TokenSet("stale", "refresh-1", null, null);
        private boolean forgotten;

        MemoryStore(AuthorizationServerMetadata issuer) {
            this.issuer = issuer;
            this.registration = new ClientRegistration(issuer.getIssuer().getValue(), "client-1", "secret-1", "client_secret_post", base + "/callback");
        }

        @Override
        public Optional<TokenSet> tokens() {
            return Optional.ofNullable(tokens);
        }

        @Override
        public void saveTokens(TokenSet fresh) {
            tokens = fresh;
        }

        @Override
        public void clearTokens() {
            tokens = null;
        }

        @Override
        public Optional<ClientRegistration> registration(String issuerName) {
            return Optional.of(new ClientRegistration(issuerName, registration.clientId(), registration.clientSecret(), registration.authMethod(),
                    registration.redirectUri()));
        }

        @Override
        public void saveRegistration(ClientRegistration registration) {
        }

        @Override
        public Optional<AuthorizationServerMetadata> issuedBy() {
            return Optional.of(issuer);
        }

        @Override
        public void forgetRegistration(ClientRegistration registration) {
            forgotten = true;
        }
    }
}
