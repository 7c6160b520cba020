package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;

import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import dev.sightline.vault.SealedValues;
import dev.sightline.vault.VaultKeyRotated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** After a key rotation, re-seals this module's stored secrets with the new primary key; again before old keys are retired. */
@Component
class ResealOnRotation implements SealedValues {

    private static final Logger log = LoggerFactory.getLogger(ResealOnRotation.class);

    private final JdbcClient jdbc;
    private final CredentialVault vault;

    ResealOnRotation(JdbcClient jdbc, CredentialVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    @EventListener
    void reseal(VaultKeyRotated rotated) {
        log.info("Re-sealed {} stored secrets with the new primary key", resealAll());
    }

    @Override
    public long resealStale() {
        resealAll();
        long stale = 0;
        for (Sealed sealed : SEALED) {
            stale += jdbc.sql("SELECT " + sealed.column() + " FROM " + sealed.table() + " WHERE " + sealed.column() + " IS NOT NULL")
                    .query(String.class).list().stream().filter(vault::isStale).count();
        }
        // Authorizations in progress hold tokens sealed for a few minutes; they count until they finish or expire.
        for (String field : List.of("access_token", "refresh_token", "server_url_sealed")) {
            stale += jdbc.sql("SELECT " + field + " FROM pending_connection WHERE " + field + " IS NOT NULL AND expires_at > ?")
                    .param(java.time.OffsetDateTime.now()).query(String.class).list().stream().filter(vault::isStale).count();
        }
        return stale;
    }

    /**
     * MCP server URLs stored in clear before their queries were sealed ({@link ServerUrls}): sealed
     * now, and kept in clear without the query. Every node may do it as it starts; a row is only
     * changed as it was read, so it is done once.
     */
    @EventListener(ApplicationReadyEvent.class)
    void sealServerUrlQueries() {
        String mcpWithQuery = " WHERE connector NOT IN ('" + DataSourceRecord.FILE + "', '" + DataSourceRecord.POSTGRESQL + "') AND server_url LIKE ?";
        for (Map<String, Object> row : jdbc.sql("SELECT id, server_url FROM data_source" + mcpWithQuery + " AND server_url_sealed IS NULL")
                .param("%?%").query().listOfRows()) {
            long id = ((Number) row.get("id")).longValue();
            String url = (String) row.get("server_url");
            java.net.URI server = parse(url);
            if (server != null && server.getRawQuery() != null) {
                jdbc.sql("UPDATE data_source SET server_url = ?, server_url_sealed = ? WHERE id = ? AND server_url = ? AND server_url_sealed IS NULL")
                        .params(ServerUrls.shown(server), ServerUrls.sealIfHidden(server, vault, DataSourceSessions.slot(id, ServerUrls.FIELD)), id, url).update();
            }
        }
        // Sources removed keep their URL only to be recognized when connected again: the form without the query does.
        for (String url : jdbc.sql("SELECT server_url FROM retired_data_source" + mcpWithQuery).param("%?%").query(String.class).list()) {
            java.net.URI server = parse(url);
            if (server != null && server.getRawQuery() != null) {
                jdbc.sql("UPDATE retired_data_source SET server_url = ? WHERE server_url = ?").params(ServerUrls.shown(server), url).update();
            }
        }
    }

    private static java.net.URI parse(String url) {
        try {
            return url.endsWith(ServerUrls.HIDDEN_QUERY) ? null : java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A sealed column of this module and the slot each row's value is bound to. */
    private record Sealed(String table, String column, java.util.function.LongFunction<CredentialSlot> slot) {
    }

    private static final List<Sealed> SEALED = List.of(
            new Sealed("data_source", "access_token", id -> DataSourceSessions.slot(id, "access_token")),
            new Sealed("data_source", "refresh_token", id -> DataSourceSessions.slot(id, "refresh_token")),
            new Sealed("data_source", "api_key", id -> DataSourceSessions.slot(id, "api_key")),
            new Sealed("data_source", "server_url_sealed", id -> DataSourceSessions.slot(id, ServerUrls.FIELD)),
            new Sealed("oauth_client", "client_secret", OAuthClients::slot));

    private int resealAll() {
        int count = 0;
        for (Sealed sealed : SEALED) {
            count += reseal(sealed.table(), sealed.column(), sealed.slot());
        }
        return count;
    }

    private int reseal(String table, String column, java.util.function.LongFunction<CredentialSlot> slot) {
        int count = 0;
        List<Map<String, Object>> rows = jdbc.sql("SELECT id, " + column + " AS sealed FROM " + table + " WHERE " + column + " IS NOT NULL").query().listOfRows();
        for (Map<String, Object> row : rows) {
            long id = ((Number) row.get("id")).longValue();
            String sealed = (String) row.get("sealed");
            if (vault.isStale(sealed)) {
                String fresh = vault.seal(vault.open(sealed, slot.apply(id)), slot.apply(id));
                // Only if nobody changed it meanwhile (a refresh, say): then it is already fresh.
                count += jdbc.sql("UPDATE " + table + " SET " + column + " = ? WHERE id = ? AND " + column + " = ?").params(fresh, id, sealed).update();
            }
        }
        return count;
    }
}
