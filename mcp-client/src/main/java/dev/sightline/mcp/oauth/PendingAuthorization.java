package dev.sightline.mcp.oauth;

import java.net.URI;

/**
 * An authorization request sent to the person's browser, and what is needed to finish it. It holds
 * the PKCE verifier: keep it server-side, never in the browser.
 */
public record PendingAuthorization(URI authorizationUrl, String state, String codeVerifier, String issuer, URI resource,
                                   String scope, String redirectUri) {

    @Override
    public String toString() {
        return "PendingAuthorization[issuer=" + issuer + ", resource=" + resource + ", scope=" + scope + "]";
    }
}
