package dev.sightline.sandbox.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.sightline.sandbox.SandboxProperties;
import org.springframework.stereotype.Component;

/**
 * Authorization codes, access tokens and refresh tokens. Codes and tokens are opaque and stored
 * only as hashes. Refresh tokens rotate on every use; all tokens issued from one authorization
 * form a family, and presenting an already-rotated refresh token revokes the whole family (a
 * stolen refresh token is useless once either party uses it). Everything is kept across restarts
 * ({@link AuthorizationStore}) with its expiry time, so lifetimes run on while the server is down.
 */
@Component
public class Grants {

    /** What an approved authorization grants: who, to which client, which scopes, for which resource. */
    public record Grant(String email, String clientId, Set<String> scopes, String resource, String family) {

        public Grant {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(family, "family");
            // Sorted, so the scope a token response names reads the same before and after a restart.
            scopes = Collections.unmodifiableSet(new TreeSet<>(scopes));
        }
    }

    record PendingCode(Grant grant, String redirectUri, String codeChallenge, Instant expiresAt) {

        PendingCode {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(codeChallenge, "codeChallenge");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    record IssuedTokens(String accessToken, String refreshToken, Duration accessLifetime, Grant grant) {
    }

    record AccessEntry(Grant grant, Instant expiresAt) {

        AccessEntry {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    record RefreshEntry(Grant grant, Instant expiresAt, boolean rotated) {

        RefreshEntry {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * Everything this class keeps, as it is saved: codes and tokens keyed by the SHA-256 of their
     * value, and when each revoked family was revoked.
     */
    record Records(Map<String, PendingCode> authorizationCodes, Map<String, AccessEntry> accessTokens,
                   Map<String, RefreshEntry> refreshTokens, Map<String, Instant> revokedFamilies) {

        static final Records NONE = new Records(null, null, null, null);

        Records {
            authorizationCodes = sorted(authorizationCodes);
            accessTokens = sorted(accessTokens);
            refreshTokens = sorted(refreshTokens);
            revokedFamilies = sorted(revokedFamilies);
        }

        private static <V> Map<String, V> sorted(Map<String, V> map) {
            return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
        }
    }

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    private final AuthorizationStore store;
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessEntry> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshEntry> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedFamilies = new ConcurrentHashMap<>();

    Grants(SandboxProperties properties, AuthorizationStore store) {
        // Token lifetimes follow the wall clock even when the traffic data uses a fixed "now".
        this.clock = Clock.systemUTC();
        this.accessLifetime = properties.accessTokenTtl();
        this.refreshLifetime = properties.refreshTokenTtl();
        this.store = store;
        Records saved = store.grants();
        codes.putAll(saved.authorizationCodes());
        accessTokens.putAll(saved.accessTokens());
        refreshTokens.putAll(saved.refreshTokens());
        revokedFamilies.putAll(saved.revokedFamilies());
        forgetExpired();
    }

    synchronized String issueCode(Grant grant, String redirectUri, String codeChallenge) {
        String code = token();
        codes.put(hash(code), new PendingCode(grant, redirectUri, codeChallenge, clock.instant().plus(CODE_LIFETIME)));
        save();
        return code;
    }

    /** Redeems a code once: a second attempt finds nothing. */
    synchronized Optional<PendingCode> redeemCode(String code) {
        PendingCode pending = codes.remove(hash(code));
        if (pending == null) {
            return Optional.empty();
        }
        save();
        return pending.expiresAt().isBefore(clock.instant()) ? Optional.empty() : Optional.of(pending);
    }

    synchronized IssuedTokens issueTokens(Grant grant) {
        IssuedTokens issued = mint(grant);
        save();
        return issued;
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
        if (entry == null || revokedFamilies.containsKey(entry.grant().family())) {
            return new Refresh.Invalid("The refresh token is unknown or revoked.");
        }
        if (!entry.grant().clientId().equals(clientId)) {
            return new Refresh.Invalid("The refresh token was issued to another client.");
        }
        if (entry.rotated()) {
            revokeFamily(entry.grant().family());
            save();
            return new Refresh.Invalid("The refresh token was already used; every token of this authorization is now revoked.");
        }
        if (entry.expiresAt().isBefore(clock.instant())) {
            return new Refresh.Invalid("The refresh token has expired.");
        }
        refreshTokens.put(key, new RefreshEntry(entry.grant(), entry.expiresAt(), true));
        IssuedTokens rotated = mint(entry.grant());
        save();
        return new Refresh.Rotated(rotated);
    }

    /** The grant behind a live access token. */
    public Optional<Grant> validate(String accessToken) {
        AccessEntry entry = accessTokens.get(hash(accessToken));
        if (entry == null || entry.expiresAt().isBefore(clock.instant()) || revokedFamilies.containsKey(entry.grant().family())) {
            return Optional.empty();
        }
        return Optional.of(entry.grant());
    }

    /** RFC 7009: revoking a refresh token ends its whole authorization; an access token just itself. */
    synchronized void revoke(String token, String clientId) {
        String key = hash(token);
        RefreshEntry refresh = refreshTokens.get(key);
        if (refresh != null && refresh.grant().clientId().equals(clientId)) {
            revokeFamily(refresh.grant().family());
            save();
            return;
        }
        AccessEntry access = accessTokens.get(key);
        if (access != null && access.grant().clientId().equals(clientId)) {
            accessTokens.remove(key);
            save();
        }
    }

    String newFamily() {
        return token();
    }

    private IssuedTokens mint(Grant grant) {
        String access = token();
        String refresh = token();
        Instant now = clock.instant();
        accessTokens.put(hash(access), new AccessEntry(grant, now.plus(accessLifetime)));
        refreshTokens.put(hash(refresh), new RefreshEntry(grant, now.plus(refreshLifetime), false));
        return new IssuedTokens(access, refresh, accessLifetime, grant);
    }

    private void revokeFamily(String family) {
        revokedFamilies.put(family, clock.instant());
        accessTokens.values().removeIf(e -> e.grant().family().equals(family));
        refreshTokens.values().removeIf(e -> e.grant().family().equals(family));
    }

    /** Hands the current records to the store; called with this object's lock held, so saves keep their order. */
    private void save() {
        forgetExpired();
        store.saveGrants(new Records(codes, accessTokens, refreshTokens, revokedFamilies));
    }

    /**
     * Drops what can no longer be used, so the saved file does not grow forever. A revoked family
     * is remembered as long as a token of it could still be alive.
     */
    private void forgetExpired() {
        Instant now = clock.instant();
        codes.values().removeIf(c -> c.expiresAt().isBefore(now));
        accessTokens.values().removeIf(e -> e.expiresAt().isBefore(now));
        refreshTokens.values().removeIf(e -> e.expiresAt().isBefore(now));
        revokedFamilies.values().removeIf(at -> at.plus(refreshLifetime).isBefore(now));
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
