package dev.sightline.mcp.oauth;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.sightline.mcp.http.SafeHttp;

/**
 * The MCP authorization client, one function per step of the spec (basic/authorization), in the
 * order a connection goes through them: protected resource discovery, authorization server
 * discovery, client registration, the authorization request, the code exchange; then refresh,
 * client credentials and revocation. Each step takes what it needs and returns data; keeping
 * tokens and registrations is the caller's business. Nimbus writes and parses every OAuth message.
 */
public final class McpAuthorization {

    static final String OFFLINE_ACCESS = "offline_access";

    private final OAuthHttp http;

    public McpAuthorization(SafeHttp http) {
        this.http = new OAuthHttp(http);
    }

    // ---- discovery ----

    /**
     * RFC 9728 discovery in the spec's order: the challenge's {@code resource_metadata}, else the
     * path-aware well-known URL, else the root one.
     */
    public Optional<ProtectedResourceMetadata> discoverProtectedResourceMetadata(URI server, BearerChallenge challenge) throws OAuthException {
        List<URI> candidates = new ArrayList<>();
        if (challenge.resourceMetadata() != null) {
            candidates.add(server.resolve(challenge.resourceMetadata()));
        } else {
            String path = trimSlash(server.getRawPath());
            if (!path.isEmpty()) {
                candidates.add(origin(server).resolve("/.well-known/oauth-protected-resource" + path));
            }
            candidates.add(origin(server).resolve("/.well-known/oauth-protected-resource"));
        }
        for (URI candidate : candidates) {
            Optional<byte[]> document = http.getJson(candidate);
            if (document.isPresent()) {
                return Optional.of(ProtectedResourceMetadata.parse(document.get()));
            }
        }
        return Optional.empty();
    }

    /** The metadata's resource must be this server: the same origin, and a path that is a prefix of the server's. */
    public static boolean resourceMatches(URI server, URI resource) {
        if (resource == null || resource.getFragment() != null) {
            return false;
        }
        if (!origin(server).equals(origin(resource))) {
            return false;
        }
        String serverPath = trimSlash(server.getRawPath());
        String resourcePath = trimSlash(resource.getRawPath());
        return resourcePath.isEmpty() || serverPath.equals(resourcePath) || serverPath.startsWith(resourcePath + "/");
    }

    /**
     * RFC 8414 and OpenID discovery in the spec's order. With a path in the issuer: the path-inserted
     * oauth and openid URLs, then the path-appended openid one; never the root. The document's
     * {@code issuer} must be the issuer the URL was built from (RFC 8414 §3.3).
     */
    public Optional<AuthorizationServerMetadata> discoverAuthorizationServerMetadata(URI issuer) throws OAuthException {
        return discoverAuthorizationServerMetadata(issuer, true);
    }

    /**
     * A 2025-03-26 server's metadata, read at its origin, which stands in for an issuer nobody named.
     * The document may name an issuer with a path (the conformance suite's does), but only at that
     * origin: stored client registrations are found by issuer, so a server that could name another
     * site's issuer would be sent that site's client secret (its token endpoint receives it when the
     * registration is checked) and could have the registration forgotten.
     */
    public Optional<AuthorizationServerMetadata> discoverOriginAuthorizationServerMetadata(URI server) throws OAuthException {
        return discoverAuthorizationServerMetadata(origin(server), false);
    }

    private Optional<AuthorizationServerMetadata> discoverAuthorizationServerMetadata(URI issuer, boolean exactIssuer) throws OAuthException {
        String path = trimSlash(issuer.getRawPath());
        URI origin = origin(issuer);
        List<URI> candidates = path.isEmpty()
                ? List.of(origin.resolve("/.well-known/oauth-authorization-server"), origin.resolve("/.well-known/openid-configuration"))
                : List.of(origin.resolve("/.well-known/oauth-authorization-server" + path), origin.resolve("/.well-known/openid-configuration" + path),
                        origin.resolve(path + "/.well-known/openid-configuration"));
        for (URI candidate : candidates) {
            Optional<byte[]> document = http.getJson(candidate);
            if (document.isPresent()) {
                try {
                    AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(new String(document.get(), java.nio.charset.StandardCharsets.UTF_8));
                    String named = trimSlash(metadata.getIssuer().getValue());
                    if (exactIssuer ? !named.equals(trimSlash(issuer.toString())) : !sameOrigin(named, issuer)) {
                        throw new OAuthException("issuer_mismatch", "The authorization server metadata names issuer " + metadata.getIssuer()
                                + (exactIssuer ? ", not " : ", which is not at ") + issuer + "; Sightline will not use it.");
                    }
                    return Optional.of(metadata);
                } catch (ParseException e) {
                    throw new OAuthException("invalid_metadata", "The authorization server metadata at " + SafeHttp.redact(candidate) + " is not valid: " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a person's browser may be sent to this authorization endpoint: https, or http on this
     * machine (a local authorization server in development). Metadata is the server's to write, so
     * a javascript: or data: URL must never reach a page's link or a pop-up.
     */
    static boolean browsable(URI endpoint) {
        if (endpoint == null || !endpoint.isAbsolute() || endpoint.getHost() == null || endpoint.getRawUserInfo() != null) {
            return false;
        }
        String scheme = endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = endpoint.getHost().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private static boolean sameOrigin(String issuer, URI origin) {
        try {
            URI named = new URI(issuer);
            return named.getScheme() != null && named.getRawAuthority() != null && origin(named).equals(origin);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** 2025-03-26 servers without any metadata: the default endpoints at the server's origin. */
    public static AuthorizationServerMetadata defaultEndpoints(URI server) {
        URI origin = origin(server);
        var metadata = new AuthorizationServerMetadata(new Issuer(origin.toString()));
        metadata.setAuthorizationEndpointURI(origin.resolve("/authorize"));
        metadata.setTokenEndpointURI(origin.resolve("/token"));
        metadata.setRegistrationEndpointURI(origin.resolve("/register"));
        // The 2025-03-26 revision requires PKCE of every client; without metadata we assume S256.
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        return metadata;
    }

    /**
     * Scope selection: the challenge's scope (with the scopes already held, for step-up), else every
     * scope the resource supports, else none; plus offline_access where the authorization server lists it.
     */
    public static Optional<String> selectScope(BearerChallenge challenge, Optional<ProtectedResourceMetadata> resource,
                                               AuthorizationServerMetadata server, Set<String> held) {
        Set<String> scopes = new LinkedHashSet<>();
        if (challenge.scope() != null) {
            scopes.addAll(held);
            scopes.addAll(List.of(challenge.scope().trim().split("\\s+")));
        } else if (resource.isPresent() && !resource.get().scopesSupported().isEmpty()) {
            scopes.addAll(resource.get().scopesSupported());
        }
        scopes.remove(OFFLINE_ACCESS);
        if (scopes.isEmpty()) {
            return Optional.empty();
        }
        if (server.getScopes() != null && server.getScopes().contains(OFFLINE_ACCESS)) {
            scopes.add(OFFLINE_ACCESS);
        }
        return Optional.of(String.join(" ", scopes));
    }

    // ---- registration ----

    /** Who Sightline is to authorization servers. {@code metadataDocumentUrl}: its client ID metadata document, if served. */
    public record ClientIdentity(String clientName, String redirectUri, URI metadataDocumentUrl) {
    }

    /**
     * Registration in the spec's order: pre-registered credentials, then a client ID metadata
     * document where the server supports them, then dynamic client registration (RFC 7591).
     */
    public ClientRegistration registerClient(AuthorizationServerMetadata server, ClientIdentity identity, Optional<ClientRegistration> preRegistered)
            throws OAuthException {
        String issuer = server.getIssuer().getValue();
        if (preRegistered.isPresent()) {
            ClientRegistration given = preRegistered.get();
            String method = given.clientSecret() == null ? "none" : chooseSecretMethod(server);
            return new ClientRegistration(issuer, given.clientId(), given.clientSecret(), method, identity.redirectUri());
        }
        if (identity.metadataDocumentUrl() != null && Boolean.TRUE.equals(server.getCustomParameter("client_id_metadata_document_supported"))) {
            return new ClientRegistration(issuer, identity.metadataDocumentUrl().toString(), null, "none", identity.redirectUri());
        }
        if (server.getRegistrationEndpointURI() == null) {
            throw new OAuthException("registration_unavailable", "The authorization server offers no registration; "
                    + "it needs a pre-registered client ID and secret.");
        }
        ClientMetadata metadata = new ClientMetadata();
        metadata.setName(identity.clientName());
        metadata.setRedirectionURI(URI.create(identity.redirectUri()));
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.parse(chooseMethod(server)));
        metadata.setCustomField("application_type", "web");
        HTTPResponse response = http.send(new ClientRegistrationRequest(server.getRegistrationEndpointURI(), metadata, null).toHTTPRequest());
        try {
            ClientRegistrationResponse parsed = ClientRegistrationResponse.parse(response);
            if (parsed instanceof ClientRegistrationErrorResponse error) {
                throw new OAuthException(code(error.getErrorObject().getCode()), "Registration was refused: " + describe(error.getErrorObject()));
            }
            ClientInformation info = ((ClientInformationResponse) parsed).getClientInformation();
            ClientAuthenticationMethod method = info.getMetadata().getTokenEndpointAuthMethod();
            Secret secret = info.getSecret();
            Instant secretExpiresAt = secret == null || secret.getExpirationDate() == null || secret.getExpirationDate().getTime() <= 0 ? null
                    : secret.getExpirationDate().toInstant();
            return new ClientRegistration(issuer, info.getID().getValue(), secret == null ? null : secret.getValue(),
                    method == null ? "client_secret_basic" : method.getValue(), identity.redirectUri(), secretExpiresAt);
        } catch (ParseException e) {
            throw new OAuthException("invalid_registration_response", "The registration response could not be read: " + e.getMessage());
        }
    }

    /**
     * Whether the authorization server still knows this client. Servers forget registrations (a
     * restart without persistence, a clean-up of idle clients), and an unknown client can only be
     * told at the authorization endpoint by an error page the person sees, never by a redirect.
     * So before sending a person there, redeem a made-up code with the client's authentication:
     * a server that knows the client refuses the code ({@code invalid_grant}); one that does not
     * answers {@code invalid_client} (RFC 6749 §5.2). Anything else counts as known, so a server
     * with unusual errors is not re-registered in a loop.
     */
    public boolean isRegistered(AuthorizationServerMetadata server, ClientRegistration client) throws OAuthException {
        if (client.expired(Instant.now())) {
            return false;
        }
        if (server.getTokenEndpointURI() == null) {
            return true;
        }
        var grant = new AuthorizationCodeGrant(new AuthorizationCode(new State().getValue()), URI.create(client.redirectUri()), new CodeVerifier());
        try {
            token(server, client, grant, null, null);
            return true;
        } catch (OAuthException e) {
            return !e.is("invalid_client");
        }
    }

    private static String chooseMethod(AuthorizationServerMetadata server) {
        List<ClientAuthenticationMethod> supported = server.getTokenEndpointAuthMethods();
        if (supported == null || supported.isEmpty()) {
            return "client_secret_basic";
        }
        for (ClientAuthenticationMethod method : List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.NONE)) {
            if (supported.contains(method)) {
                return method.getValue();
            }
        }
        return "client_secret_basic";
    }

    private static String chooseSecretMethod(AuthorizationServerMetadata server) {
        List<ClientAuthenticationMethod> supported = server.getTokenEndpointAuthMethods();
        return supported != null && !supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST) ? "client_secret_post" : "client_secret_basic";
    }

    // ---- authorization code with PKCE ----

    /** Builds the authorization request; refuses servers that do not support PKCE S256. */
    public static PendingAuthorization startAuthorization(AuthorizationServerMetadata server, ClientRegistration client, Optional<String> scope,
                                                          URI resource) throws OAuthException {
        List<CodeChallengeMethod> methods = server.getCodeChallengeMethods();
        if (methods == null || !methods.contains(CodeChallengeMethod.S256)) {
            throw new OAuthException("pkce_unsupported", "The authorization server does not support PKCE with S256, so Sightline will not authorize with it.");
        }
        URI endpoint = server.getAuthorizationEndpointURI();
        if (!browsable(endpoint)) {
            throw new OAuthException("invalid_metadata", "The authorization server's sign-in page is not an https address ("
                    + (endpoint == null ? "none given" : SafeHttp.redact(endpoint)) + "), so Sightline will not send anyone there.");
        }
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        var builder = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(client.clientId()))
                .endpointURI(server.getAuthorizationEndpointURI())
                .redirectionURI(URI.create(client.redirectUri()))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .resources(resource);
        scope.ifPresent(s -> builder.scope(Scope.parse(s)));
        return new PendingAuthorization(builder.build().toURI(), state.getValue(), verifier.getValue(), server.getIssuer().getValue(),
                resource, scope.orElse(null), client.redirectUri());
    }

    /**
     * Finishes an authorization from the redirect's parameters: checks {@code state}, then
     * {@code iss} (RFC 9207) against the issuer, and only then redeems the code.
     */
    public TokenSet completeAuthorization(AuthorizationServerMetadata server, ClientRegistration client, PendingAuthorization pending,
                                          Map<String, String> callback) throws OAuthException {
        if (callback.get("error") != null) {
            throw new OAuthException(callback.get("error"), callback.getOrDefault("error_description", "The authorization was not granted."));
        }
        if (!pending.state().equals(callback.get("state"))) {
            throw new OAuthException("state_mismatch", "The authorization response does not belong to this request.");
        }
        String iss = callback.get("iss");
        if (iss != null ? !iss.equals(server.getIssuer().getValue()) : server.supportsAuthorizationResponseIssuerParam()) {
            throw new OAuthException("issuer_mismatch", "The authorization response came from an unexpected issuer.");
        }
        String code = callback.get("code");
        if (code == null || code.isBlank()) {
            throw new OAuthException("invalid_response", "The authorization response carries no code.");
        }
        var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(pending.redirectUri()), new CodeVerifier(pending.codeVerifier()));
        return token(server, client, grant, pending.resource(), null);
    }

    /** Refresh (RFC 6749 §6); the old refresh token is kept when the server returns none. */
    public TokenSet refreshAuthorization(AuthorizationServerMetadata server, ClientRegistration client, TokenSet tokens, URI resource)
            throws OAuthException {
        if (tokens.refreshToken() == null) {
            throw new OAuthException("invalid_grant", "There is no refresh token.");
        }
        TokenSet fresh = token(server, client, new RefreshTokenGrant(new RefreshToken(tokens.refreshToken())), resource, null);
        return fresh.refreshToken() == null ? new TokenSet(fresh.accessToken(), tokens.refreshToken(), fresh.expiresAt(), fresh.scope()) : fresh;
    }

    /** The client credentials grant, authenticated with a client secret. */
    public TokenSet clientCredentials(AuthorizationServerMetadata server, ClientRegistration client, Optional<String> scope, URI resource)
            throws OAuthException {
        return token(server, client, new ClientCredentialsGrant(), resource, scope.map(Scope::parse).orElse(null));
    }

    /** The client credentials grant, authenticated with a private key JWT (RFC 7523), audience = the issuer. */
    public TokenSet clientCredentials(AuthorizationServerMetadata server, String clientId, PrivateKey key, JWSAlgorithm algorithm,
                                      Optional<String> scope, URI resource) throws OAuthException {
        try {
            var claims = new JWTAuthenticationClaimsSet(new ClientID(clientId), new Audience(server.getIssuer().getValue()));
            ClientAuthentication auth = new PrivateKeyJWT(claims, algorithm, key, null, null);
            return send(server, new TokenRequest.Builder(server.getTokenEndpointURI(), auth, new ClientCredentialsGrant())
                    .scope(scope.map(Scope::parse).orElse(null)).resources(resource).build());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new OAuthException("invalid_client", "Could not sign the client assertion: " + e.getMessage());
        }
    }

    /** Any other grant (token exchange, JWT bearer) sent with the client's authentication. */
    public TokenSet grant(AuthorizationServerMetadata server, ClientRegistration client, AuthorizationGrant grant, URI resource)
            throws OAuthException {
        return token(server, client, grant, resource, null);
    }

    /** RFC 7009 revocation, where the server offers it; false when it does not. */
    public boolean revoke(AuthorizationServerMetadata server, ClientRegistration client, String token, boolean refreshToken) throws OAuthException {
        if (server.getRevocationEndpointURI() == null) {
            return false;
        }
        var tokenObject = refreshToken ? new RefreshToken(token) : new com.nimbusds.oauth2.sdk.token.TypelessAccessToken(token);
        ClientAuthentication auth = authentication(client);
        var request = auth != null ? new TokenRevocationRequest(server.getRevocationEndpointURI(), auth, tokenObject)
                : new TokenRevocationRequest(server.getRevocationEndpointURI(), new ClientID(client.clientId()), tokenObject);
        HTTPResponse response = http.send(request.toHTTPRequest());
        return response.getStatusCode() == 200;
    }

    private TokenSet token(AuthorizationServerMetadata server, ClientRegistration client, AuthorizationGrant grant, URI resource, Scope scope)
            throws OAuthException {
        ClientAuthentication auth = authentication(client);
        var builder = auth != null ? new TokenRequest.Builder(server.getTokenEndpointURI(), auth, grant)
                : new TokenRequest.Builder(server.getTokenEndpointURI(), new ClientID(client.clientId()), grant);
        if (resource != null) {
            builder.resources(resource);
        }
        builder.scope(scope);
        return send(server, builder.build());
    }

    private TokenSet send(AuthorizationServerMetadata server, TokenRequest request) throws OAuthException {
        HTTPResponse response = http.send(request.toHTTPRequest());
        try {
            TokenResponse parsed = TokenResponse.parse(response);
            if (parsed instanceof TokenErrorResponse error) {
                throw new OAuthException(code(error.getErrorObject().getCode()), "The token request was refused: " + describe(error.getErrorObject()));
            }
            Tokens tokens = ((AccessTokenResponse) parsed).getTokens();
            AccessToken access = tokens.getAccessToken();
            Instant expires = access.getLifetime() > 0 ? Instant.now().plusSeconds(access.getLifetime()) : null;
            return new TokenSet(access.getValue(), tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(), expires,
                    access.getScope() == null ? null : access.getScope().toString());
        } catch (ParseException e) {
            throw new OAuthException("invalid_token_response", "The token response could not be read (HTTP " + response.getStatusCode() + ").");
        }
    }

    private static ClientAuthentication authentication(ClientRegistration client) {
        if (client.clientSecret() == null || "none".equals(client.authMethod())) {
            return null;
        }
        return "client_secret_post".equals(client.authMethod())
                ? new ClientSecretPost(new ClientID(client.clientId()), new Secret(client.clientSecret()))
                : new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret()));
    }

    private static String describe(com.nimbusds.oauth2.sdk.ErrorObject error) {
        String code = error.getCode() != null ? error.getCode()
                : error.getHTTPStatusCode() > 0 ? "HTTP " + error.getHTTPStatusCode() : "no reason given";
        return code + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")");
    }

    private static String code(String code) {
        return code == null ? "server_error" : code;
    }

    static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static String trimSlash(String path) {
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
