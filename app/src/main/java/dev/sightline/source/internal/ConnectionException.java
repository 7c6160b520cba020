package dev.sightline.source.internal;

/**
 * A connection step that failed with a message fit for the person (never a secret or a stack
 * trace), and whether only signing in at the vendor again can mend it.
 */
class ConnectionException extends RuntimeException {

    private final boolean needsReauthentication;

    ConnectionException(String message) {
        this(message, false);
    }

    ConnectionException(String message, boolean needsReauthentication) {
        super(message, null, false, false);
        this.needsReauthentication = needsReauthentication;
    }

    boolean needsReauthentication() {
        return needsReauthentication;
    }
}
