package dev.sightline.mcp.oauth;

import java.time.Instant;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;

/**
 * How Sightline identifies itself to one authorization server (kept per issuer): pre-registered,
 * a client ID metadata document URL, or a dynamic registration. The secret is null for public
 * clients; {@code secretExpiresAt} is null when the server set no expiry (RFC 7591
 * {@code client_secret_expires_at} of 0 or absent).
 */
public record ClientRegistration(String issuer, String clientId, String clientSecret, String authMethod, String redirectUri,
                                 Instant secretExpiresAt) {

    public ClientRegistration(String issuer, String clientId, String clientSecret, String authMethod, String redirectUri) {
        this(issuer, clientId, clientSecret, authMethod, redirectUri, null);
    }

    public ClientAuthenticationMethod method() {
        return ClientAuthenticationMethod.parse(authMethod);
    }

    /** A registration whose secret has expired is of no use: the server refuses it, so register again. */
    public boolean expired(Instant now) {
        return secretExpiresAt != null && !secretExpiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "ClientRegistration[issuer=" + issuer + ", clientId=" + clientId + ", authMethod=" + authMethod + "]";
    }
}
