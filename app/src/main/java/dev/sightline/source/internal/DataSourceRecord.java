package dev.sightline.source.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * A connected data source as stored; secrets stay sealed in here. {@code userId} connected it and
 * alone manages it; {@code shared} lets everyone in the workspace ask with it.
 */
record DataSourceRecord(long id, long workspaceId, long userId, String name, String connector, String serverUrl, String authKind,
                        String status, String statusMessage, String site, String siteName, Long oauthClientId, String authorizationServer, String resource,
                        String scope, String accessToken, String refreshToken, OffsetDateTime tokenExpiresAt, String apiKeyHeader,
                        String apiKey, List<ToolInfo> tools, Set<String> blockedTools, OffsetDateTime createdAt, OffsetDateTime checkedAt,
                        String settings, boolean shared) {

    static final String CONNECTED = "CONNECTED";
    static final String NEEDS_REAUTH = "NEEDS_REAUTH";
    static final String ERROR = "ERROR";

    static final String OAUTH = "OAUTH";
    static final String API_KEY = "API_KEY";
    static final String NONE = "NONE";

    /** The connectors of business data: a file read with DuckDB, a PostgreSQL database. */
    static final String FILE = "file";
    static final String POSTGRESQL = "postgresql";

    boolean business() {
        return FILE.equals(connector) || POSTGRESQL.equals(connector);
    }
}
