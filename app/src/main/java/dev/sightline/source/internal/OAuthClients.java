package dev.sightline.source.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Sightline's registrations with authorization servers, one per issuer and redirect URI in a workspace. */
@Repository
class OAuthClients {

    /** A stored registration with its row id. */
    record Stored(long id, ClientRegistration registration) {
    }

    private final JdbcClient jdbc;
    private final CredentialVault vault;

    OAuthClients(JdbcClient jdbc, CredentialVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    Optional<Stored> find(long workspaceId, String issuer, String redirectUri) {
        return jdbc.sql("""
                SELECT id, client_id, client_secret, auth_method, client_secret_expires_at FROM oauth_client
                WHERE workspace_id = ? AND issuer = ? AND redirect_uri = ? ORDER BY id DESC""")
                .params(workspaceId, issuer, redirectUri)
                .query((rs, n) -> new Stored(rs.getLong(1), new ClientRegistration(issuer, rs.getString(2),
                        vault.open(rs.getString(3), slot(rs.getLong(1))), rs.getString(4), redirectUri,
                        instant(rs.getObject(5, OffsetDateTime.class)))))
                .list().stream().findFirst();
    }

    Optional<Stored> byId(long workspaceId, long id) {
        return jdbc.sql("""
                SELECT issuer, redirect_uri, client_id, client_secret, auth_method, client_secret_expires_at FROM oauth_client
                WHERE workspace_id = ? AND id = ?""")
                .params(workspaceId, id)
                .query((rs, n) -> new Stored(id, new ClientRegistration(rs.getString(1), rs.getString(3), vault.open(rs.getString(4), slot(id)),
                        rs.getString(5), rs.getString(2), instant(rs.getObject(6, OffsetDateTime.class)))))
                .optional();
    }

    Stored save(long workspaceId, ClientRegistration registration) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO oauth_client (workspace_id, issuer, redirect_uri, client_id, auth_method, client_secret_expires_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(workspaceId, registration.issuer(), registration.redirectUri(), registration.clientId(), registration.authMethod(),
                        registration.secretExpiresAt() == null ? null : OffsetDateTime.ofInstant(registration.secretExpiresAt(), ZoneOffset.UTC),
                        OffsetDateTime.now())
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        jdbc.sql("UPDATE oauth_client SET client_secret = ? WHERE id = ?").params(vault.seal(registration.clientSecret(), slot(id)), id).update();
        return new Stored(id, registration);
    }

    /**
     * The authorization server no longer knows this client: the registration goes, the data
     * sources that used it keep their row and re-authenticate (which registers again).
     */
    void forget(long workspaceId, long id) {
        jdbc.sql("UPDATE data_source SET oauth_client_id = NULL WHERE workspace_id = ? AND oauth_client_id = ?").params(workspaceId, id).update();
        jdbc.sql("DELETE FROM oauth_client WHERE workspace_id = ? AND id = ?").params(workspaceId, id).update();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static CredentialSlot slot(long id) {
        return new CredentialSlot("oauth-client:" + id, "client_secret");
    }
}
