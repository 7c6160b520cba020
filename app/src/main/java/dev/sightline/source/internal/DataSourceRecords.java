package dev.sightline.source.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Data sources of a user in a workspace: every query names both, so nobody reaches another's connection. */
@Repository
class DataSourceRecords {

    private static final String COLUMNS = "id, workspace_id, user_id, name, connector, server_url, auth_kind, status, status_message, site, site_name, "
            + "oauth_client_id, authorization_server, resource, scope, access_token, refresh_token, token_expires_at, api_key_header, api_key, "
            + "tools, blocked_tools, created_at, checked_at, settings, shared";

    private final JdbcClient jdbc;

    DataSourceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<DataSourceRecord> listOf(long workspaceId, long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE workspace_id = ? AND user_id = ? ORDER BY created_at, id")
                .params(workspaceId, userId).query(DataSourceRecords::map).list();
    }

    /** Sources the user may ask with: their own and those shared with the workspace. */
    List<DataSourceRecord> listUsable(long workspaceId, long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE workspace_id = ? AND (user_id = ? OR shared = TRUE) ORDER BY created_at, id")
                .params(workspaceId, userId).query(DataSourceRecords::map).list();
    }

    Optional<DataSourceRecord> findUsable(long workspaceId, long userId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE workspace_id = ? AND (user_id = ? OR shared = TRUE) AND id = ?")
                .params(workspaceId, userId, id).query(DataSourceRecords::map).optional();
    }

    /** Every source of the workspace, whoever connected it: what owners and admins oversee. */
    List<DataSourceRecord> listWorkspace(long workspaceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE workspace_id = ? ORDER BY created_at, id")
                .param(workspaceId).query(DataSourceRecords::map).list();
    }

    Optional<DataSourceRecord> findInWorkspace(long workspaceId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(DataSourceRecords::map).optional();
    }

    boolean setShared(long workspaceId, long userId, long id, boolean shared) {
        return jdbc.sql("UPDATE data_source SET shared = ? WHERE workspace_id = ? AND user_id = ? AND id = ?")
                .params(shared, workspaceId, userId, id).update() == 1;
    }

    Optional<DataSourceRecord> find(long workspaceId, long userId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_source WHERE workspace_id = ? AND user_id = ? AND id = ?")
                .params(workspaceId, userId, id).query(DataSourceRecords::map).optional();
    }

    long insert(long workspaceId, long userId, String name, String connector, String serverUrl, String authKind, String site, String siteName,
                Long oauthClientId, String authorizationServer, String resource, String scope, String apiKeyHeader, String tools) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO data_source (workspace_id, user_id, name, connector, server_url, auth_kind, status, site, site_name, oauth_client_id,
                    authorization_server, resource, scope, api_key_header, tools, created_at, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, 'CONNECTED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(workspaceId, userId, name, connector, serverUrl, authKind, site, siteName, oauthClientId, authorizationServer, resource, scope,
                        apiKeyHeader, tools, OffsetDateTime.now(), OffsetDateTime.now())
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** A business source (a file, a database): no tools, no tokens; its settings, and a database's sealed password. */
    long insertBusiness(long workspaceId, long userId, String name, String connector, String location, String settings) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO data_source (workspace_id, user_id, name, connector, server_url, auth_kind, status, settings, created_at, checked_at)
                VALUES (?, ?, ?, ?, ?, 'NONE', 'CONNECTED', ?, ?, ?)""")
                .params(workspaceId, userId, name, connector, location, settings, OffsetDateTime.now(), OffsetDateTime.now())
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    void saveSettings(long id, String location, String settings) {
        jdbc.sql("UPDATE data_source SET server_url = ?, settings = ? WHERE id = ?").params(location, settings, id).update();
    }

    void saveTokens(long id, String sealedAccess, String sealedRefresh, OffsetDateTime expiresAt) {
        jdbc.sql("UPDATE data_source SET access_token = ?, refresh_token = ?, token_expires_at = ? WHERE id = ?")
                .params(sealedAccess, sealedRefresh, expiresAt, id).update();
    }

    /** Holds the row until the transaction ends: one token refresh at a time per data source, on every node. */
    void lock(long id) {
        jdbc.sql("SELECT id FROM data_source WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional();
    }

    /** The source's whole server URL, sealed, when it has a query kept out of sight ({@link ServerUrls}). */
    void saveSealedServerUrl(long id, String sealed) {
        jdbc.sql("UPDATE data_source SET server_url_sealed = ? WHERE id = ?").params(sealed, id).update();
    }

    String sealedServerUrl(long id) {
        return jdbc.sql("SELECT server_url_sealed FROM data_source WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    void saveApiKey(long id, String sealedKey) {
        jdbc.sql("UPDATE data_source SET api_key = ? WHERE id = ?").params(sealedKey, id).update();
    }

    void saveAuthorization(long id, Long oauthClientId, String authorizationServer, String resource, String scope) {
        jdbc.sql("UPDATE data_source SET oauth_client_id = ?, authorization_server = ?, resource = ?, scope = ? WHERE id = ?")
                .params(oauthClientId, authorizationServer, resource, scope, id).update();
    }

    void saveStatus(long id, String status, String message) {
        // A server's or vendor's own words can be any length; the column holds 1,000 characters.
        jdbc.sql("UPDATE data_source SET status = ?, status_message = ?, checked_at = ? WHERE id = ?")
                .params(status, message == null ? null : Texts.shorten(message, 1000), OffsetDateTime.now(), id).update();
    }

    void saveTools(long id, String toolsJson) {
        jdbc.sql("UPDATE data_source SET tools = ? WHERE id = ?").params(toolsJson, id).update();
    }

    void saveBlockedTools(long workspaceId, long id, Set<String> blocked) {
        jdbc.sql("UPDATE data_source SET blocked_tools = ? WHERE workspace_id = ? AND id = ?")
                .params(String.join("\n", blocked), workspaceId, id).update();
    }

    /** Remembers a vendor connection that is being disconnected (no secrets), so that reconnecting it can bring its tiles back. */
    void retire(DataSourceRecord source) {
        jdbc.sql("DELETE FROM retired_data_source WHERE id = ?").param(source.id()).update();
        jdbc.sql("INSERT INTO retired_data_source (id, workspace_id, user_id, connector, server_url, site, name, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(source.id(), source.workspaceId(), source.userId(), source.connector(), source.serverUrl(), source.site(), source.name(),
                        OffsetDateTime.now())
                .update();
    }

    /**
     * Disconnected sources of the same person's same vendor account that nothing has replaced yet;
     * they are now replaced by {@code newId}. Someone else connecting the same server is another account.
     */
    List<Long> succeed(long workspaceId, long userId, String connector, String serverUrl, String site, long newId) {
        List<Long> old = jdbc.sql("""
                SELECT id FROM retired_data_source WHERE workspace_id = ? AND user_id = ? AND connector = ? AND server_url = ?
                AND (site = ? OR site IS NULL AND ? IS NULL) AND successor_id IS NULL""")
                .params(workspaceId, userId, connector, serverUrl, site, site).query(Long.class).list();
        for (long id : old) {
            jdbc.sql("UPDATE retired_data_source SET successor_id = ? WHERE id = ?").params(newId, id).update();
        }
        return old;
    }

    /** The name and connector of a source of this workspace that was disconnected and not replaced. */
    Optional<dev.sightline.source.DataSources.Disconnected> retired(long workspaceId, long id) {
        return jdbc.sql("SELECT name, connector FROM retired_data_source WHERE workspace_id = ? AND id = ? AND successor_id IS NULL")
                .params(workspaceId, id).query((rs, n) -> new dev.sightline.source.DataSources.Disconnected(rs.getString(1), rs.getString(2))).optional();
    }

    boolean delete(long workspaceId, long id) {
        return jdbc.sql("DELETE FROM data_source WHERE workspace_id = ? AND id = ?").params(workspaceId, id).update() == 1;
    }

    private static DataSourceRecord map(ResultSet rs, int row) throws SQLException {
        Long clientId = rs.getObject("oauth_client_id") == null ? null : rs.getLong("oauth_client_id");
        String blocked = rs.getString("blocked_tools");
        Set<String> blockedTools = blocked == null || blocked.isBlank() ? Set.of()
                : Arrays.stream(blocked.split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toCollection(LinkedHashSet::new));
        return new DataSourceRecord(rs.getLong("id"), rs.getLong("workspace_id"), rs.getLong("user_id"), rs.getString("name"),
                rs.getString("connector"), rs.getString("server_url"), rs.getString("auth_kind"), rs.getString("status"),
                rs.getString("status_message"), rs.getString("site"), rs.getString("site_name"), clientId, rs.getString("authorization_server"), rs.getString("resource"),
                rs.getString("scope"), rs.getString("access_token"), rs.getString("refresh_token"),
                rs.getObject("token_expires_at", OffsetDateTime.class), rs.getString("api_key_header"), rs.getString("api_key"),
                ToolInfo.fromJson(rs.getString("tools")), blockedTools, rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("checked_at", OffsetDateTime.class), rs.getString("settings"), rs.getBoolean("shared"));
    }
}
