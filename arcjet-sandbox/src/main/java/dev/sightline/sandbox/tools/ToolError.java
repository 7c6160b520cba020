package dev.sightline.sandbox.tools;

/** A failure the caller can fix (unknown id, bad argument): answered as a tool result with {@code isError}. */
public final class ToolError extends RuntimeException {

    public ToolError(String message) {
        super(message, null, false, false);
    }
}
