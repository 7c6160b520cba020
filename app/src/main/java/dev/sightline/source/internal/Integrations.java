package dev.sightline.source.internal;

import java.util.List;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.sightline.account.SightlineUser;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.policy.ToolVerdict;
import dev.sightline.vault.CredentialVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** A user's data sources: reading them with their tool verdicts, testing, disconnecting. */
@Service
class Integrations {

    private static final Logger log = LoggerFactory.getLogger(Integrations.class);

    private final DataSourceRecords records;
    private final DataSourceSessions sessions;
    private final OAuthClients clients;
    private final McpAuthorization authorization;
    private final CredentialVault vault;
    private final BusinessSources business;

    Integrations(DataSourceRecords records, DataSourceSessions sessions, OAuthClients clients, McpAuthorization authorization, CredentialVault vault,
                 BusinessSources business) {
        this.business = business;
        this.records = records;
        this.sessions = sessions;
        this.clients = clients;
        this.authorization = authorization;
        this.vault = vault;
    }

    /** A data source as shown to its user: never a secret. */
    record View(long id, String name, String connector, String serverUrl, String status, String statusMessage, String site, String siteName,
                List<ToolVerdict> allowed, List<ToolVerdict> blocked, java.time.OffsetDateTime createdAt, java.time.OffsetDateTime checkedAt) {

        public boolean ready() {
            return DataSourceRecord.CONNECTED.equals(status);
        }

        /** The site as people know it: its name, or its id when the vendor gave none. */
        public String siteLabel() {
            return siteName != null && !siteName.isBlank() ? siteName : site;
        }

        public boolean needsReauth() {
            return DataSourceRecord.NEEDS_REAUTH.equals(status);
        }

        /** "mcp", "file" or "database". */
        public String kind() {
            return DataSourceRecord.FILE.equals(connector) ? dev.sightline.source.DataSources.DataSource.FILE
                    : DataSourceRecord.POSTGRESQL.equals(connector) ? dev.sightline.source.DataSources.DataSource.DATABASE
                    : dev.sightline.source.DataSources.DataSource.MCP;
        }
    }

    List<View> list(SightlineUser user) {
        return records.listOf(user.workspaceId(), user.id()).stream().map(Integrations::view).toList();
    }

    Optional<View> find(SightlineUser user, long id) {
        return records.find(user.workspaceId(), user.id(), id).map(Integrations::view);
    }

    Optional<DataSourceRecord> record(SightlineUser user, long id) {
        return records.find(user.workspaceId(), user.id(), id);
    }

    View test(SightlineUser user, long id) {
        DataSourceRecord source = records.find(user.workspaceId(), user.id(), id).orElseThrow(() -> new ConnectionException("No such data source."));
        if (source.business()) {
            business.refresh(user, id);
        } else {
            sessions.refreshCatalog(source);
        }
        return find(user, id).orElseThrow();
    }

    /**
     * An owner blocks a tool on one of their data sources, or lifts their own block. Nobody can
     * lift the policy's verdict on a write or secret tool: the owner's list only ever adds blocks.
     */
    void setBlocked(SightlineUser user, long id, String tool, boolean blocked) {
        if (!user.isAdmin()) {
            throw new ConnectionException("Only a workspace owner or admin can block tools.");
        }
        DataSourceRecord source = records.find(user.workspaceId(), user.id(), id).orElseThrow(() -> new ConnectionException("No such data source."));
        if (source.tools().stream().noneMatch(t -> t.name().equals(tool))) {
            throw new ConnectionException("This data source has no tool '" + tool + "'.");
        }
        var names = new java.util.LinkedHashSet<>(source.blockedTools());
        if (blocked) {
            names.add(tool);
        } else {
            names.remove(tool);
        }
        records.saveBlockedTools(user.workspaceId(), id, names);
    }

    /** Revokes the refresh token at the vendor where it can be revoked, then deletes everything locally. */
    boolean disconnect(SightlineUser user, long id) {
        Optional<DataSourceRecord> found = records.find(user.workspaceId(), user.id(), id);
        if (found.isEmpty()) {
            return false;
        }
        DataSourceRecord source = found.get();
        if (source.refreshToken() != null && source.authorizationServer() != null && source.oauthClientId() != null) {
            try {
                AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(source.authorizationServer());
                var client = clients.byId(source.workspaceId(), source.oauthClientId());
                if (client.isPresent()) {
                    authorization.revoke(metadata, client.get().registration(),
                            vault.open(source.refreshToken(), DataSourceSessions.slot(id, "refresh_token")), true);
                }
            } catch (Exception e) {
                // Disconnecting must not depend on the vendor being up: the local copy goes regardless.
                log.info("Could not revoke the tokens of data source {} at the vendor: {}", id, e.getMessage());
            }
        }
        boolean deleted = records.delete(user.workspaceId(), user.id(), id);
        if (deleted && source.business()) {
            business.removed(source);
        }
        return deleted;
    }

    static View view(DataSourceRecord source) {
        List<ToolVerdict> verdicts = DataSourceSessions.policy(source).judgeAll(source.tools().stream().map(ToolInfo::descriptor).toList());
        return new View(source.id(), source.name(), source.connector(), source.serverUrl(), source.status(), source.statusMessage(), source.site(), source.siteName(),
                verdicts.stream().filter(ToolVerdict::allowed).toList(), verdicts.stream().filter(v -> !v.allowed()).toList(),
                source.createdAt(), source.checkedAt());
    }
}
