package dev.sightline.source.internal;

import java.net.URI;

import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;

/**
 * An MCP server's URL as it is stored. Some servers take an API key in the query
 * ({@code ?api_key=…}), so a URL with a query is kept whole only sealed, and in clear (on pages, in
 * the API, to everyone a source is shared with) without it: {@code https://mcp.example/mcp?…}.
 */
final class ServerUrls {

    /** Marks a URL shown without its query. */
    static final String HIDDEN_QUERY = "?…";
    /** The sealed whole URL's field in a source's (or an authorization in progress's) credential slot. */
    static final String FIELD = "server_url";

    private ServerUrls() {
    }

    /** The URL as anyone may see it: without its query, marked when it had one. */
    static String shown(URI server) {
        String bare = server.getScheme() + "://" + server.getRawAuthority() + (server.getRawPath() == null ? "" : server.getRawPath());
        return server.getRawQuery() == null ? bare : bare + HIDDEN_QUERY;
    }

    /** The whole URL sealed when it has a query to keep out of sight; null when it has none. */
    static String sealIfHidden(URI server, CredentialVault vault, CredentialSlot slot) {
        return server.getRawQuery() == null ? null : vault.seal(server.toString(), slot);
    }

    /** The URL to connect to: the sealed whole one when there is one, else the one shown. */
    static URI open(String shown, String sealed, CredentialVault vault, CredentialSlot slot) {
        return URI.create(sealed == null ? shown : vault.open(sealed, slot));
    }

    /** The URL a stored MCP source connects to. */
    static URI of(DataSourceRecord source, DataSourceRecords records, CredentialVault vault) {
        return open(source.serverUrl(), records.sealedServerUrl(source.id()), vault, DataSourceSessions.slot(source.id(), FIELD));
    }
}
