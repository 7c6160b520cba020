package dev.sightline.source;

/**
 * The same vendor account (connector, server, site) was connected again after it had been
 * disconnected: whatever kept the old source's id (dashboard tiles) now reads {@code newId}.
 */
public record DataSourceReconnected(long workspaceId, long oldId, long newId) {
}
