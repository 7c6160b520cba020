package dev.sightline.sandbox.world;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Guard policy: the rules Arcjet checks before one action of an application or agent runs
 * (sending an email, issuing a refund, fetching a page). The application's guard() call names the
 * action by its label, so a site has at most one policy per label. Every put makes a new version.
 */
public record GuardPolicy(String id, String siteId, String label, String name, String description, String mode,
                          List<Input> inputs, List<GuardRule> rules, int version, Instant createdAt, Instant updatedAt) {

    public static final String SERVER = "SERVER";
    public static final String LOCAL = "LOCAL";

    public GuardPolicy {
        inputs = List.copyOf(inputs);
        rules = List.copyOf(rules);
    }

    /**
     * A value the application passes to guard(). A SERVER value is sent to Arcjet and rules can
     * compare it; a LOCAL one never leaves the application and can only be screened by detectors
     * that run there.
     */
    public record Input(String name, String exposure, String type) {
    }

    /** One rule of a policy: its type and its type-specific settings (which inputs it reads, limits, entities). */
    public record GuardRule(String type, Map<String, Object> settings) {

        public GuardRule {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        /** What the rule does, in one line, as the console would show it. */
        public String summary() {
            return switch (type) {
                case "membership" -> "Deny unless %s is in %s".formatted(settings.get("input"), settings.get("list"));
                case "sensitive_info" -> "Deny when %s contains %s".formatted(settings.get("input"), settings.get("deny") instanceof List<?> deny
                        ? deny.stream().map(String::valueOf).collect(Collectors.joining(", ")) : "?");
                case "prompt_injection" -> "Deny when %s carries a prompt injection".formatted(settings.get("input"));
                case "max_value" -> "Deny when %s is over %s".formatted(settings.get("input"), settings.get("max"));
                case "token_bucket" -> "At most %s actions per actor, refilled by %s per hour".formatted(settings.get("capacity"),
                        settings.get("refillPerHour"));
                default -> type;
            };
        }
    }

    /** What a caller proposes; the sandbox adds the id, the version and the times. */
    public record Draft(String label, String name, String description, String mode, List<Input> inputs, List<GuardRule> rules) {
    }
}
