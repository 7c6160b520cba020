package dev.sightline.source.internal;

/** A connection step that failed with a message fit for the person (never a secret or a stack trace). */
class ConnectionException extends RuntimeException {

    ConnectionException(String message) {
        super(message, null, false, false);
    }
}
