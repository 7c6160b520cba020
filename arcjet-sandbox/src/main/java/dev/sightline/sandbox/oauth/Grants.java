package dev.sightline.sandbox.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.sightline.sandbox.SandboxProperties;
import org.springframework.stereotype.Component;

/**
 * Authorization codes, access tokens and refresh tokens. Tokens are opaque and stored only as
 * hashes. Refresh tokens rotate on every use; all tokens issued from one authorization form a
 * family, and presenting an already-rotated refresh token revokes the whole family (a stolen
 * refresh token is useless once either party uses it).
 */
@Component
public class Grants {

    /** What an approved authorization grants: who, to which client, which scopes, for which resource. */
    public record Grant(String email, String clientId, Set<String> scopes, String resource, String family) {
    }

    record PendingCode(Grant grant, String redirectUri, String codeChallenge, Instant expiresAt) {
    }

    record IssuedTokens(String accessToken, String refreshToken, Duration accessLifetime, Grant grant) {
    }

    private record AccessEntry(Grant grant, Instant expiresAt) {
    }

    private record RefreshEntry(Grant grant, Instant expiresAt, boolean rotated) {
    }

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessEntry> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshEntry> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> revokedFamilies = ConcurrentHashMap.newKeySet();

    public Grants(SandboxProperties properties) {
        // Token lifetimes follow the wall clock even when the traffic data uses a fixed "now".
        this.clock = Clock.systemUTC();
        this.accessLifetime = properties.accessTokenTtl();
        this.refreshLifetime = properties.refreshTokenTtl();
    }

    String issueCode(Grant grant, String redirectUri, String codeChallenge) {
        String code = token();
        codes.put(code, new PendingCode(grant, redirectUri, codeChallenge, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** Redeems a code once: a second attempt finds nothing. */
    Optional<PendingCode> redeemCode(String code) {
        PendingCode pending = codes.remove(code);
        return pending == null || pending.expiresAt().isBefore(clock.instant()) ? Optional.empty() : Optional.of(pending);
    }

    IssuedTokens issueTokens(Grant grant) {
        String access = token();
        String refresh = token();
        Instant now = clock.instant();
        accessTokens.put(hash(access), new AccessEntry(grant, now.plus(accessLifetime)));
        refreshTokens.put(hash(refresh), new RefreshEntry(grant, now.plus(refreshLifetime), false));
        return new IssuedTokens(access, refresh, accessLifetime, grant);
    }

    /** The outcome of presenting a refresh token. */
    sealed interface Refresh {
        record Rotated(IssuedTokens tokens) implements Refresh {
        }

        record Invalid(String why) implements Refresh {
        }
    }

    synchronized Refresh refresh(String refreshToken, String clientId) {
        String key = hash(refreshToken);
        RefreshEntry entry = refreshTokens.get(key);
        if (entry == null || revokedFamilies.contains(entry.grant().family())) {
            return new Refresh.Invalid("The refresh token is unknown or revoked.");
        }
        if (!entry.grant().clientId().equals(clientId)) {
            return new Refresh.Invalid("The refresh token was issued to another client.");
        }
        if (entry.rotated()) {
            revokeFamily(entry.grant().family());
            return new Refresh.Invalid("The refresh token was already used; every token of this authorization is now revoked.");
        }
        if (entry.expiresAt().isBefore(clock.instant())) {
            return new Refresh.Invalid("The refresh token has expired.");
        }
        refreshTokens.put(key, new RefreshEntry(entry.grant(), entry.expiresAt(), true));
        return new Refresh.Rotated(issueTokens(entry.grant()));
    }

    /** The grant behind a live access token. */
    public Optional<Grant> validate(String accessToken) {
        AccessEntry entry = accessTokens.get(hash(accessToken));
        if (entry == null || entry.expiresAt().isBefore(clock.instant()) || revokedFamilies.contains(entry.grant().family())) {
            return Optional.empty();
        }
        return Optional.of(entry.grant());
    }

    /** RFC 7009: revoking a refresh token ends its whole authorization; an access token just itself. */
    void revoke(String token, String clientId) {
        String key = hash(token);
        RefreshEntry refresh = refreshTokens.get(key);
        if (refresh != null && refresh.grant().clientId().equals(clientId)) {
            revokeFamily(refresh.grant().family());
            return;
        }
        AccessEntry access = accessTokens.get(key);
        if (access != null && access.grant().clientId().equals(clientId)) {
            accessTokens.remove(key);
        }
    }

    private void revokeFamily(String family) {
        revokedFamilies.add(family);
        accessTokens.values().removeIf(e -> e.grant().family().equals(family));
        refreshTokens.values().removeIf(e -> e.grant().family().equals(family));
    }

    String newFamily() {
        return token();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
