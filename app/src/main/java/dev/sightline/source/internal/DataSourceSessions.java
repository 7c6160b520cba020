package dev.sightline.source.internal;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Live MCP sessions for stored data sources, pooled per source: a question pays for its calls, not
 * for connecting, initializing and reading the catalog again. Tokens are opened from the vault when
 * a session opens and refreshed on the way (the new ones sealed and stored before use); a refused
 * refresh marks the source "Re-authenticate". Every tool call passes the read-only policy first,
 * before any network traffic.
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
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration catalogMaxAge;
    private final Map<Long, Slot> pool = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    DataSourceSessions(McpConnector connector, McpAuthorization authorization, CredentialVault vault, DataSourceRecords records, OAuthClients clients,
                       TransactionTemplate transactions, ObjectProvider<Clock> clock,
                       @Value("${sightline.sources.session-idle:5m}") Duration idleTimeout,
                       @Value("${sightline.sources.catalog-max-age:60s}") Duration catalogMaxAge) {
        this.connector = connector;
        this.authorization = authorization;
        this.vault = vault;
        this.records = records;
        this.clients = clients;
        this.transactions = transactions;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.idleTimeout = idleTimeout;
        this.catalogMaxAge = catalogMaxAge;
        // This node's own sessions: every node sweeps its pool, nothing to coordinate across nodes.
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcp-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, Math.min(30, idleTimeout.toSeconds() / 2));
        sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.SECONDS);
    }

    static CredentialSlot slot(long dataSourceId, String field) {
        return new CredentialSlot("data-source:" + dataSourceId, field);
    }

    /** The tools a data source may use, judged now (the owner's extra blocks included). */
    static ToolPolicy policy(DataSourceRecord source) {
        return new ToolPolicy(source.blockedTools());
    }

    /**
     * One live MCP session of a data source, shared by every question, dashboard and person that
     * asks the source: initialized once, its catalog read once and kept current (re-read when the
     * server announces a change, when it is older than the catalog's age limit, and on every
     * reconnect). The source's credentials are the session's, so whoever may use the source may
     * use its session. Closed when idle, or at once when a call shows it is broken.
     */
    private final class Live {
        final long sourceId;
        final McpSession client;
        final OAuthSession oauth;
        final Store store;
        /** What the session was opened with, tokens aside: a change (a new key, another server) means a new session. */
        final String opening;
        final AtomicReference<List<ToolInfo>> catalog;
        volatile Instant catalogReadAt;
        volatile Instant lastUsed;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong calls = new AtomicLong();
        final Slot slot;
        volatile boolean closed;

        Live(Slot slot, DataSourceRecord source, McpSession client, OAuthSession oauth, Store store, AtomicReference<List<ToolInfo>> catalog) {
            this.slot = slot;
            this.sourceId = source.id();
            this.client = client;
            this.oauth = oauth;
            this.store = store;
            this.opening = opening(source);
            this.catalog = catalog;
            this.catalogReadAt = clock.instant();
            this.lastUsed = catalogReadAt;
        }

        /** Still right for the source as stored now: same server and credentials, and the tokens it holds are the stored ones. */
        boolean fits(DataSourceRecord source) {
            return !closed && opening.equals(opening(source)) && (store == null || store.holds(source.accessToken()));
        }

        void close() {
            closed = true;
            try {
                client.close();
            } catch (RuntimeException e) {
                log.debug("Closing the MCP session of data source {} failed: {}", sourceId, e.toString());
            }
        }
    }

    private static String opening(DataSourceRecord source) {
        return String.join("\n", source.serverUrl(), source.authKind(), String.valueOf(source.apiKeyHeader()), String.valueOf(source.apiKey()),
                String.valueOf(source.oauthClientId()), String.valueOf(source.authorizationServer()));
    }

    /**
     * The place of one source's session in the pool; its monitor makes connecting single-flight
     * per source. {@code unhealthy}: the stored status says something is wrong, and the first
     * success heals it, once, whichever session it comes on.
     */
    private static final class Slot {
        Live live;
        final AtomicBoolean unhealthy = new AtomicBoolean();
    }

    /** A reused session failed without an answer from the server: worth one more try on a new one. */
    private static final class SessionLost extends RuntimeException {
        SessionLost() {
            super(null, null, false, false);
        }
    }

    /**
     * A run's use of a source's pooled session: policy-checked calls. The check runs against the
     * catalog as the server describes it now, never against an older copy: a tool that turned
     * destructive after it was first judged is refused at its next call. Closing it leaves the
     * session open for the next run; {@link #abandon()} closes the session itself (a call on it
     * hangs), and the next call opens a new one.
     */
    final class OpenSession implements AutoCloseable {
        private final DataSourceRecord source;
        private volatile Live live;

        private OpenSession(DataSourceRecord source, Live live) {
            this.source = source;
            this.live = live;
        }

        McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
            Live session = current();
            boolean reused = session.calls.getAndIncrement() > 0;
            try {
                return callOn(session, tool, arguments, reused);
            } catch (SessionLost lost) {
                // A pooled session broke without the server answering (it restarted and forgot the
                // session, or dropped the connection while idle): once more on a new session, at once.
                evict(session);
                live = null;
                return callOn(current(), tool, arguments, false);
            }
        }

        private Live current() {
            Live session = live;
            if (session == null || session.closed) {
                try {
                    session = live = live(source);
                } catch (ConnectionException e) {
                    throw unreachable(e);
                }
            }
            return session;
        }

        private McpSchema.CallToolResult callOn(Live session, String tool, Map<String, Object> arguments, boolean reused) {
            checkCall(source, session.catalog.get(), tool, arguments);
            session.inFlight.incrementAndGet();
            McpSchema.CallToolResult result;
            try {
                result = session.client.callTool(tool, arguments);
            } catch (RuntimeException e) {
                if (session.oauth != null && session.oauth.lastFailure().isPresent()) {
                    evict(session);
                    // Only an authorization that expired, was revoked or forgotten asks the person to sign in again; a hiccup at
                    // the authorization server (unreachable, a 5xx) may pass, and the call is tried again.
                    ConnectionException failed = failure(source, session.oauth, e);
                    throw new ToolCallException(failed.needsReauthentication() ? ToolCallException.Kind.NEEDS_REAUTH : ToolCallException.Kind.UNAVAILABLE,
                            failed.getMessage());
                }
                ServerFailure failure = ServerFailure.of(e);
                if (!failure.serverAnswered()) {
                    if (reused && !session.closed) {
                        throw new SessionLost();
                    }
                    evict(session);
                    records.saveStatus(source.id(), DataSourceRecord.ERROR, failure.message());
                    session.slot.unhealthy.set(true);
                }
                // The kind only: a server's own words may echo anything, credentials included.
                log.info("A call of {} on data source {} failed ({})", tool, source.id(), failure.kind());
                throw new ToolCallException(failure.kind(), failure.message());
            } finally {
                session.lastUsed = clock.instant();
                session.inFlight.decrementAndGet();
            }
            // A later success heals the status; nothing retries in the background after a failure.
            if (session.slot.unhealthy.compareAndSet(true, false)) {
                records.saveStatus(source.id(), DataSourceRecord.CONNECTED, null);
            }
            return result;
        }

        /** Closes the pooled session this run used, ending every call blocked on it. */
        void abandon() {
            evict(live);
        }

        @Override
        public void close() {
            // The session stays in the pool for the next run.
        }
    }

    /** A session that could not be opened, as the engine reads it: the person must re-authenticate, or the source may come back. */
    static ToolCallException unreachable(ConnectionException e) {
        return new ToolCallException(e.needsReauthentication() ? ToolCallException.Kind.NEEDS_REAUTH : ToolCallException.Kind.UNAVAILABLE,
                e.getMessage());
    }

    /** The source's session for a run: the pooled one when it still fits the stored source, else a new one. */
    OpenSession open(DataSourceRecord source) {
        return new OpenSession(source, live(source));
    }

    private Live live(DataSourceRecord source) {
        Slot slot = pool.computeIfAbsent(source.id(), id -> new Slot());
        Live retired = null;
        try {
            synchronized (slot) {
                Live live = slot.live;
                if (live != null && (!live.fits(source) || idle(live, clock.instant()))) {
                    retired = live;
                    slot.live = live = null;
                }
                if (live == null) {
                    live = connect(slot, source);
                    slot.live = live;
                } else if (live.catalogReadAt.plus(catalogAge(live.client)).isBefore(clock.instant())) {
                    try {
                        rereadCatalog(source, live.client, live.catalog);
                        live.catalogReadAt = clock.instant();
                    } catch (RuntimeException e) {
                        retired = live;
                        slot.live = null;
                        throw failure(source, live.oauth, e);
                    }
                }
                if (!DataSourceRecord.CONNECTED.equals(source.status())) {
                    slot.unhealthy.set(true);
                }
                live.lastUsed = clock.instant();
                return live;
            }
        } finally {
            if (retired != null) {
                retired.close();
            }
        }
    }

    /** Takes the slot's session out of the pool if it is still the one the test accepts; the caller closes it. */
    private static Live take(Slot slot, java.util.function.Predicate<Live> which) {
        synchronized (slot) {
            Live live = slot.live;
            if (live == null || !which.test(live)) {
                return null;
            }
            slot.live = null;
            return live;
        }
    }

    private void evict(Live live) {
        take(live.slot, l -> l == live);
        live.close();
    }

    /** Closes the source's pooled session, if any: it was disconnected, or is about to be checked afresh. */
    void forget(long sourceId) {
        Slot slot = pool.remove(sourceId);
        Live live = slot == null ? null : take(slot, l -> true);
        if (live != null) {
            live.close();
        }
    }

    /** Nobody used it for the idle time (the server may well have dropped it by now); a session with a call in flight is never idle. */
    private boolean idle(Live live, Instant now) {
        return live.inFlight.get() == 0 && live.lastUsed.plus(idleTimeout).isBefore(now);
    }

    /** Closes the sessions nobody used for the idle time. */
    void closeIdle() {
        Instant now = clock.instant();
        pool.forEach((id, slot) -> {
            Live idle = take(slot, l -> idle(l, now));
            if (idle != null) {
                idle.close();
            }
        });
    }

    @PreDestroy
    void closeAll() {
        sweeper.shutdownNow();
        pool.keySet().forEach(this::forget);
    }

    /**
     * Each tool's input schema compiled once per catalog read, not once per call: by identity of the
     * catalog's entries, which live as long as the session's catalog does.
     */
    private static final Cache<ToolInfo, ToolArguments.Checker> CHECKERS = Caffeine.newBuilder().weakKeys().build();

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
        CHECKERS.get(info, t -> ToolArguments.checker(t.inputSchema())).violations(arguments).ifPresent(problem -> {
            throw new ToolCallException(ToolCallException.Kind.REFUSED,
                    "The arguments for '" + tool + "' do not fit the tool's input schema, so nothing was sent: " + problem);
        });
    }

    /**
     * How long a catalog is trusted: the configured age, or less when the server said its listing
     * expires sooner (ttlMs), but never under a second: a re-read holds the source's other
     * questions, so a server saying 0 gets one listing a second at most, not one per call.
     */
    private Duration catalogAge(McpSession client) {
        Duration said = client.toolsTtl().filter(ttl -> ttl.compareTo(catalogMaxAge) < 0).orElse(catalogMaxAge);
        return said.compareTo(MIN_CATALOG_AGE) < 0 ? MIN_CATALOG_AGE : said;
    }

    private static final Duration MIN_CATALOG_AGE = Duration.ofSeconds(1);

    /** Every reconnect re-reads the catalog: a tool the server renamed or added is judged before it is used. */
    private void rereadCatalog(DataSourceRecord source, McpSession client, AtomicReference<List<ToolInfo>> catalog) {
        List<ToolInfo> tools = client.listTools().stream().map(ToolInfo::of).toList();
        catalog.set(tools);
        if (!tools.equals(source.tools())) {
            records.saveTools(source.id(), ToolInfo.toJson(tools));
        }
    }

    private Live connect(Slot slot, DataSourceRecord source) {
        Store store = DataSourceRecord.OAUTH.equals(source.authKind()) ? new Store(source) : null;
        URI server = ServerUrls.of(source, records, vault);
        OAuthSession oauth = store == null ? null : new OAuthSession(authorization, server, store, IDENTITY,
                new OAuthSession.Credentials.AuthorizationCode(Optional.empty()), null);
        Map<String, String> headers = DataSourceRecord.API_KEY.equals(source.authKind())
                ? Map.of(source.apiKeyHeader(), vault.open(source.apiKey(), slot(source.id(), "api_key"))) : Map.of();
        AtomicReference<List<ToolInfo>> catalog = new AtomicReference<>(List.of());
        AtomicReference<Live> opened = new AtomicReference<>();
        McpSession client;
        try {
            client = connector.connect(server, oauth, headers, null, changed -> {
                List<ToolInfo> tools = changed.stream().map(ToolInfo::of).toList();
                catalog.set(tools);
                Live live = opened.get();
                if (live != null) {
                    live.catalogReadAt = clock.instant();
                }
                records.saveTools(source.id(), ToolInfo.toJson(tools));
            });
        } catch (UnsafeUrlException e) {
            throw fail(source, DataSourceRecord.ERROR, e.getMessage());
        } catch (RuntimeException e) {
            throw failure(source, oauth, e);
        }
        try {
            rereadCatalog(source, client, catalog);
        } catch (RuntimeException e) {
            client.close();
            throw failure(source, oauth, e);
        }
        Live live = new Live(slot, source, client, oauth, store, catalog);
        opened.set(live);
        return live;
    }

    /** Connects afresh, which re-reads and stores the catalog, and records the check's time. */
    void refreshCatalog(DataSourceRecord source) {
        forget(source.id());
        live(source);
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
        return new ConnectionException(message, DataSourceRecord.NEEDS_REAUTH.equals(status));
    }

    /** The data source's tokens and registration, sealed at rest, opened only for the session. */
    private final class Store implements OAuthSession.Store {
        private final DataSourceRecord source;
        private TokenSet tokens;
        /** The sealed access token the held tokens were stored as: another one stored means someone else changed them. */
        private String sealedAccess;

        Store(DataSourceRecord source) {
            this.source = source;
            this.tokens = open(source);
            this.sealedAccess = source.accessToken();
        }

        synchronized boolean holds(String storedSealedAccess) {
            return java.util.Objects.equals(sealedAccess, storedSealedAccess);
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
            records.find(source.workspaceId(), source.userId(), source.id()).ifPresent(fresh -> {
                tokens = open(fresh);
                sealedAccess = fresh.accessToken();
            });
            return Optional.ofNullable(tokens);
        }

        @Override
        public synchronized Optional<TokenSet> tokens() {
            return Optional.ofNullable(tokens);
        }

        @Override
        public synchronized void saveTokens(TokenSet fresh) {
            // Sealed and stored before anyone uses them: a rotated refresh token must never be lost.
            String access = vault.seal(fresh.accessToken(), slot(source.id(), "access_token"));
            records.saveTokens(source.id(), access, vault.seal(fresh.refreshToken(), slot(source.id(), "refresh_token")),
                    fresh.expiresAt() == null ? null : OffsetDateTime.ofInstant(fresh.expiresAt(), ZoneOffset.UTC));
            tokens = fresh;
            sealedAccess = access;
        }

        @Override
        public synchronized void clearTokens() {
            records.saveTokens(source.id(), null, null, null);
            tokens = null;
            sealedAccess = null;
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
