package dev.sightline.source.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Authorizations in progress. Found by the SHA-256 of their state; claimed once; gone after ten minutes. */
@Repository
class PendingConnections {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String AUTHORIZING = "AUTHORIZING";
    static final String COMPLETING = "COMPLETING";
    /** The vendor's redirect arrived without the starting user's session; it waits, sealed, for that user. */
    static final String CALLBACK_RECEIVED = "CALLBACK_RECEIVED";
    static final String AUTHORIZED = "AUTHORIZED";
    static final String FAILED = "FAILED";

    record Pending(String id, long workspaceId, long userId, Long dataSourceId, String connector, String serverUrl, Long oauthClientId,
                   String authorizationServer, String resource, String scope, String redirectUri, String codeVerifier, String status,
                   String error, String accessToken, String refreshToken, OffsetDateTime tokenExpiresAt, String tokenScope, String tools,
                   String sites, String callback, OffsetDateTime expiresAt) {

        boolean expired() {
            return expiresAt.isBefore(OffsetDateTime.now());
        }
    }

    private static final String COLUMNS = "id, workspace_id, user_id, data_source_id, connector, server_url, oauth_client_id, authorization_server, "
            + "resource, scope, redirect_uri, code_verifier, status, error, access_token, refresh_token, token_expires_at, token_scope, tools, sites, callback, expires_at";

    /**
     * Read by position, in the order of {@link #COLUMNS}. Mapping the record by its component names
     * would first look each one up as written (workspaceId), and every miss is an error that H2
     * writes to its trace file before the snake_case name is tried.
     */
    private static final RowMapper<Pending> PENDING = (rs, n) -> new Pending(rs.getString(1), rs.getLong(2), rs.getLong(3),
            rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), rs.getObject(7, Long.class), rs.getString(8), rs.getString(9),
            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
            rs.getObject(17, OffsetDateTime.class), rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21),
            rs.getObject(22, OffsetDateTime.class));

    private final JdbcClient jdbc;

    PendingConnections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, String stateHash, long workspaceId, long userId, Long dataSourceId, String connector, String serverUrl,
                long oauthClientId, String authorizationServer, String resource, String scope, String redirectUri) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("""
                INSERT INTO pending_connection (id, state_hash, workspace_id, user_id, data_source_id, connector, server_url, oauth_client_id,
                    authorization_server, resource, scope, redirect_uri, status, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'AUTHORIZING', ?, ?)""")
                .params(id, stateHash, workspaceId, userId, dataSourceId, connector, serverUrl, oauthClientId, authorizationServer, resource,
                        scope, redirectUri, now, now.plus(LIFETIME))
                .update();
        // Old attempts of anyone are of no use to anybody.
        jdbc.sql("DELETE FROM pending_connection WHERE expires_at < ?").param(now.minus(LIFETIME)).update();
    }

    /** The whole server URL, sealed, when it has a query kept out of sight ({@link ServerUrls}). */
    void saveSealedServerUrl(String id, String sealed) {
        jdbc.sql("UPDATE pending_connection SET server_url_sealed = ? WHERE id = ?").params(sealed, id).update();
    }

    String sealedServerUrl(String id) {
        return jdbc.sql("SELECT server_url_sealed FROM pending_connection WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    void saveVerifier(String id, String sealedVerifier) {
        jdbc.sql("UPDATE pending_connection SET code_verifier = ? WHERE id = ?").params(sealedVerifier, id).update();
    }

    Optional<Pending> byStateHash(String stateHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pending_connection WHERE state_hash = ?").param(stateHash).query(PENDING).optional();
    }

    Optional<Pending> find(long workspaceId, long userId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pending_connection WHERE workspace_id = ? AND user_id = ? AND id = ?")
                .params(workspaceId, userId, id).query(PENDING).optional();
    }

    /** Moves an authorization on, only from the expected status: the callback cannot be replayed. */
    boolean claim(String id, String from, String to) {
        return jdbc.sql("UPDATE pending_connection SET status = ? WHERE id = ? AND status = ?").params(to, id, from).update() == 1;
    }

    /** Keeps the vendor's redirect (sealed) for the user who started the attempt; once, from AUTHORIZING only. */
    boolean hold(String id, String sealedCallback) {
        return jdbc.sql("UPDATE pending_connection SET status = ?, callback = ? WHERE id = ? AND status = ?")
                .params(CALLBACK_RECEIVED, sealedCallback, id, AUTHORIZING).update() == 1;
    }

    void fail(String id, String message) {
        jdbc.sql("""
                UPDATE pending_connection SET status = ?, error = ?, access_token = NULL, refresh_token = NULL, code_verifier = NULL, callback = NULL
                WHERE id = ?""")
                .params(FAILED, Texts.shorten(message, 1000), id).update();
    }

    void authorized(String id, String sealedAccess, String sealedRefresh, OffsetDateTime expiresAt, String scope, String tools, String sites) {
        jdbc.sql("""
                UPDATE pending_connection SET status = 'AUTHORIZED', code_verifier = NULL, callback = NULL, access_token = ?, refresh_token = ?, token_expires_at = ?,
                    token_scope = ?, tools = ?, sites = ? WHERE id = ?""")
                .params(sealedAccess, sealedRefresh, expiresAt, scope, tools, sites, id).update();
    }

    /** Deletes the attempt if it is still in this status; whether it was (so only one of two racing requests goes on). */
    boolean take(String id, String status) {
        return jdbc.sql("DELETE FROM pending_connection WHERE id = ? AND status = ?").params(id, status).update() == 1;
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM pending_connection WHERE id = ?").param(id).update();
    }
}
