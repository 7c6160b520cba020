package dev.sightline.source.internal;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.TokenSet;
import dev.sightline.mcp.policy.ToolPolicy;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Live MCP sessions for stored data sources: tokens are opened from the vault for the request and
 * refreshed on the way (the new ones sealed before use); a refused refresh marks the source
 * "Re-authenticate". Every tool call passes the read-only policy first, before any network traffic.
 */
@Service
class DataSourceSessions {

    private static final Logger log = LoggerFactory.getLogger(DataSourceSessions.class);

    private static final McpAuthorization.ClientIdentity IDENTITY = new McpAuthorization.ClientIdentity("Sightline", "", null);

    private final McpConnector connector;
    private final McpAuthorization authorization;
    private final CredentialVault vault;
    private final DataSourceRecords records;
    private final OAuthClients clients;
    private final org.springframework.transaction.support.TransactionTemplate transactions;

    DataSourceSessions(McpConnector connector, McpAuthorization authorization, CredentialVault vault, DataSourceRecords records, OAuthClients clients,
                       org.springframework.transaction.support.TransactionTemplate transactions) {
        this.connector = connector;
        this.authorization = authorization;
        this.vault = vault;
        this.records = records;
        this.clients = clients;
        this.transactions = transactions;
    }

    static CredentialSlot slot(long dataSourceId, String field) {
        return new CredentialSlot("data-source:" + dataSourceId, field);
    }

    /** The tools a data source may use, judged now (the owner's extra blocks included). */
    static ToolPolicy policy(DataSourceRecord source) {
        return new ToolPolicy(source.blockedTools());
    }

    /** A live session of one data source: policy-checked calls until closed. */
    final class OpenSession implements AutoCloseable {
        private final DataSourceRecord source;
        private final McpSyncClient client;
        private final OAuthSession oauth;

        OpenSession(DataSourceRecord source, McpSyncClient client, OAuthSession oauth) {
            this.source = source;
            this.client = client;
            this.oauth = oauth;
        }

        McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
            if (!policy(source).mayCall(tool, source.tools().stream().map(ToolInfo::descriptor).toList())) {
                throw new dev.sightline.source.DataSources.ToolCallException(dev.sightline.source.DataSources.ToolCallException.Kind.REFUSED,
                        new ToolRefusedException(tool).getMessage());
            }
            try {
                return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
            } catch (RuntimeException e) {
                ConnectionException failure = failure(source, oauth, e);
                boolean reauth = oauth != null && oauth.lastFailure().isPresent();
                throw new dev.sightline.source.DataSources.ToolCallException(reauth
                        ? dev.sightline.source.DataSources.ToolCallException.Kind.NEEDS_REAUTH
                        : dev.sightline.source.DataSources.ToolCallException.Kind.UNAVAILABLE, failure.getMessage());
            }
        }

        @Override
        public void close() {
            client.closeGracefully();
        }
    }

    /** Opens a session for several calls (the caller closes it). */
    OpenSession open(DataSourceRecord source) {
        OAuthSession oauth = oauth(source);
        McpSyncClient client = connect(source, oauth);
        try {
            rereadCatalog(source, client);
        } catch (RuntimeException e) {
            client.closeGracefully();
            throw failure(source, oauth, e);
        }
        return new OpenSession(source, client, oauth);
    }

    /** Every reconnect re-reads the catalog: a tool the server renamed or added is judged before it is used. */
    private void rereadCatalog(DataSourceRecord source, McpSyncClient client) {
        List<ToolInfo> tools = client.listTools().tools().stream().map(ToolInfo::of).toList();
        if (!tools.equals(source.tools())) {
            records.saveTools(source.id(), ToolInfo.toJson(tools));
        }
    }

    private OAuthSession oauth(DataSourceRecord source) {
        return DataSourceRecord.OAUTH.equals(source.authKind())
                ? new OAuthSession(authorization, URI.create(source.serverUrl()), new Store(source), IDENTITY,
                        new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), null)
                : null;
    }

    private McpSyncClient connect(DataSourceRecord source, OAuthSession oauth) {
        Map<String, String> headers = DataSourceRecord.API_KEY.equals(source.authKind())
                ? Map.of(source.apiKeyHeader(), vault.open(source.apiKey(), slot(source.id(), "api_key"))) : Map.of();
        try {
            return connector.connect(URI.create(source.serverUrl()), oauth, headers, null,
                    tools -> records.saveTools(source.id(), ToolInfo.toJson(tools.stream().map(ToolInfo::of).toList())));
        } catch (UnsafeUrlException e) {
            throw fail(source, DataSourceRecord.ERROR, e.getMessage());
        } catch (RuntimeException e) {
            throw failure(source, oauth, e);
        }
    }

    /** Opens a session, runs {@code work} and closes it; records the outcome on the data source. */
    <T> T withSession(DataSourceRecord source, java.util.function.Function<McpSyncClient, T> work) {
        OAuthSession oauth = oauth(source);
        McpSyncClient client = connect(source, oauth);
        try {
            rereadCatalog(source, client);
            T result = work.apply(client);
            if (!DataSourceRecord.CONNECTED.equals(source.status())) {
                records.saveStatus(source.id(), DataSourceRecord.CONNECTED, null);
            }
            return result;
        } catch (ConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(source, oauth, e);
        } finally {
            client.closeGracefully();
        }
    }

    /** Connects once, which re-reads and stores the catalog, and records the check's time. */
    void refreshCatalog(DataSourceRecord source) {
        withSession(source, client -> null);
        records.saveStatus(source.id(), DataSourceRecord.CONNECTED, null);
    }

    /** Calls a tool if, and only if, the read-only policy allows it for this data source. */
    McpSchema.CallToolResult call(DataSourceRecord source, String tool, Map<String, Object> arguments) {
        if (!policy(source).mayCall(tool, source.tools().stream().map(ToolInfo::descriptor).toList())) {
            throw new ToolRefusedException(tool);
        }
        return withSession(source, client -> client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
    }

    private ConnectionException failure(DataSourceRecord source, OAuthSession oauth, RuntimeException e) {
        Optional<OAuthException> oauthFailure = oauth == null ? Optional.empty() : oauth.lastFailure();
        if (oauthFailure.isPresent()) {
            OAuthException f = oauthFailure.get();
            if (f.is("reauthentication_required") || f.is("invalid_grant") || f.is("invalid_client") || f.is("too_many_authorizations")) {
                return fail(source, DataSourceRecord.NEEDS_REAUTH, "The authorization expired or was revoked at the vendor. Re-authenticate to continue.");
            }
            return fail(source, DataSourceRecord.ERROR, f.getMessage());
        }
        log.info("MCP session with data source {} failed: {}", source.id(), e.toString());
        return fail(source, DataSourceRecord.ERROR, "The server could not be reached or answered in an unexpected way. Try again; if it persists, check the server URL.");
    }

    private ConnectionException fail(DataSourceRecord source, String status, String message) {
        records.saveStatus(source.id(), status, message);
        return new ConnectionException(message);
    }



    /** A refused call, decided before any traffic. */
    static final class ToolRefusedException extends RuntimeException {
        ToolRefusedException(String tool) {
            super("The tool '" + tool + "' is not allowed: only read-only tools of this data source can be called.", null, false, false);
        }
    }

    /** The data source's tokens and registration, sealed at rest, opened only for the session. */
    private final class Store implements OAuthSession.Store {
        private final DataSourceRecord source;
        private TokenSet tokens;

        Store(DataSourceRecord source) {
            this.source = source;
            this.tokens = open(source);
        }

        private TokenSet open(DataSourceRecord record) {
            return record.accessToken() == null ? null : new TokenSet(vault.open(record.accessToken(), slot(record.id(), "access_token")),
                    vault.open(record.refreshToken(), slot(record.id(), "refresh_token")),
                    record.tokenExpiresAt() == null ? null : record.tokenExpiresAt().toInstant(), record.scope());
        }

        /** The row lock makes refreshes of one data source single-flight across threads and app nodes. */
        @Override
        public <T> T exclusively(OAuthSession.Exclusive<T> work) throws OAuthException {
            var failure = new OAuthException[1];
            T result = transactions.execute(status -> {
                records.lock(source.id());
                try {
                    return work.run();
                } catch (OAuthException e) {
                    failure[0] = e;
                    return null;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            return result;
        }

        @Override
        public synchronized Optional<TokenSet> reload() {
            records.find(source.workspaceId(), source.userId(), source.id()).ifPresent(fresh -> tokens = open(fresh));
            return Optional.ofNullable(tokens);
        }

        @Override
        public synchronized Optional<TokenSet> tokens() {
            return Optional.ofNullable(tokens);
        }

        @Override
        public synchronized void saveTokens(TokenSet fresh) {
            // Sealed and stored before anyone uses them: a rotated refresh token must never be lost.
            records.saveTokens(source.id(), vault.seal(fresh.accessToken(), slot(source.id(), "access_token")),
                    vault.seal(fresh.refreshToken(), slot(source.id(), "refresh_token")),
                    fresh.expiresAt() == null ? null : OffsetDateTime.ofInstant(fresh.expiresAt(), ZoneOffset.UTC));
            tokens = fresh;
        }

        @Override
        public synchronized void clearTokens() {
            records.saveTokens(source.id(), null, null, null);
            tokens = null;
        }

        @Override
        public Optional<ClientRegistration> registration(String issuer) {
            return source.oauthClientId() == null ? Optional.empty()
                    : clients.byId(source.workspaceId(), source.oauthClientId()).map(OAuthClients.Stored::registration);
        }

        @Override
        public void saveRegistration(ClientRegistration registration) {
            // Registrations happen in the connect flow, where a person is present.
        }
    }
}
