package dev.sightline.source.internal;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.TokenSet;
import dev.sightline.mcp.policy.ToolArguments;
import dev.sightline.mcp.policy.ToolPolicy;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.source.DataSources.ToolCallException;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import dev.sightline.mcp.session.McpSession;
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

    /**
     * A live session of one data source: policy-checked calls until closed. The check runs against
     * the catalog as the server describes it now (read when the session opened, and again whenever
     * the server announces a change), never against an older copy: a tool that turned destructive
     * after it was first judged is refused at its next call.
     */
    final class OpenSession implements AutoCloseable {
        private final DataSourceRecord source;
        private final McpSession client;
        private final OAuthSession oauth;
        private final AtomicReference<List<ToolInfo>> catalog;
        /** Whether the stored status says something is wrong: the first success of the session heals it, once. */
        private final AtomicBoolean unhealthy;

        OpenSession(DataSourceRecord source, McpSession client, OAuthSession oauth, AtomicReference<List<ToolInfo>> catalog) {
            this.source = source;
            this.client = client;
            this.oauth = oauth;
            this.catalog = catalog;
            this.unhealthy = new AtomicBoolean(!DataSourceRecord.CONNECTED.equals(source.status()));
        }

        McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
            checkCall(source, catalog.get(), tool, arguments);
            McpSchema.CallToolResult result;
            try {
                result = client.callTool(tool, arguments);
            } catch (RuntimeException e) {
                if (oauth != null && oauth.lastFailure().isPresent()) {
                    throw new ToolCallException(ToolCallException.Kind.NEEDS_REAUTH, failure(source, oauth, e).getMessage());
                }
                ServerFailure failure = ServerFailure.of(e);
                if (!failure.serverAnswered()) {
                    records.saveStatus(source.id(), DataSourceRecord.ERROR, failure.message());
                    unhealthy.set(true);
                }
                // The kind only: a server's own words may echo anything, credentials included.
                log.info("A call of {} on data source {} failed ({})", tool, source.id(), failure.kind());
                throw new ToolCallException(failure.kind(), failure.message());
            }
            // A later success heals the status; nothing retries in the background after a failure.
            if (unhealthy.compareAndSet(true, false)) {
                records.saveStatus(source.id(), DataSourceRecord.CONNECTED, null);
            }
            return result;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Opens a session for several calls (the caller closes it). */
    OpenSession open(DataSourceRecord source) {
        OAuthSession oauth = oauth(source);
        AtomicReference<List<ToolInfo>> catalog = new AtomicReference<>(List.of());
        McpSession client = connect(source, oauth, catalog);
        try {
            rereadCatalog(source, client, catalog);
        } catch (RuntimeException e) {
            client.close();
            throw failure(source, oauth, e);
        }
        return new OpenSession(source, client, oauth, catalog);
    }

    /**
     * The call-time check, before any traffic: the tool is in the current catalog and judged
     * read-only now, and the arguments fit its input schema.
     */
    private static void checkCall(DataSourceRecord source, List<ToolInfo> catalog, String tool, Map<String, Object> arguments) {
        if (!policy(source).mayCall(tool, catalog.stream().map(ToolInfo::descriptor).toList())) {
            throw new ToolCallException(ToolCallException.Kind.REFUSED,
                    "The tool '" + tool + "' is not allowed: only read-only tools of this data source can be called.");
        }
        ToolInfo info = catalog.stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
        ToolArguments.violations(arguments, info.inputSchema()).ifPresent(problem -> {
            throw new ToolCallException(ToolCallException.Kind.REFUSED,
                    "The arguments for '" + tool + "' do not fit the tool's input schema, so nothing was sent: " + problem);
        });
    }

    /** Every reconnect re-reads the catalog: a tool the server renamed or added is judged before it is used. */
    private void rereadCatalog(DataSourceRecord source, McpSession client, AtomicReference<List<ToolInfo>> catalog) {
        List<ToolInfo> tools = client.listTools().stream().map(ToolInfo::of).toList();
        catalog.set(tools);
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

    private McpSession connect(DataSourceRecord source, OAuthSession oauth, AtomicReference<List<ToolInfo>> catalog) {
        Map<String, String> headers = DataSourceRecord.API_KEY.equals(source.authKind())
                ? Map.of(source.apiKeyHeader(), vault.open(source.apiKey(), slot(source.id(), "api_key"))) : Map.of();
        try {
            return connector.connect(URI.create(source.serverUrl()), oauth, headers, null, changed -> {
                List<ToolInfo> tools = changed.stream().map(ToolInfo::of).toList();
                catalog.set(tools);
                records.saveTools(source.id(), ToolInfo.toJson(tools));
            });
        } catch (UnsafeUrlException e) {
            throw fail(source, DataSourceRecord.ERROR, e.getMessage());
        } catch (RuntimeException e) {
            throw failure(source, oauth, e);
        }
    }

    /** Connects once, which re-reads and stores the catalog, and records the check's time. */
    void refreshCatalog(DataSourceRecord source) {
        open(source).close();
        records.saveStatus(source.id(), DataSourceRecord.CONNECTED, null);
    }

    private ConnectionException failure(DataSourceRecord source, OAuthSession oauth, RuntimeException e) {
        Optional<OAuthException> oauthFailure = oauth == null ? Optional.empty() : oauth.lastFailure();
        if (oauthFailure.isPresent()) {
            OAuthException f = oauthFailure.get();
            if (f.is("issuer_changed")) {
                return fail(source, DataSourceRecord.NEEDS_REAUTH, f.getMessage());
            }
            if (f.is("invalid_client")) {
                return fail(source, DataSourceRecord.NEEDS_REAUTH, "The vendor no longer knows Sightline's registration. Re-authenticate to register again.");
            }
            if (f.is("reauthentication_required") || f.is("invalid_grant") || f.is("too_many_authorizations")) {
                return fail(source, DataSourceRecord.NEEDS_REAUTH, "The authorization expired or was revoked at the vendor. Re-authenticate to continue.");
            }
            return fail(source, DataSourceRecord.ERROR, f.getMessage());
        }
        log.info("MCP session with data source {} failed: {}", source.id(), e.toString());
        return fail(source, DataSourceRecord.ERROR, ServerFailure.of(e).message());
    }

    private ConnectionException fail(DataSourceRecord source, String status, String message) {
        records.saveStatus(source.id(), status, message);
        return new ConnectionException(message);
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

        /** Only the registration made with that issuer: a client secret goes to no other server. */
        @Override
        public Optional<ClientRegistration> registration(String issuer) {
            return source.oauthClientId() == null ? Optional.empty()
                    : clients.byId(source.workspaceId(), source.oauthClientId()).map(OAuthClients.Stored::registration)
                            .filter(r -> r.issuer().equals(issuer));
        }

        @Override
        public Optional<AuthorizationServerMetadata> issuedBy() {
            if (source.authorizationServer() == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(AuthorizationServerMetadata.parse(source.authorizationServer()));
            } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                throw new IllegalStateException("The stored authorization server metadata of data source " + source.id() + " is unreadable.", e);
            }
        }

        @Override
        public void forgetRegistration(ClientRegistration registration) {
            if (source.oauthClientId() != null) {
                clients.forget(source.workspaceId(), source.oauthClientId());
            }
        }

        @Override
        public void saveRegistration(ClientRegistration registration) {
            // Registrations happen in the connect flow, where a person is present.
        }
    }
}
