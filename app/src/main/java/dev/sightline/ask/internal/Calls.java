package dev.sightline.ask.internal;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** How a profile calls tools while it answers: one call, or several in parallel; each is recorded as a step. */
interface Calls {

    /** A tool call's JSON result; a tool error or a failed call comes back as {@link CallFailed}. */
    JsonNode call(String tool, Map<String, Object> arguments);

    List<JsonNode> callAll(String tool, List<Map<String, Object>> arguments);

    /**
     * A call that reads the vendor's directory (its teams, sites, a dimension's keys) rather than
     * the data asked about: a recent identical call's result serves even when the person asked for
     * fresh data, as the directory changes far more slowly than the traffic it organizes.
     */
    default JsonNode lookup(String tool, Map<String, Object> arguments) {
        return lookupAll(tool, List.of(arguments)).get(0);
    }

    default List<JsonNode> lookupAll(String tool, List<Map<String, Object>> arguments) {
        return callAll(tool, arguments);
    }

    /** A call that did not give data: the message is fit for the person. */
    final class CallFailed extends RuntimeException {
        final String status;

        CallFailed(String status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
