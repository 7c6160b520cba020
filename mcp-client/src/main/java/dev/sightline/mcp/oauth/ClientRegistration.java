package dev.sightline.mcp.oauth;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;

/**
 * How Sightline identifies itself to one authorization server (kept per issuer): pre-registered,
 * a client ID metadata document URL, or a dynamic registration. The secret is null for public clients.
 */
public record ClientRegistration(String issuer, String clientId, String clientSecret, String authMethod, String redirectUri) {

    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.parse(authMethod);
    }

    @Override
    public String toString() {
        return "ClientRegistration[issuer=" + issuer + ", clientId=" + clientId + ", authMethod=" + authMethod + "]";
    }
}
