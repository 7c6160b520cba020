package dev.sightline.sandbox.traffic;

import java.util.List;

/**
 * What list-requests narrows a site's requests to; each part is optional. {@code reason} lets a
 * request through when a rule decided it for that reason or a DRY_RUN rule flagged it for that
 * reason; {@code ip} matches the address as written (lower case).
 */
public record RequestFilter(Conclusion conclusion, Reason reason, String path, String ip) {

    boolean matches(RequestKind kind, List<String> paths) {
        return (conclusion == null || kind.conclusion() == conclusion)
                && (reason == null || kind.reason() == reason || kind.dryRunReason() == reason)
                && (path == null || paths.get(kind.path()).equals(path));
    }
}
