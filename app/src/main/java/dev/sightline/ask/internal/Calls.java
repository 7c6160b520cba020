package dev.sightline.ask.internal;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** How a profile calls tools while it answers: one call, or several in parallel; each is recorded as a step. */
interface Calls {

    /** A tool call's JSON result; a tool error or a failed call comes back as {@link CallFailed}. */
    JsonNode call(String tool, Map<String, Object> arguments);

    List<JsonNode> callAll(String tool, List<Map<String, Object>> arguments);

    /** A call that did not give data: the message is fit for the person. */
    final class CallFailed extends RuntimeException {
        final String status;

        CallFailed(String status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
