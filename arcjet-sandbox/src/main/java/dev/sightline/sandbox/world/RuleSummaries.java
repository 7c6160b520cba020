package dev.sightline.sandbox.world;

import java.util.List;
import java.util.Map;

/** One line that says what a rule does, as a dashboard would show it. */
final class RuleSummaries {

    private RuleSummaries() {
    }

    static String describe(RuleType type, Map<String, Object> config) {
        return switch (type) {
            case RATE_LIMIT -> "At most %s requests per %s per %s on %s".formatted(
                    config.getOrDefault("max", "?"), config.getOrDefault("window", "?"),
                    characteristics(config), config.getOrDefault("match", "every route"));
            case BOT -> config.get("allow") instanceof List<?> allow && !allow.isEmpty()
                    ? "Deny automated clients except " + String.join(", ", allow.stream().map(String::valueOf).toList())
                    : "Deny all automated clients";
            case SHIELD -> "Block common attacks (SQL injection, XSS, path traversal)";
            case FILTER -> "%s when %s".formatted(
                    "ALLOW".equals(config.get("action")) ? "Allow only" : "Deny", config.getOrDefault("expression", "?"));
        };
    }

    private static String characteristics(Map<String, Object> config) {
        return config.get("characteristics") instanceof List<?> list && !list.isEmpty()
                ? String.join("+", list.stream().map(String::valueOf).toList()).replace("ip.src", "IP")
                : "IP";
    }
}
