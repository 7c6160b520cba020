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
    private final dev.sightline.account.Workspaces workspaces;

    Integrations(DataSourceRecords records, DataSourceSessions sessions, OAuthClients clients, McpAuthorization authorization, CredentialVault vault,
                 BusinessSources business, dev.sightline.account.Workspaces workspaces) {
        this.business = business;
        this.workspaces = workspaces;
        this.records = records;
        this.sessions = sessions;
        this.clients = clients;
        this.authorization = authorization;
        this.vault = vault;
    }

    /** A data source as shown to its user: never a secret. */
    record View(long id, String name, String connector, String serverUrl, String status, String statusMessage, String site, String siteName,
                List<ToolVerdict> allowed, List<ToolVerdict> blocked, java.time.OffsetDateTime createdAt, java.time.OffsetDateTime checkedAt,
                boolean shared) {

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

    /** A connection as owners and admins oversee it: who connected it, and whether it is shared. */
    record WorkspaceConnection(View view, String connectedBy, boolean shared, boolean mine) {
    }

    /** Every connection of the workspace for owners and admins; the user's own connections for anyone else. */
    List<WorkspaceConnection> overview(SightlineUser user) {
        var names = workspaces.memberNames(user.workspaceId());
        var sources = user.isAdmin() ? records.listWorkspace(user.workspaceId()) : records.listOf(user.workspaceId(), user.id());
        return sources.stream().map(s -> new WorkspaceConnection(view(s), names.getOrDefault(s.userId(), "a former member"), s.shared(),
                s.userId() == user.id())).toList();
    }

    /** Sources others shared with the workspace, which the user may ask with but not manage. */
    List<WorkspaceConnection> sharedWithMe(SightlineUser user) {
        var names = workspaces.memberNames(user.workspaceId());
        return records.listUsable(user.workspaceId(), user.id()).stream().filter(s -> s.userId() != user.id())
                .map(s -> new WorkspaceConnection(view(s), names.getOrDefault(s.userId(), "a former member"), true, false)).toList();
    }

    /** The one who connected a source shares it with the workspace (Grafana's "organization connection"), or stops sharing it. */
    boolean setShared(SightlineUser user, long id, boolean shared) {
        return records.setShared(user.workspaceId(), user.id(), id, shared);
    }

    /**
     * Revokes the refresh token at the vendor where it can be revoked, then deletes everything
     * locally. The one who connected it may disconnect it, and so may the workspace's owner and admins.
     */
    boolean disconnect(SightlineUser user, long id) {
        Optional<DataSourceRecord> found = user.isAdmin() ? records.findInWorkspace(user.workspaceId(), id) : records.find(user.workspaceId(), user.id(), id);
        if (found.isEmpty()) {
            return false;
        }
        boolean deleted = disconnect(found.get());
        if (deleted && found.get().userId() != user.id()) {
            log.info("User {} disconnected data source {} of user {}", user.id(), id, found.get().userId());
        }
        return deleted;
    }

    /** A member leaves: each of their connections is disconnected as if they had done it, vendor access revoked, files deleted. */
    @org.springframework.context.event.EventListener
    void memberRemoved(dev.sightline.account.MemberRemoved removed) {
        for (DataSourceRecord source : records.listOf(removed.workspaceId(), removed.userId())) {
            disconnect(source);
        }
    }

    private boolean disconnect(DataSourceRecord source) {
        long id = source.id();
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
        if (!source.business()) {
            records.retire(source);
        }
        boolean deleted = records.delete(source.workspaceId(), id);
        sessions.forget(id);
        if (deleted && source.business()) {
            business.removed(source);
        }
        return deleted;
    }

    static View view(DataSourceRecord source) {
        List<ToolVerdict> verdicts = DataSourceSessions.policy(source).judgeAll(source.tools().stream().map(ToolInfo::descriptor).toList());
        return new View(source.id(), source.name(), source.connector(), source.serverUrl(), source.status(), source.statusMessage(), source.site(), source.siteName(),
                verdicts.stream().filter(ToolVerdict::allowed).toList(), verdicts.stream().filter(v -> !v.allowed()).toList(),
                source.createdAt(), source.checkedAt(), source.shared());
    }
}
