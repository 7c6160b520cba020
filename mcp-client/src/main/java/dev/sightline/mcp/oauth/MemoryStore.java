package dev.sightline.mcp.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Tokens and client registrations kept in memory: for one run of a tool or a test, never for a product's users. */
public final class MemoryStore implements OAuthSession.Store {
    private TokenSet tokens;
    private final Map<String, ClientRegistration> registrations = new LinkedHashMap<>();

    @Override
    public synchronized Optional<TokenSet> tokens() {
        return Optional.ofNullable(tokens);
    }

    @Override
    public synchronized void saveTokens(TokenSet tokens) {
        this.tokens = tokens;
    }

    @Override
    public synchronized void clearTokens() {
        tokens = null;
    }

    @Override
    public synchronized Optional<ClientRegistration> registration(String issuer) {
        return Optional.ofNullable(registrations.get(issuer));
    }

    @Override
    public synchronized void saveRegistration(ClientRegistration registration) {
        registrations.put(registration.issuer(), registration);
    }
}
