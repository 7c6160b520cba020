package dev.sightline.account.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.sightline.account.SightlineUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Personal API tokens. A token is 256 random bits shown once; only its SHA-256 is stored. A fast
 * hash is right here (unlike passwords): the token has full entropy, so guessing is hopeless
 * anyway, and a lookup by hash keeps every API request cheap.
 */
@Service
class ApiTokens {

    static final String PREFIX = "slt_";
    /** Shortest value accepted from {@code SIGHTLINE_API_TOKEN}, so automation cannot pick a guessable one. */
    static final int MIN_REGISTERED_LENGTH = 24;
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A token as listed to its owner: never the token itself. */
    record ApiTokenInfo(long id, String name, String hint, OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime expiresAt) {
        public boolean expired() {
            return expiresAt != null && expiresAt.isBefore(OffsetDateTime.now());
        }
    }

    /** The one moment the token exists in clear: right after it was created. */
    record IssuedToken(ApiTokenInfo info, String token) {
    }

    /** A new token; {@code lifetime} null for one that lasts until revoked. */
    IssuedToken issue(SightlineUser user, String name, Duration lifetime) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new IssuedToken(register(user, name, token, lifetime == null ? null : OffsetDateTime.now().plus(lifetime)), token);
    }

    /** Stores a token whose value was chosen elsewhere (automation via {@code SIGHTLINE_API_TOKEN}). */
    ApiTokenInfo register(SightlineUser user, String name, String token, OffsetDateTime expiresAt) {
        if (token.length() < MIN_REGISTERED_LENGTH) {
            throw new IllegalArgumentException("An API token must be at least " + MIN_REGISTERED_LENGTH + " characters long");
        }
        OffsetDateTime now = OffsetDateTime.now();
        String hint = token.substring(0, Math.min(8, token.length())) + "…";
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO api_token (workspace_id, user_id, name, token_hash, token_hint, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(user.workspaceId(), user.id(), name, hash(token), hint, now, expiresAt)
                .update(keys, "id");
        return new ApiTokenInfo(keys.getKeyAs(Long.class), name, hint, now, null, expiresAt);
    }

    /** True for a token stored here, live or not: a revoked token is kept as revoked, never registered again. */
    boolean isRegistered(String token) {
        return jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = ?").param(hash(token))
                .query(Long.class).single() > 0;
    }

    /**
     * The user a presented token belongs to, if it is a live token: not revoked, not expired. One
     * query for token and user, as every API request asks it; the rare write of its last use stands
     * alone, so no transaction is held for the read.
     */
    Optional<SightlineUser> authenticate(String token) {
        record Match(SightlineUser user, long tokenId, OffsetDateTime lastUsedAt) {
        }
        Optional<Match> match = jdbc.sql(UserAccounts.SELECT_USER_COLUMNS + ", t.id AS token_id, t.last_used_at FROM api_token t "
                        + "JOIN user_account u ON u.id = t.user_id AND u.workspace_id = t.workspace_id "
                        + "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)")
                .params(hash(token), OffsetDateTime.now())
                .query((rs, n) -> new Match(UserAccounts.map(rs, n), rs.getLong("token_id"), rs.getObject("last_used_at", OffsetDateTime.class)))
                .optional();
        if (match.isEmpty()) {
            return Optional.empty();
        }
        Match m = match.get();
        OffsetDateTime now = OffsetDateTime.now();
        // Recording every use would turn each API read into a write; a minute's precision is plenty.
        if (m.lastUsedAt() == null || m.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(now, m.tokenId()).update();
        }
        m.user().eraseCredentials();
        return Optional.of(m.user());
    }

    List<ApiTokenInfo> listOf(SightlineUser user) {
        return jdbc.sql("""
                SELECT id, name, token_hint, created_at, last_used_at, expires_at FROM api_token
                WHERE workspace_id = ? AND user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC""")
                .params(user.workspaceId(), user.id())
                .query((rs, n) -> new ApiTokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    /**
     * Revokes one of the user's own tokens; another user's token id simply matches nothing. The row
     * stays, marked revoked, so the value can never be registered again (from {@code SIGHTLINE_API_TOKEN}).
     */
    boolean revoke(SightlineUser user, long tokenId) {
        return jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND user_id = ? AND revoked_at IS NULL")
                .params(OffsetDateTime.now(), tokenId, user.workspaceId(), user.id()).update() == 1;
    }

    static String hash(String token) {
        return TokenLinks.hash(token);
    }
}
