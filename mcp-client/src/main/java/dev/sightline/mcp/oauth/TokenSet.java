package dev.sightline.mcp.oauth;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** An access token with its refresh token (may be null), expiry (may be null) and granted scope. */
public record TokenSet(String accessToken, String refreshToken, Instant expiresAt, String scope) {

    public Set<String> scopes() {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        return scopes;
    }

    @Override
    public String toString() {
        return "TokenSet[expiresAt=" + expiresAt + ", scope=" + scope + ", refresh=" + (refreshToken != null) + "]";
    }
}
