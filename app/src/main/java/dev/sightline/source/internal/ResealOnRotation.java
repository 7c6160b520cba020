package dev.sightline.source.internal;

import java.util.List;
import java.util.Map;

import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import dev.sightline.vault.VaultKeyRotated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** After a key rotation, re-seals this module's stored secrets with the new primary key. */
@Component
class ResealOnRotation {

    private static final Logger log = LoggerFactory.getLogger(ResealOnRotation.class);

    private final JdbcClient jdbc;
    private final CredentialVault vault;

    ResealOnRotation(JdbcClient jdbc, CredentialVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    @EventListener
    void reseal(VaultKeyRotated rotated) {
        int count = 0;
        for (String field : List.of("access_token", "refresh_token", "api_key")) {
            count += reseal("data_source", field, id -> DataSourceSessions.slot(id, field));
        }
        count += reseal("oauth_client", "client_secret", OAuthClients::slot);
        log.info("Re-sealed {} stored secrets with the new primary key", count);
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
