package dev.sightline.sandbox.oauth;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sightline.sandbox.SandboxUrls;
import dev.sightline.sandbox.oauth.Clients.Client;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The authorization server's machine endpoints: metadata (RFC 8414), the token endpoint with
 * authorization code + PKCE and rotating refresh tokens, dynamic client registration (RFC 7591)
 * and revocation (RFC 7009). Nimbus parses and writes every OAuth message.
 */
@RestController
class AuthorizationServerController {

    static final String AUTHORIZE = "/oauth/authorize";
    static final String TOKEN = "/oauth/token";
    static final String REGISTER = "/oauth/register";
    static final String REVOKE = "/oauth/revoke";

    private final SandboxUrls urls;
    private final Clients clients;
    private final Grants grants;

    AuthorizationServerController(SandboxUrls urls, Clients clients, Grants grants) {
        this.urls = urls;
        this.clients = clients;
        this.grants = grants;
    }

    @GetMapping(value = "/.well-known/oauth-authorization-server", produces = "application/json")
    String metadata() {
        String base = urls.issuer();
        var metadata = new AuthorizationServerMetadata(new Issuer(base));
        metadata.setAuthorizationEndpointURI(URI.create(base + AUTHORIZE));
        metadata.setTokenEndpointURI(URI.create(base + TOKEN));
        metadata.setRegistrationEndpointURI(URI.create(base + REGISTER));
        metadata.setRevocationEndpointURI(URI.create(base + REVOKE));
        metadata.setScopes(new Scope(Scopes.DESCRIPTIONS.keySet().toArray(String[]::new)));
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        List<ClientAuthenticationMethod> methods = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.NONE);
        metadata.setTokenEndpointAuthMethods(methods);
        metadata.setRevocationEndpointAuthMethods(methods);
        metadata.setSupportsAuthorizationResponseIssuerParam(true);
        metadata.setCustomParameter("client_id_metadata_document_supported", true);
        return metadata.toJSONObject().toJSONString();
    }

    @PostMapping(TOKEN)
    void token(HttpServletRequest servletRequest, HttpServletResponse response) throws IOException {
        try {
            TokenRequest request = TokenRequest.parse(JakartaServletUtils.createHTTPRequest(servletRequest));
            Client client = authenticate(request.getClientAuthentication(), request.getClientID());
            if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant) {
                respond(response, authorizationCode(client, grant, request.getResources()));
            } else if (request.getAuthorizationGrant() instanceof RefreshTokenGrant grant) {
                respond(response, refresh(client, grant, request.getResources()));
            } else {
                respond(response, error(OAuth2Error.UNSUPPORTED_GRANT_TYPE));
            }
        } catch (ParseException e) {
            respond(response, error(e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage())));
        } catch (ClientRejected e) {
            respond(response, error(OAuth2Error.INVALID_CLIENT.setDescription(e.getMessage())));
        }
    }

    private HTTPResponse authorizationCode(Client client, AuthorizationCodeGrant grant, List<URI> resources) {
        var pending = grants.redeemCode(grant.getAuthorizationCode().getValue()).orElse(null);
        if (pending == null || !pending.grant().clientId().equals(client.clientId())) {
            return error(OAuth2Error.INVALID_GRANT.setDescription("The authorization code is unknown, expired, already used or issued to another client."));
        }
        if (grant.getRedirectionURI() == null || !grant.getRedirectionURI().toString().equals(pending.redirectUri())) {
            return error(OAuth2Error.INVALID_GRANT.setDescription("redirect_uri does not match the authorization request."));
        }
        if (grant.getCodeVerifier() == null
                || !CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).getValue().equals(pending.codeChallenge())) {
            return error(OAuth2Error.INVALID_GRANT.setDescription("PKCE verification failed: code_verifier does not match the code_challenge."));
        }
        if (!resourceMatches(resources, pending.grant().resource())) {
            return error(new ErrorObject("invalid_target", "The resource does not match the one authorized.", 400));
        }
        return tokens(grants.issueTokens(pending.grant()));
    }

    private HTTPResponse refresh(Client client, RefreshTokenGrant grant, List<URI> resources) {
        var outcome = grants.refresh(grant.getRefreshToken().getValue(), client.clientId());
        if (outcome instanceof Grants.Refresh.Invalid invalid) {
            return error(OAuth2Error.INVALID_GRANT.setDescription(invalid.why()));
        }
        var rotated = ((Grants.Refresh.Rotated) outcome).tokens();
        if (!resourceMatches(resources, rotated.grant().resource())) {
            return error(new ErrorObject("invalid_target", "The resource does not match the one authorized.", 400));
        }
        return tokens(rotated);
    }

    private static boolean resourceMatches(List<URI> requested, String granted) {
        return requested == null || requested.isEmpty() || (requested.size() == 1 && requested.get(0).toString().equals(granted));
    }

    private static HTTPResponse tokens(Grants.IssuedTokens issued) {
        Scope scope = new Scope(issued.grant().scopes().toArray(String[]::new));
        var tokens = new Tokens(new BearerAccessToken(issued.accessToken(), issued.accessLifetime().toSeconds(), scope),
                new RefreshToken(issued.refreshToken()));
        HTTPResponse response = new AccessTokenResponse(tokens).toHTTPResponse();
        response.setHeader("Cache-Control", "no-store");
        return response;
    }

    @PostMapping(REGISTER)
    void register(HttpServletRequest servletRequest, HttpServletResponse response) throws IOException {
        try {
            ClientRegistrationRequest request = ClientRegistrationRequest.parse(JakartaServletUtils.createHTTPRequest(servletRequest));
            var information = clients.register(request.getClientMetadata());
            respond(response, new ClientInformationResponse(information, true).toHTTPResponse());
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : RegistrationError.INVALID_CLIENT_METADATA.setDescription(e.getMessage());
            respond(response, new ClientRegistrationErrorResponse(error).toHTTPResponse());
        } catch (IllegalArgumentException e) {
            ErrorObject error = e.getMessage().contains("redirect") ? RegistrationError.INVALID_REDIRECT_URI : RegistrationError.INVALID_CLIENT_METADATA;
            respond(response, new ClientRegistrationErrorResponse(error.setDescription(e.getMessage())).toHTTPResponse());
        }
    }

    @PostMapping(REVOKE)
    void revoke(HttpServletRequest servletRequest, HttpServletResponse response) throws IOException {
        try {
            TokenRevocationRequest request = TokenRevocationRequest.parse(JakartaServletUtils.createHTTPRequest(servletRequest));
            Client client = authenticate(request.getClientAuthentication(), request.getClientID());
            grants.revoke(request.getToken().getValue(), client.clientId());
            response.setStatus(200);
        } catch (ParseException e) {
            respond(response, error(OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage())));
        } catch (ClientRejected e) {
            respond(response, error(OAuth2Error.INVALID_CLIENT.setDescription(e.getMessage())));
        }
    }

    /** Client authentication as registered: a secret (basic or post) for confidential clients, none for public ones. */
    private Client authenticate(ClientAuthentication authentication, ClientID publicId) throws ClientRejected {
        String id = authentication != null ? authentication.getClientID().getValue() : publicId == null ? null : publicId.getValue();
        if (id == null) {
            throw new ClientRejected("The request names no client: send client_id, or authenticate as the client.");
        }
        Client client = clients.find(id).orElseThrow(() -> new ClientRejected(
                "Unknown client: this authorization server has no client '" + id + "'. Register the client again."));
        ClientAuthenticationMethod used = authentication == null ? ClientAuthenticationMethod.NONE : authentication.getMethod();
        if (!used.equals(client.authMethod())) {
            throw new ClientRejected("This client must authenticate with " + client.authMethod() + ".");
        }
        String secret = authentication instanceof ClientSecretBasic basic ? basic.getClientSecret().getValue()
                : authentication instanceof ClientSecretPost post ? post.getClientSecret().getValue() : null;
        if (!used.equals(ClientAuthenticationMethod.NONE) && !clients.secretMatches(client, secret)) {
            throw new ClientRejected("Wrong client secret.");
        }
        return client;
    }

    private static HTTPResponse error(ErrorObject error) {
        return new TokenErrorResponse(error).toHTTPResponse();
    }

    private static void respond(HttpServletResponse response, HTTPResponse httpResponse) throws IOException {
        JakartaServletUtils.applyHTTPResponse(httpResponse, response);
    }

    private static final class ClientRejected extends Exception {
        ClientRejected(String message) {
            super(message, null, false, false);
        }
    }

    static Set<String> scopesOf(Scope scope) {
        return scope == null ? new LinkedHashSet<>() : new LinkedHashSet<>(scope.toStringList());
    }
}
