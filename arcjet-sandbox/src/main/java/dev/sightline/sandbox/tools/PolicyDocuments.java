package dev.sightline.sandbox.tools;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.sightline.sandbox.world.GuardPolicy;
import dev.sightline.sandbox.world.Rule;

/**
 * Guard policy documents as callers send them to validate-guard-policy and put-guard-policy. Every
 * problem is reported with where it is, all at once, so a caller (often a model) can fix the
 * document in one round instead of one error at a time.
 */
final class PolicyDocuments {

    static final List<String> RULE_TYPES = List.of("membership", "sensitive_info", "prompt_injection", "max_value", "token_bucket");
    static final List<String> INPUT_TYPES = List.of("string", "string_list", "number");
    static final List<String> ENTITIES = List.of("EMAIL", "PHONE_NUMBER", "IP_ADDRESS", "CREDIT_CARD_NUMBER", "BANK_ACCOUNT", "ROUTING_NUMBER");
    static final int MAX_RULES = 10;
    static final int MAX_INPUTS = 20;

    /** The fields describe-guard-policy adds; a described policy can be edited and sent back as it is. */
    private static final Set<String> SERVER_MANAGED = Set.of("id", "siteId", "version", "createdAt", "updatedAt");
    private static final Set<String> FIELDS = Set.of("label", "name", "description", "mode", "inputs", "rules");
    private static final Pattern LABEL = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$");
    private static final Pattern INPUT_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");
    private static final Map<String, List<String>> RULE_SETTINGS = Map.of(
            "membership", List.of("input", "list"),
            "sensitive_info", List.of("input", "deny"),
            "prompt_injection", List.of("input"),
            "max_value", List.of("input", "max"),
            "token_bucket", List.of("capacity", "refillPerHour"));

    static final String SHAPE = "{\"label\": \"email.sent\", \"name\": \"Support agent email\", \"description\": \"...\", "
            + "\"mode\": \"DRY_RUN\" or \"LIVE\" (default DRY_RUN), "
            + "\"inputs\": [{\"name\": \"body\", \"exposure\": \"LOCAL\" or \"SERVER\", \"type\": \"string\", \"string_list\" or \"number\"}], "
            + "\"rules\": [{\"type\": \"sensitive_info\", \"input\": \"body\", \"deny\": [\"CREDIT_CARD_NUMBER\"]}]}. "
            + "Rule types: membership {input, list: a string_list input}, sensitive_info {input, deny: entities among " + ENTITIES + "}, "
            + "prompt_injection {input}, max_value {input: a number, max}, token_bucket {capacity, refillPerHour} per actor. "
            + "At most " + MAX_RULES + " rules.";

    private PolicyDocuments() {
    }

    /** One problem, and where in the document it is (e.g. "rules[1].input"). */
    record Finding(String path, String message) {

        Map<String, Object> json() {
            return ArcjetTools.json("path", path, "message", message);
        }

        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    /** The verdict on a document: the draft it describes, or the errors that keep it from being one. */
    record Review(GuardPolicy.Draft draft, Integer basedOnVersion, List<Finding> errors, List<Finding> warnings) {

        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The label a document names, if any: it selects the site's current policy to review against. */
    static String label(Map<String, Object> document) {
        return document.get("label") instanceof String label ? label.trim() : null;
    }

    /**
     * Reviews a document against the site's current policy for the same label (null when there is
     * none yet).
     */
    static Review review(Map<String, Object> document, GuardPolicy current) {
        List<Finding> errors = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        for (String field : document.keySet()) {
            if (!FIELDS.contains(field) && !SERVER_MANAGED.contains(field)) {
                errors.add(new Finding(field, "Unknown field. A policy has label, name, description, mode, inputs and rules."));
            }
        }

        String label = label(document);
        if (label == null || label.isEmpty()) {
            errors.add(new Finding("label", "Required: the action the policy guards, as the application's guard() call names it, e.g. \"email.sent\"."));
        } else if (!LABEL.matcher(label).matches()) {
            errors.add(new Finding("label", "'" + label + "' is not a label: use lower-case words separated by dots, e.g. \"email.sent\"."));
        }
        String name = document.get("name") instanceof String s ? s.trim() : null;
        if (name == null || name.isEmpty()) {
            errors.add(new Finding("name", "Required: a short name people recognise, e.g. \"Support agent email\"."));
        } else if (name.length() > 80) {
            errors.add(new Finding("name", "At most 80 characters."));
        }
        Object descriptionValue = document.get("description");
        if (descriptionValue != null && !(descriptionValue instanceof String)) {
            errors.add(new Finding("description", "Must be a string."));
        }
        String description = descriptionValue instanceof String s ? s.trim() : "";
        String mode = document.get("mode") == null ? Rule.DRY_RUN : String.valueOf(document.get("mode")).trim().toUpperCase(Locale.ROOT);
        if (!mode.equals(Rule.LIVE) && !mode.equals(Rule.DRY_RUN)) {
            errors.add(new Finding("mode", "Must be LIVE (enforced) or DRY_RUN (decisions recorded, nothing denied)."));
        }

        Map<String, GuardPolicy.Input> inputs = inputs(document.get("inputs"), errors);
        List<GuardPolicy.GuardRule> rules = rules(document.get("rules"), inputs, errors, warnings);
        Set<Object> used = new HashSet<>();
        rules.forEach(rule -> {
            used.add(rule.settings().get("input"));
            used.add(rule.settings().get("list"));
        });
        inputs.keySet().stream().filter(input -> !used.contains(input))
                .forEach(input -> warnings.add(new Finding("inputs", "'" + input + "' is declared but no rule reads it.")));

        Integer basedOn = null;
        if (document.get("version") != null) {
            if (!(document.get("version") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                errors.add(new Finding("version", "Must be the whole number describe-guard-policy returned, or left out."));
            } else if (current == null) {
                warnings.add(new Finding("version", "There is no policy for this label yet, so this creates one at version 1; 'version' is ignored."));
            } else if (n.intValue() != current.version()) {
                errors.add(new Finding("version", "The policy changed since this document was read: version " + current.version()
                        + " is current, the document is based on version " + n.intValue() + ". Call describe-guard-policy again and reapply the change."));
            } else {
                basedOn = n.intValue();
            }
        }
        if (document.get("id") != null && (current == null || !current.id().equals(document.get("id")))) {
            errors.add(new Finding("id", current == null
                    ? "No policy of this site has this label, so there is nothing with id '" + document.get("id") + "' to replace. A policy's label "
                            + "cannot change (the application's code names it); leave out 'id' to create a new policy."
                    : "The site's policy for '" + label + "' is " + current.id() + ", not '" + document.get("id") + "'. A policy's label "
                            + "cannot change; leave out 'id' to create a new policy."));
        }
        if (current == null && mode.equals(Rule.LIVE) && errors.isEmpty()) {
            warnings.add(new Finding("mode", "New policies usually start in DRY_RUN: in LIVE, a mistake denies real actions from the first call."));
        }
        if (rules.isEmpty() && errors.isEmpty()) {
            warnings.add(new Finding("rules", "Without rules the policy allows every action."));
        }
        GuardPolicy.Draft draft = errors.isEmpty()
                ? new GuardPolicy.Draft(label, name, description, mode, List.copyOf(inputs.values()), rules) : null;
        return new Review(draft, basedOn, List.copyOf(errors), List.copyOf(warnings));
    }

    private static Map<String, GuardPolicy.Input> inputs(Object value, List<Finding> errors) {
        Map<String, GuardPolicy.Input> inputs = new LinkedHashMap<>();
        if (value == null) {
            return inputs;
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new Finding("inputs", "Must be a list of {name, exposure, type}."));
            return inputs;
        }
        if (list.size() > MAX_INPUTS) {
            errors.add(new Finding("inputs", "At most " + MAX_INPUTS + " inputs."));
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "inputs[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> input)) {
                errors.add(new Finding(path, "Must be an object {name, exposure, type}."));
                continue;
            }
            for (Object key : input.keySet()) {
                if (!List.of("name", "exposure", "type").contains(key)) {
                    errors.add(new Finding(path + "." + key, "Unknown field. An input has name, exposure and type."));
                }
            }
            String name = input.get("name") instanceof String s ? s.trim() : "";
            String exposure = String.valueOf(input.get("exposure")).trim().toUpperCase(Locale.ROOT);
            String type = String.valueOf(input.get("type")).trim().toLowerCase(Locale.ROOT);
            boolean ok = true;
            if (!INPUT_NAME.matcher(name).matches()) {
                errors.add(new Finding(path + ".name", "Required: lower-case letters, digits and underscores, starting with a letter (e.g. \"recipient\")."));
                ok = false;
            } else if (inputs.containsKey(name)) {
                errors.add(new Finding(path + ".name", "'" + name + "' is declared twice."));
                ok = false;
            }
            if (!exposure.equals(GuardPolicy.SERVER) && !exposure.equals(GuardPolicy.LOCAL)) {
                errors.add(new Finding(path + ".exposure", "Must be SERVER (the value is sent to Arcjet) or LOCAL (it never leaves the application)."));
                ok = false;
            }
            if (!INPUT_TYPES.contains(type)) {
                errors.add(new Finding(path + ".type", "Must be one of " + INPUT_TYPES + "."));
                ok = false;
            }
            if (ok) {
                inputs.put(name, new GuardPolicy.Input(name, exposure, type));
            }
        }
        return inputs;
    }

    private static List<GuardPolicy.GuardRule> rules(Object value, Map<String, GuardPolicy.Input> inputs, List<Finding> errors,
                                                     List<Finding> warnings) {
        List<GuardPolicy.GuardRule> rules = new ArrayList<>();
        if (value == null) {
            return rules;
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new Finding("rules", "Must be a list of rules, each {type, ...its settings}."));
            return rules;
        }
        if (list.size() > MAX_RULES) {
            errors.add(new Finding("rules", "At most " + MAX_RULES + " rules per policy, not " + list.size() + "."));
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "rules[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> rule)) {
                errors.add(new Finding(path, "Must be an object {type, ...its settings}."));
                continue;
            }
            String type = String.valueOf(rule.get("type")).trim().toLowerCase(Locale.ROOT);
            if (!RULE_TYPES.contains(type)) {
                errors.add(new Finding(path + ".type", "Must be one of " + RULE_TYPES + "."));
                continue;
            }
            List<String> expected = RULE_SETTINGS.get(type);
            for (Object key : rule.keySet()) {
                if (!"type".equals(key) && !"summary".equals(key) && !expected.contains(key)) {
                    errors.add(new Finding(path + "." + key, "Unknown setting. A " + type + " rule has " + String.join(", ", expected) + "."));
                }
            }
            int before = errors.size();
            Map<String, Object> settings = new LinkedHashMap<>();
            switch (type) {
                case "membership" -> {
                    settings.put("input", input(rule, "input", "string", inputs, path, errors, true));
                    settings.put("list", input(rule, "list", "string_list", inputs, path, errors, true));
                }
                case "sensitive_info", "prompt_injection" -> {
                    String input = input(rule, "input", "string", inputs, path, errors, false);
                    settings.put("input", input);
                    if (input != null && inputs.get(input) != null && inputs.get(input).exposure().equals(GuardPolicy.SERVER)) {
                        warnings.add(new Finding(path + ".input", "'" + input + "' is SERVER, so its raw value is sent to Arcjet to be screened. "
                                + "Declare it LOCAL to screen it without the value leaving the application."));
                    }
                    if (type.equals("sensitive_info")) {
                        settings.put("deny", entities(rule.get("deny"), path + ".deny", errors));
                    }
                }
                case "max_value" -> {
                    settings.put("input", input(rule, "input", "number", inputs, path, errors, true));
                    if (!(rule.get("max") instanceof Number max) || max.doubleValue() < 0) {
                        errors.add(new Finding(path + ".max", "Required: the largest allowed value, a number of 0 or more."));
                    } else {
                        settings.put("max", max);
                    }
                }
                case "token_bucket" -> {
                    settings.put("capacity", whole(rule.get("capacity"), path + ".capacity", "how many actions an actor may take at once", errors));
                    settings.put("refillPerHour", whole(rule.get("refillPerHour"), path + ".refillPerHour", "how many come back each hour", errors));
                }
                default -> throw new IllegalStateException(type);
            }
            if (errors.size() == before) {
                rules.add(new GuardPolicy.GuardRule(type, settings));
            }
        }
        return rules;
    }

    /** The name of a declared input of the right type; server-side comparisons also need the value to reach Arcjet. */
    private static String input(Map<?, ?> rule, String setting, String type, Map<String, GuardPolicy.Input> inputs, String path,
                                List<Finding> errors, boolean needsServerValue) {
        String where = path + "." + setting;
        if (!(rule.get(setting) instanceof String name) || name.isBlank()) {
            errors.add(new Finding(where, "Required: the name of a declared " + type + " input."));
            return null;
        }
        GuardPolicy.Input input = inputs.get(name.trim());
        if (input == null) {
            errors.add(new Finding(where, "'" + name + "' is not declared under inputs. Declared: " + inputs.keySet() + "."));
            return null;
        }
        if (!input.type().equals(type)) {
            errors.add(new Finding(where, "'" + name + "' is a " + input.type() + " input; this setting needs a " + type + "."));
        } else if (needsServerValue && input.exposure().equals(GuardPolicy.LOCAL)) {
            errors.add(new Finding(where, "'" + name + "' is LOCAL, so its value never reaches Arcjet and cannot be compared. Declare it SERVER."));
        }
        return input.name();
    }

    private static List<String> entities(Object value, String path, List<Finding> errors) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            errors.add(new Finding(path, "Required: the entity types to deny, among " + ENTITIES + "."));
            return List.of();
        }
        List<String> entities = new ArrayList<>();
        for (Object entity : list) {
            String e = String.valueOf(entity).trim().toUpperCase(Locale.ROOT);
            if (!ENTITIES.contains(e)) {
                errors.add(new Finding(path, "'" + entity + "' is not an entity type; use " + ENTITIES + "."));
            } else if (!entities.contains(e)) {
                entities.add(e);
            }
        }
        return entities;
    }

    private static Integer whole(Object value, String path, String meaning, List<Finding> errors) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1 || n.longValue() > 1_000_000) {
            errors.add(new Finding(path, "Required: " + meaning + ", a whole number from 1 to 1000000."));
            return null;
        }
        return n.intValue();
    }
}
