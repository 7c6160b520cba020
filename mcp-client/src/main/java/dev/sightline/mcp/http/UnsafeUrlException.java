package dev.sightline.mcp.http;

import java.io.IOException;

/** A URL Sightline refuses to fetch: wrong scheme, or a host that resolves to a private or local address. */
public final class UnsafeUrlException extends IOException {

    public UnsafeUrlException(String message) {
        super(message);
    }
}
