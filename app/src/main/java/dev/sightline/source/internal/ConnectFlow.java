package dev.sightline.source.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.sightline.account.SightlineUser;
import dev.sightline.mcp.http.SafeHttp;
import dev.sightline.mcp.http.UnsafeUrlException;
import dev.sightline.mcp.oauth.BearerChallenge;
import dev.sightline.mcp.oauth.ClientRegistration;
import dev.sightline.mcp.oauth.McpAuthorization;
import dev.sightline.mcp.oauth.OAuthException;
import dev.sightline.mcp.oauth.OAuthSession;
import dev.sightline.mcp.oauth.PendingAuthorization;
import dev.sightline.mcp.oauth.ProtectedResourceMetadata;
import dev.sightline.mcp.oauth.TokenSet;
import dev.sightline.mcp.session.McpConnector;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import dev.sightline.mcp.session.McpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connecting an MCP server, as the seed describes it: "Authorize with Arcjet" starts an
 * authorization (discovery, registration, PKCE) and gives the popup its URL; the vendor redirects
 * to {@code /oauth/callback}, which redeems the code and reads the tool catalog; "Finish" turns
 * the authorized connection into a data source. Each step either completes or leaves nothing
 * half-stored: a failed or expired attempt keeps no token.
 */
@Service
class ConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"sightline","version":"0.1.0"}}}""";

    private final SecureRandom random = new SecureRandom();
    private final Connectors connectors;
    private final SafeHttp http;
    private final McpAuthorization authorization;
    private final McpConnector connector;
    private final OAuthClients clients;
    private final PendingConnections pendings;
    private final DataSourceRecords records;
    private final CredentialVault vault;
    private final PublicUrls urls;
    private final org.springframework.context.ApplicationEventPublisher events;

    ConnectFlow(Connectors connectors, SafeHttp http, McpAuthorization authorization, McpConnector connector, OAuthClients clients,
                PendingConnections pendings, DataSourceRecords records, CredentialVault vault, PublicUrls urls,
                org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.connectors = connectors;
        this.http = http;
        this.authorization = authorization;
        this.connector = connector;
        this.clients = clients;
        this.pendings = pendings;
        this.records = records;
        this.vault = vault;
        this.urls = urls;
    }

    /** What the browser (or an API client) needs to continue: where to send the person. */
    record Started(String pendingId, URI authorizationUrl) {
    }

    /** The outcome of the vendor's redirect, for the callback page. */
    record Completed(String pendingId, boolean success, String message, Long dataSourceId) {
    }

    Started start(SightlineUser user, String connectorId, String customUrl, Long reauthenticateDataSource) {
        String redirectUri = urls.callback();
        Connectors.Connector connectorInfo = connectors.find(connectorId).orElseThrow(() -> new ConnectionException("Unknown connector '" + connectorId + "'."));
        // Authorized again, a source keeps its own server: its stored URL, whole, not one sent with the request.
        URI server = serverUrl(connectorInfo, reauthenticateDataSource == null ? customUrl : records.find(user.workspaceId(), user.id(), reauthenticateDataSource)
                .map(r -> ServerUrls.of(r, records, vault).toString())
                .orElseThrow(() -> new ConnectionException("No such data source.")));
        Probe probe = probe(server);
        if (probe.open()) {
            throw new ConnectionException("The server at " + SafeHttp.redact(server) + " answered without asking for authorization, so there is "
                    + "nothing to authorize: add it with no authentication, or with the API key header it expects.");
        }
        BearerChallenge challenge = probe.challenge();
        try {
            Optional<ProtectedResourceMetadata> resource = authorization.discoverProtectedResourceMetadata(server, challenge);
            AuthorizationServerMetadata metadata;
            URI resourceUri;
            if (resource.isPresent()) {
                if (!McpAuthorization.resourceMatches(server, resource.get().resource())) {
                    throw new ConnectionException("The server's metadata names another resource (" + resource.get().resource()
                            + "). Sightline stopped before authorizing, so nothing was sent to it.");
                }
                if (resource.get().authorizationServers().isEmpty()) {
                    throw new ConnectionException("The server names no authorization server, so it cannot be connected with OAuth.");
                }
                URI issuer = resource.get().authorizationServers().get(0);
                metadata = authorization.discoverAuthorizationServerMetadata(issuer)
                        .orElseThrow(() -> new ConnectionException("The authorization server " + issuer + " publishes no metadata."));
                resourceUri = resource.get().resource();
            } else {
                metadata = authorization.discoverOriginAuthorizationServerMetadata(server).orElseGet(() -> McpAuthorization.defaultEndpoints(server));
                resourceUri = OAuthSession.canonical(server);
            }
            String issuer = metadata.getIssuer().getValue();
            OAuthClients.Stored client = clients.find(user.workspaceId(), issuer, redirectUri).orElse(null);
            if (client != null && !authorization.isRegistered(metadata, client.registration())) {
                // Never keep a client id forever: a server that forgot it would show the person an error page instead of consent.
                log.info("The authorization server {} no longer accepts client registration {}; registering again.", issuer, client.id());
                clients.forget(user.workspaceId(), client.id());
                client = null;
            }
            if (client == null) {
                URI metadataDocument = redirectUri.startsWith("https://") ? URI.create(urls.clientMetadata()) : null;
                ClientRegistration registration = authorization.registerClient(metadata,
                        new McpAuthorization.ClientIdentity("Sightline", redirectUri, metadataDocument), Optional.empty());
                client = clients.save(user.workspaceId(), registration);
            }
            Optional<String> scope = McpAuthorization.selectScope(challenge, resource, metadata, java.util.Set.of());
            PendingAuthorization pending = McpAuthorization.startAuthorization(metadata, client.registration(), scope, resourceUri);
            String id = randomId();
            pendings.insert(id, sha256(pending.state()), user.workspaceId(), user.id(), reauthenticateDataSource, connectorInfo.id(), ServerUrls.shown(server),
                    client.id(), metadata.toJSONObject().toJSONString(), resourceUri.toString(), scope.orElse(null), redirectUri);
            pendings.saveVerifier(id, vault.seal(pending.codeVerifier(), pendingSlot(id, "code_verifier")));
            String sealedServer = ServerUrls.sealIfHidden(server, vault, pendingSlot(id, ServerUrls.FIELD));
            if (sealedServer != null) {
                pendings.saveSealedServerUrl(id, sealedServer);
            }
            return new Started(id, pending.authorizationUrl());
        } catch (OAuthException e) {
            throw new ConnectionException(describe(e));
        }
    }

    /**
     * The vendor's redirect: found by its state, claimed once, redeemed, and the tool catalog read.
     * It belongs to the user who started the attempt: another signed-in user is refused, and a
     * redirect that arrives without any Sightline session (an API-driven flow) is only held,
     * sealed, until the user who started it redeems it ({@link #redeemHeld}).
     */
    Completed complete(SightlineUser signedIn, Map<String, String> callback) {
        String state = callback.get("state");
        Optional<PendingConnections.Pending> found = state == null ? Optional.empty() : pendings.byStateHash(sha256(state));
        if (found.isEmpty()) {
            return new Completed(null, false, "This authorization is unknown or was already used. Start again from Data Sources.", null);
        }
        PendingConnections.Pending pending = found.get();
        if (pending.expired()) {
            pendings.fail(pending.id(), "expired");
            return new Completed(pending.id(), false, "This authorization took longer than 10 minutes and expired. Start again.", null);
        }
        if (signedIn != null && (signedIn.id() != pending.userId() || signedIn.workspaceId() != pending.workspaceId())) {
            String message = "This authorization was started by another Sightline account, so it was refused and nothing was connected.";
            if (pendings.claim(pending.id(), PendingConnections.AUTHORIZING, PendingConnections.COMPLETING)) {
                pendings.fail(pending.id(), message);
            }
            log.warn("A vendor redirect for a connection started by user {} arrived in the session of user {}; refused.", pending.userId(), signedIn.id());
            return new Completed(null, false, message, null);
        }
        if (signedIn == null && callback.get("error") == null) {
            String held = vault.seal(JsonMapper.shared().writeValueAsString(callback), pendingSlot(pending.id(), "callback"));
            if (!pendings.hold(pending.id(), held)) {
                return new Completed(pending.id(), false, "This authorization was already completed.", null);
            }
            return new Completed(pending.id(), true, "Access was granted at the vendor. Finish in Sightline, signed in as the person who started it.", null);
        }
        if (!pendings.claim(pending.id(), PendingConnections.AUTHORIZING, PendingConnections.COMPLETING)) {
            return new Completed(pending.id(), false, "This authorization was already completed.", null);
        }
        return redeem(pending, callback);
    }

    /**
     * Redeems a redirect held for {@code user}: only the user who started the attempt finds it.
     * Does nothing when the attempt is not waiting (already redeemed in the browser, say).
     */
    void redeemHeld(SightlineUser user, String pendingId) {
        Optional<PendingConnections.Pending> found = pendings.find(user.workspaceId(), user.id(), pendingId)
                .filter(p -> PendingConnections.CALLBACK_RECEIVED.equals(p.status()));
        if (found.isEmpty()) {
            return;
        }
        PendingConnections.Pending pending = found.get();
        if (pending.expired()) {
            pendings.delete(pending.id());
            throw new ConnectionException("This authorization took longer than 10 minutes and expired. Start again.");
        }
        if (!pendings.claim(pending.id(), PendingConnections.CALLBACK_RECEIVED, PendingConnections.COMPLETING)) {
            return;
        }
        Map<String, String> callback = JsonMapper.shared().readValue(vault.open(pending.callback(), pendingSlot(pending.id(), "callback")),
                new TypeReference<Map<String, String>>() {
                });
        Completed completed = redeem(pending, callback);
        if (!completed.success()) {
            throw new ConnectionException(completed.message());
        }
    }

    private Completed redeem(PendingConnections.Pending pending, Map<String, String> callback) {
        String state = callback.get("state");
        try {
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(pending.authorizationServer());
            ClientRegistration client = clients.byId(pending.workspaceId(), pending.oauthClientId())
                    .orElseThrow(() -> new OAuthException("invalid_client", "The client registration is gone.")).registration();
            var request = new PendingAuthorization(null, state, vault.open(pending.codeVerifier(), pendingSlot(pending.id(), "code_verifier")),
                    metadata.getIssuer().getValue(), URI.create(pending.resource()), pending.scope(), pending.redirectUri());
            TokenSet tokens = authorization.completeAuthorization(metadata, client, request, callback);
            if (pending.dataSourceId() != null) {
                return reauthenticated(pending, tokens);
            }
            Catalog catalog = readCatalog(pending, tokens);
            pendings.authorized(pending.id(), vault.seal(tokens.accessToken(), pendingSlot(pending.id(), "access_token")),
                    vault.seal(tokens.refreshToken(), pendingSlot(pending.id(), "refresh_token")), expiry(tokens), tokens.scope(),
                    ToolInfo.toJson(catalog.tools()), ArcjetProfile.toJson(catalog.sites()));
            return new Completed(pending.id(), true, "Connection ready.", null);
        } catch (OAuthException e) {
            pendings.fail(pending.id(), describe(e));
            return new Completed(pending.id(), false, describe(e), null);
        } catch (ParseException | RuntimeException e) {
            log.info("Completing a connection failed: {}", e.toString());
            String message = e instanceof ConnectionException ? e.getMessage() : "The vendor answered in an unexpected way, so nothing was connected. Try again.";
            pendings.fail(pending.id(), message);
            return new Completed(pending.id(), false, message, null);
        }
    }

    private record Catalog(List<ToolInfo> tools, List<ArcjetProfile.Site> sites) {
    }

    /** Right after authorizing: the tools the server publishes, and for Arcjet the sites to choose from. */
    private Catalog readCatalog(PendingConnections.Pending pending, TokenSet tokens) {
        McpSession client;
        try {
            client = connector.connect(ServerUrls.open(pending.serverUrl(), pendings.sealedServerUrl(pending.id()), vault,
                    pendingSlot(pending.id(), ServerUrls.FIELD)), null, Map.of("Authorization", "Bearer " + tokens.accessToken()), null);
        } catch (UnsafeUrlException e) {
            throw new ConnectionException(e.getMessage());
        } catch (RuntimeException e) {
            throw new ConnectionException("Authorized, but the MCP server did not answer with the new token. Try again.");
        }
        try {
            List<ToolInfo> tools = client.listTools().stream().map(ToolInfo::of).toList();
            List<ArcjetProfile.Site> sites = Connectors.ARCJET.equals(pending.connector()) ? ArcjetProfile.sites(client) : List.of();
            return new Catalog(tools, sites);
        } finally {
            client.close();
        }
    }

    private Completed reauthenticated(PendingConnections.Pending pending, TokenSet tokens) {
        long id = pending.dataSourceId();
        records.saveTokens(id, vault.seal(tokens.accessToken(), DataSourceSessions.slot(id, "access_token")),
                vault.seal(tokens.refreshToken(), DataSourceSessions.slot(id, "refresh_token")), expiry(tokens));
        records.saveAuthorization(id, pending.oauthClientId(), pending.authorizationServer(), pending.resource(), tokens.scope());
        records.saveStatus(id, DataSourceRecord.CONNECTED, null);
        pendings.delete(pending.id());
        return new Completed(pending.id(), true, "Re-authenticated.", id);
    }

    /** "Finish": the authorized connection becomes a named data source; the pending attempt is gone in the same transaction. */
    @Transactional
    long finish(SightlineUser user, String pendingId, String name, String site) {
        PendingConnections.Pending pending = pendings.find(user.workspaceId(), user.id(), pendingId)
                .filter(p -> PendingConnections.AUTHORIZED.equals(p.status()))
                .orElseThrow(() -> new ConnectionException("This connection is not authorized (or was finished already). Start again."));
        if (pending.expired()) {
            pendings.delete(pendingId);
            throw new ConnectionException("This connection waited more than 10 minutes for a name and expired. Authorize again.");
        }
        List<ArcjetProfile.Site> sites = ArcjetProfile.fromJson(pending.sites());
        String chosenSite = site == null || site.isBlank() ? ArcjetProfile.defaultSite(sites) : site;
        if (!sites.isEmpty() && sites.stream().noneMatch(s -> s.id().equals(chosenSite))) {
            throw new ConnectionException("Choose one of the sites your Arcjet user can see.");
        }
        // The site is kept by its id, which the tools take; its name is kept beside it for pages.
        String siteName = sites.stream().filter(s -> s.id().equals(chosenSite)).map(ArcjetProfile.Site::name).findFirst().orElse(null);
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new ConnectionException("Give the data source a name of 1 to 100 characters.");
        }
        // Taken once: a second "Finish" (a double click, a retried request) finds nothing to take, instead of making a second
        // source that shares these tokens (the first refresh would rotate them and leave the other with a revoked family).
        String sealedServer = pendings.sealedServerUrl(pendingId);
        if (!pendings.take(pendingId, PendingConnections.AUTHORIZED)) {
            throw new ConnectionException("This connection is not authorized (or was finished already). Start again.");
        }
        long id = records.insert(user.workspaceId(), user.id(), cleanName, pending.connector(), pending.serverUrl(), DataSourceRecord.OAUTH,
                chosenSite, siteName, pending.oauthClientId(), pending.authorizationServer(), pending.resource(), pending.tokenScope(), null, pending.tools());
        records.saveTokens(id,
                vault.seal(vault.open(pending.accessToken(), pendingSlot(pendingId, "access_token")), DataSourceSessions.slot(id, "access_token")),
                vault.seal(vault.open(pending.refreshToken(), pendingSlot(pendingId, "refresh_token")), DataSourceSessions.slot(id, "refresh_token")),
                pending.tokenExpiresAt());
        if (sealedServer != null) {
            records.saveSealedServerUrl(id, vault.seal(vault.open(sealedServer, pendingSlot(pendingId, ServerUrls.FIELD)),
                    DataSourceSessions.slot(id, ServerUrls.FIELD)));
        }
        succeed(user, id, pending.connector(), pending.serverUrl(), chosenSite);
        return id;
    }

    /** The same vendor account connected again after a disconnect: what read the old source reads this one now. */
    private void succeed(SightlineUser user, long id, String connector, String serverUrl, String site) {
        for (long old : records.succeed(user.workspaceId(), user.id(), connector, serverUrl, site, id)) {
            events.publishEvent(new dev.sightline.source.DataSourceReconnected(user.workspaceId(), old, id));
        }
    }

    /** A custom server without OAuth: no authentication, or an API key sent in a header. */
    @Transactional
    long connectWithoutOAuth(SightlineUser user, String name, String url, String header, String apiKey) {
        URI server = serverUrl(connectors.find(Connectors.CUSTOM).orElseThrow(), url);
        boolean withKey = apiKey != null && !apiKey.isBlank();
        if (withKey && (header == null || !header.matches("[A-Za-z0-9-]{1,100}") || header.equalsIgnoreCase("host"))) {
            throw new ConnectionException("Give the header name the server expects, such as X-API-Key.");
        }
        Map<String, String> headers = withKey ? Map.of(header, apiKey) : Map.of();
        List<ToolInfo> tools;
        try {
            McpSession client = connector.connect(server, null, headers, null);
            try {
                tools = client.listTools().stream().map(ToolInfo::of).toList();
            } finally {
                client.close();
            }
        } catch (UnsafeUrlException e) {
            throw new ConnectionException(e.getMessage());
        } catch (RuntimeException e) {
            throw new ConnectionException("The server did not accept the connection" + (withKey ? " with this API key" : "") + ". Check the URL and the credentials.");
        }
        String cleanName = name == null || name.isBlank() ? Texts.shorten(server.getHost(), 100) : name.strip();
        if (cleanName.length() > 100) {
            throw new ConnectionException("Give the data source a name of 1 to 100 characters.");
        }
        long id = records.insert(user.workspaceId(), user.id(), cleanName, Connectors.CUSTOM, ServerUrls.shown(server),
                withKey ? DataSourceRecord.API_KEY : DataSourceRecord.NONE, null, null, null, null, null, null, withKey ? header : null, ToolInfo.toJson(tools));
        if (withKey) {
            records.saveApiKey(id, vault.seal(apiKey, DataSourceSessions.slot(id, "api_key")));
        }
        String sealedServer = ServerUrls.sealIfHidden(server, vault, DataSourceSessions.slot(id, ServerUrls.FIELD));
        if (sealedServer != null) {
            records.saveSealedServerUrl(id, sealedServer);
        }
        succeed(user, id, Connectors.CUSTOM, ServerUrls.shown(server), null);
        return id;
    }

    private URI serverUrl(Connectors.Connector connectorInfo, String customUrl) {
        String url = connectorInfo.serverUrl() != null ? connectorInfo.serverUrl() : customUrl;
        if (url == null || url.isBlank()) {
            throw new ConnectionException("Enter the MCP server's URL.");
        }
        if (url.strip().length() > 2000) {
            throw new ConnectionException("That URL is longer than 2,000 characters; an MCP server's address is much shorter.");
        }
        URI server;
        try {
            server = URI.create(url.strip());
            http.check(server);
        } catch (IllegalArgumentException e) {
            throw new ConnectionException("That is not a valid URL.");
        } catch (UnsafeUrlException e) {
            throw new ConnectionException(e.getMessage());
        }
        if (server.getFragment() != null) {
            throw new ConnectionException("The URL must not contain a fragment (#...).");
        }
        return server;
    }

    /** What an unauthenticated initialize showed: {@code open} when the server answered it without asking for credentials. */
    private record Probe(boolean open, BearerChallenge challenge) {
    }

    /** An unauthenticated initialize: a server that needs OAuth answers 401 with its challenge. */
    private Probe probe(URI server) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server)
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build());
            return response.statusCode() == 401
                    ? new Probe(false, BearerChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null)))
                    : new Probe(response.statusCode() / 100 == 2, BearerChallenge.NONE);
        } catch (UnsafeUrlException e) {
            throw new ConnectionException(e.getMessage());
        } catch (IOException e) {
            throw new ConnectionException("The MCP server at " + SafeHttp.redact(server) + " could not be reached. Check the URL, or try again later.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("Interrupted.");
        }
    }

    static String describe(OAuthException e) {
        return switch (e.code()) {
            case "access_denied" -> "Access was not granted at the vendor, so nothing was connected.";
            case "state_mismatch", "issuer_mismatch" -> "The vendor's answer did not match this authorization, so it was refused. Start again.";
            case "invalid_grant" -> "The vendor refused the authorization code (it may have expired). Start again.";
            case "pkce_unsupported" -> e.getMessage();
            default -> "The vendor refused the authorization: " + e.getMessage();
        };
    }

    private static CredentialSlot pendingSlot(String id, String field) {
        return new CredentialSlot("pending:" + id, field);
    }

    private static OffsetDateTime expiry(TokenSet tokens) {
        return tokens.expiresAt() == null ? null : OffsetDateTime.ofInstant(tokens.expiresAt(), ZoneOffset.UTC);
    }

    private static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private String randomId() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
