package dev.sightline.mcp.oauth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth for one MCP connection, plugged into the SDK transport: it puts the bearer token on every
 * request, and when the server answers 401 it refreshes (once, shared by concurrent callers) or
 * authorizes from scratch; on 403 {@code insufficient_scope} it steps up to the union of the held
 * and the challenged scopes. At most three authorizations per session, so a server that never
 * accepts cannot loop.
 */
public final class OAuthSession implements McpSyncHttpClientRequestCustomizer, McpHttpClientTransportAuthorizationErrorHandler.Sync {

    private static final Logger log = LoggerFactory.getLogger(OAuthSession.class);
    static final int MAX_AUTHORIZATIONS = 3;

    /** Where tokens and registrations live (the product: encrypted in its database). */
    public interface Store {
        Optional<TokenSet> tokens();

        void saveTokens(TokenSet tokens);

        void clearTokens();

        Optional<ClientRegistration> registration(String issuer);

        void saveRegistration(ClientRegistration registration);

        /**
         * Runs a token refresh alone for this connection: concurrent callers (other threads, other
         * app nodes) wait and then find the fresh tokens. Stores shared by several nodes lock here.
         */
        default <T> T exclusively(Exclusive<T> work) throws OAuthException {
            synchronized (this) {
                return work.run();
            }
        }

        /** The tokens as stored right now (another session may have refreshed them). */
        default Optional<TokenSet> reload() {
            return tokens();
        }

        /**
         * The authorization server that issued the stored tokens, when the store keeps it. Refresh
         * tokens and client secrets are then sent there and nowhere else, whatever the MCP server
         * names later.
         */
        default Optional<AuthorizationServerMetadata> issuedBy() {
            return Optional.empty();
        }

        /** The authorization server no longer knows this client: drop it, so the next authorization registers again. */
        default void forgetRegistration(ClientRegistration registration) {
        }
    }

    /** A step that may fail with an OAuth error. */
    @FunctionalInterface
    public interface Exclusive<T> {
        T run() throws OAuthException;
    }

    /** Takes the person through the authorization URL and returns the redirect's query parameters. */
    @FunctionalInterface
    public interface Authorizer {
        Map<String, String> authorize(PendingAuthorization pending) throws OAuthException;
    }

    /** How tokens are obtained: the authorization code flow (a person), or client credentials (a machine). */
    public sealed interface Credentials {
        record AuthorizationCode(Optional<ClientRegistration> preRegistered) implements Credentials {
        }

        record ClientSecret(String clientId, String clientSecret) implements Credentials {
        }

        record PrivateKeyJwt(String clientId, java.security.PrivateKey key, com.nimbusds.jose.JWSAlgorithm algorithm) implements Credentials {
        }

        /**
         * Cross-app access (enterprise-managed authorization): the identity provider exchanges the
         * person's ID token for an identity assertion grant (ID-JAG, RFC 8693 token exchange), which
         * the MCP server's authorization server accepts as a JWT bearer grant (RFC 7523).
         */
        record CrossAppAccess(URI idpTokenEndpoint, String idpClientId, String idToken, String clientId, String clientSecret)
                implements Credentials {
        }
    }

    private final McpAuthorization authorization;
    private final URI server;
    private final Store store;
    private final McpAuthorization.ClientIdentity identity;
    private final Credentials credentials;
    private final Authorizer authorizer;
    private int authorizations;
    private volatile OAuthException lastFailure;
    private volatile Discovered discovered;

    private record Discovered(AuthorizationServerMetadata server, Optional<ProtectedResourceMetadata> resource, URI resourceUri) {
    }

    public OAuthSession(McpAuthorization authorization, URI server, Store store, McpAuthorization.ClientIdentity identity,
                        Credentials credentials, Authorizer authorizer) {
        this.authorization = authorization;
        this.server = server;
        this.store = store;
        this.identity = identity;
        this.credentials = credentials;
        this.authorizer = authorizer;
    }

    /** Why the last authorization attempt failed, for the caller to show ("Re-authenticate"). */
    public Optional<OAuthException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body, McpTransportContext context) {
        store.tokens().ifPresent(tokens -> builder.setHeader("Authorization", "Bearer " + tokens.accessToken()));
    }

    @Override
    public boolean handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response, McpTransportContext context) {
        BearerChallenge challenge = BearerChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
        String sent = request.headers().firstValue("Authorization").map(h -> h.replaceFirst("(?i)^Bearer\\s+", "")).orElse(null);
        try {
            boolean recovered = false;
            if (response.statusCode() == 401) {
                recovered = recover(challenge, sent);
            } else if (response.statusCode() == 403 && challenge.insufficientScope()) {
                recovered = authorize(challenge);
            }
            if (recovered) {
                // A failure before does not outlive the authorization that followed it.
                lastFailure = null;
            }
            return recovered;
        } catch (OAuthException e) {
            lastFailure = e;
            log.info("MCP authorization with {} failed: {} ({})", dev.sightline.mcp.http.SafeHttp.redact(server), e.getMessage(), e.code());
        }
        return false;
    }

    private synchronized boolean recover(BearerChallenge challenge, String sent) throws OAuthException {
        boolean refreshed = store.exclusively(() -> {
            Optional<TokenSet> current = store.reload();
            if (current.isPresent() && sent != null && !current.get().accessToken().equals(sent)) {
                // Another caller already refreshed while this request was in flight.
                return true;
            }
            if (current.isEmpty() || current.get().refreshToken() == null) {
                return false;
            }
            Discovered d = discover(challenge);
            AuthorizationServerMetadata issuer = issuerFor(d);
            ClientRegistration client = store.registration(issuer.getIssuer().getValue())
                    .filter(c -> c.issuer().equals(issuer.getIssuer().getValue())).orElse(null);
            if (client == null) {
                store.clearTokens();
                return false;
            }
            try {
                // Saved before anyone uses it: a rotated refresh token must never be lost.
                store.saveTokens(authorization.refreshAuthorization(issuer, client, current.get(), d.resourceUri()));
                return true;
            } catch (OAuthException e) {
                if (e.is("invalid_client")) {
                    store.forgetRegistration(client);
                } else if (!e.is("invalid_grant")) {
                    throw e;
                }
                store.clearTokens();
                return false;
            }
        });
        return refreshed || authorize(challenge);
    }

    /**
     * The authorization server to send credentials to: the one that issued the stored tokens when
     * the store knows it. A resource that now names another one gets nothing: a refresh token or a
     * client secret given to a server that did not issue it is a credential handed to a stranger.
     */
    private AuthorizationServerMetadata issuerFor(Discovered d) throws OAuthException {
        Optional<AuthorizationServerMetadata> bound = store.issuedBy();
        if (bound.isEmpty()) {
            return d.server();
        }
        if (!bound.get().getIssuer().equals(d.server().getIssuer())) {
            throw new OAuthException("issuer_changed", "The server now names another authorization server ("
                    + d.server().getIssuer() + ") than the one that issued its tokens; re-authenticate to trust it.");
        }
        return bound.get();
    }

    private synchronized boolean authorize(BearerChallenge challenge) throws OAuthException {
        if (authorizations >= MAX_AUTHORIZATIONS) {
            throw new OAuthException("too_many_authorizations", "The server keeps refusing the token; stopped after " + MAX_AUTHORIZATIONS + " authorizations.");
        }
        authorizations++;
        Discovered d = discover(challenge);
        Set<String> held = store.tokens().map(TokenSet::scopes).orElse(Set.of());
        Optional<String> scope = McpAuthorization.selectScope(challenge, d.resource(), d.server(), held);
        if (credentials instanceof Credentials.ClientSecret secret) {
            ClientRegistration client = new ClientRegistration(d.server().getIssuer().getValue(), secret.clientId(), secret.clientSecret(),
                    "client_secret_basic", identity.redirectUri());
            store.saveTokens(authorization.clientCredentials(d.server(), client, scope, d.resourceUri()));
            return true;
        }
        if (credentials instanceof Credentials.PrivateKeyJwt jwt) {
            store.saveTokens(authorization.clientCredentials(d.server(), jwt.clientId(), jwt.key(), jwt.algorithm(), scope, d.resourceUri()));
            return true;
        }
        if (credentials instanceof Credentials.CrossAppAccess xaa) {
            store.saveTokens(crossAppAccess(d, xaa));
            return true;
        }
        Optional<ClientRegistration> preRegistered = ((Credentials.AuthorizationCode) credentials).preRegistered();
        if (preRegistered.isPresent() && supportsOnlyClientCredentials(d.server())) {
            ClientRegistration given = preRegistered.get();
            ClientRegistration client = new ClientRegistration(d.server().getIssuer().getValue(), given.clientId(), given.clientSecret(),
                    "client_secret_basic", identity.redirectUri());
            store.saveTokens(authorization.clientCredentials(d.server(), client, scope, d.resourceUri()));
            return true;
        }
        if (authorizer == null) {
            throw new OAuthException("reauthentication_required", "The connection needs the person to sign in again.");
        }
        String issuer = d.server().getIssuer().getValue();
        ClientRegistration client = store.registration(issuer).orElse(null);
        if (client == null) {
            client = authorization.registerClient(d.server(), identity, preRegistered);
            store.saveRegistration(client);
        }
        PendingAuthorization pending = McpAuthorization.startAuthorization(d.server(), client, scope, d.resourceUri());
        Map<String, String> callback = authorizer.authorize(pending);
        store.saveTokens(authorization.completeAuthorization(d.server(), client, pending, callback));
        return true;
    }

    private TokenSet crossAppAccess(Discovered d, Credentials.CrossAppAccess xaa) throws OAuthException {
        var idp = new AuthorizationServerMetadata(new com.nimbusds.oauth2.sdk.id.Issuer(xaa.idpTokenEndpoint().toString()));
        idp.setTokenEndpointURI(xaa.idpTokenEndpoint());
        var exchange = new com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant(
                new com.nimbusds.oauth2.sdk.token.TypelessAccessToken(xaa.idToken()), com.nimbusds.oauth2.sdk.token.TokenTypeURI.ID_TOKEN,
                null, null, ID_JAG, List.of(new com.nimbusds.oauth2.sdk.id.Audience(d.server().getIssuer().getValue())));
        ClientRegistration idpClient = new ClientRegistration(idp.getIssuer().getValue(), xaa.idpClientId(), null, "none", identity.redirectUri());
        TokenSet assertion = authorization.grant(idp, idpClient, exchange, d.resourceUri());
        try {
            var bearer = new com.nimbusds.oauth2.sdk.JWTBearerGrant(com.nimbusds.jwt.SignedJWT.parse(assertion.accessToken()));
            ClientRegistration client = new ClientRegistration(d.server().getIssuer().getValue(), xaa.clientId(), xaa.clientSecret(),
                    "client_secret_basic", identity.redirectUri());
            return authorization.grant(d.server(), client, bearer, null);
        } catch (java.text.ParseException e) {
            throw new OAuthException("invalid_grant", "The identity provider's assertion is not a signed JWT.");
        }
    }

    static final com.nimbusds.oauth2.sdk.token.TokenTypeURI ID_JAG = tokenType("urn:ietf:params:oauth:token-type:id-jag");

    private static com.nimbusds.oauth2.sdk.token.TokenTypeURI tokenType(String uri) {
        try {
            return com.nimbusds.oauth2.sdk.token.TokenTypeURI.parse(uri);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean supportsOnlyClientCredentials(AuthorizationServerMetadata server) {
        return server.getGrantTypes() != null && server.getGrantTypes().contains(GrantType.CLIENT_CREDENTIALS)
                && !server.getGrantTypes().contains(GrantType.AUTHORIZATION_CODE);
    }

    /**
     * Protected resource metadata, then the authorization server's. The resource must be this
     * server, or authorization stops before anything is sent to the authorization server.
     */
    private Discovered discover(BearerChallenge challenge) throws OAuthException {
        Discovered known = discovered;
        if (known != null && challenge.resourceMetadata() == null) {
            return known;
        }
        Optional<ProtectedResourceMetadata> resource = authorization.discoverProtectedResourceMetadata(server, challenge);
        AuthorizationServerMetadata metadata;
        URI resourceUri;
        if (resource.isPresent()) {
            if (!McpAuthorization.resourceMatches(server, resource.get().resource())) {
                throw new OAuthException("resource_mismatch", "The server's metadata names another resource ("
                        + resource.get().resource() + "); Sightline will not authorize for it.");
            }
            if (resource.get().authorizationServers().isEmpty()) {
                throw new OAuthException("discovery_failed", "The protected resource metadata names no authorization server.");
            }
            URI issuer = resource.get().authorizationServers().get(0);
            metadata = authorization.discoverAuthorizationServerMetadata(issuer)
                    .orElseThrow(() -> new OAuthException("discovery_failed", "No authorization server metadata at " + issuer));
            resourceUri = resource.get().resource();
        } else {
            // 2025-03-26 servers: the MCP server's origin is the authorization server.
            metadata = authorization.discoverOriginAuthorizationServerMetadata(server)
                    .orElseGet(() -> McpAuthorization.defaultEndpoints(server));
            resourceUri = canonical(server);
        }
        Discovered d = new Discovered(metadata, resource, resourceUri);
        discovered = d;
        return d;
    }

    /** The canonical resource URI of an MCP server: no fragment, no query. */
    public static URI canonical(URI server) {
        return URI.create(server.getScheme() + "://" + server.getRawAuthority() + (server.getRawPath() == null ? "" : server.getRawPath()));
    }
}
