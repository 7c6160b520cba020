package dev.sightline.evaluation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/** The right answer to one question, as the oracle computed it from the sandbox's tools. */
public sealed interface Expected {

    /** One line for a report. */
    String describe();

    /** Values that must each be among the answer's figures (several when the question asks several things). */
    record Figure(List<JsonNode> values) implements Expected {
        public String describe() {
            return values.stream().map(Expected::shorten).collect(Collectors.joining("; ", "figure ", ""));
        }
    }

    /**
     * A ranking: the first {@code n} keys in order. {@code rank} is the field the list is ordered
     * by (null when unknown): items with equal values there may come in either order.
     */
    record Top(List<JsonNode> items, String key, int n, String rank) implements Expected {
        public String describe() {
            return "top " + n + " " + keys(items.subList(0, Math.min(n, items.size())), key);
        }
    }

    /** An unordered set of keys. */
    record SetOf(List<JsonNode> items, String key) implements Expected {
        public String describe() {
            return "set " + keys(items, key);
        }
    }

    /** One value per bucket, in time order; any of {@code candidates} (a field each) may be the one answered. */
    record Series(List<String> buckets, Map<String, List<JsonNode>> candidates) implements Expected {
        public String describe() {
            return "series of " + buckets.size() + " " + candidates.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().stream().map(Json::text).collect(Collectors.joining(",", "[", "]")))
                    .collect(Collectors.joining(" or "));
        }
    }

    /** Several answers to one question, each judged by its own rule. */
    record Parts(List<Expected> parts) implements Expected {
        public String describe() {
            return parts.stream().map(Expected::describe).collect(Collectors.joining(" | ", "parts: ", ""));
        }
    }

    /** Named values that must all appear among the figures or the table's cells. */
    record Report(Map<String, JsonNode> values) implements Expected {
        public String describe() {
            return values.entrySet().stream().map(e -> e.getKey() + "=" + shorten(e.getValue())).collect(Collectors.joining(", ", "report ", ""));
        }
    }

    /** A refusal with its reason (read-only, secret, site-not-visible). */
    record Refuse(String reason) implements Expected {
        public String describe() {
            return "refusal (" + reason + ")";
        }
    }

    /** Data no connected source has, to be named as missing. */
    record Missing(String data) implements Expected {
        public String describe() {
            return "missing data (" + data + ")";
        }
    }

    /** An unclear question: say so and suggest questions. */
    record Unsure() implements Expected {
        public String describe() {
            return "unsure, with suggested questions";
        }
    }

    /** The oracle could not compute an answer (a tool refused, an expression did not fit the data). */
    record Unknown(String why) implements Expected {
        public String describe() {
            return "no expectation: " + why;
        }
    }

    static String keys(List<JsonNode> items, String key) {
        return items.stream().map(i -> Json.text(key != null && i.isObject() ? i.path(key) : i)).collect(Collectors.joining(", ", "[", "]"));
    }

    static String shorten(JsonNode value) {
        String text = Json.text(value);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
