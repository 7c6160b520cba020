package dev.sightline.ask.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a tool's arguments from a question by its JSON Schema alone, for servers without
 * semantics: enums by their words, numbers as typed ("top 5"), periods as dates, IPs, ids and
 * quoted text; the source's site for a site id. What a required argument cannot be filled with is
 * named, so the question is not sent half-formed.
 */
final class SchemaArguments {

    /** The arguments, and the required ones that are missing (with their descriptions). */
    record Filled(Map<String, Object> arguments, List<String> missing) {
    }

    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.]*\\d)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d{1,9})(?![\\w.])");
    private static final Pattern QUOTED = Pattern.compile("[\"“']([^\"”']{1,200})[\"”']");
    private static final Pattern ID = Pattern.compile("\\b([a-z]{2,12}_[A-Za-z0-9_]{3,64})\\b");
    private static final Pattern PATH = Pattern.compile("(?<![\\w/.:])(/[A-Za-z0-9_\\-][A-Za-z0-9._~\\-/]*)");

    private SchemaArguments() {
    }

    static Filled fill(Map<String, Object> inputSchema, String question, String site, ZoneId zone, Instant now) {
        Map<String, Object> args = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        if (inputSchema == null || !(inputSchema.get("properties") instanceof Map<?, ?> properties)) {
            return new Filled(args, missing);
        }
        List<?> required = inputSchema.get("required") instanceof List<?> r ? r : List.of();
        String lower = question.toLowerCase(Locale.ROOT);
        TimeWindows.Window window = TimeWindows.find(question, zone, now).orElse(null);
        for (Map.Entry<?, ?> property : properties.entrySet()) {
            String name = String.valueOf(property.getKey());
            Map<?, ?> schema = property.getValue() instanceof Map<?, ?> m ? m : Map.of();
            Object value = value(name, schema, question, lower, site, window, required.contains(name));
            if (value != null) {
                args.put(name, value);
            } else if (required.contains(name)) {
                Object description = schema.get("description");
                missing.add(name + (description == null ? "" : " (" + description + ")"));
            }
        }
        return new Filled(args, missing);
    }

    private static Object value(String name, Map<?, ?> schema, String question, String lower, String site, TimeWindows.Window window, boolean required) {
        String key = name.toLowerCase(Locale.ROOT);
        String type = String.valueOf(schema.get("type"));
        if (schema.get("enum") instanceof List<?> values) {
            for (Object v : values) {
                String words = String.valueOf(v).toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
                if (QuestionParser.containsPhrase(lower.replace('-', ' '), words)) {
                    return v;
                }
            }
            return required ? schema.get("default") : null;
        }
        if (key.contains("site") && site != null) {
            return site;
        }
        if (type.equals("integer") || type.equals("number")) {
            Matcher n = NUMBER.matcher(question);
            Object fallback = schema.containsKey("default") ? schema.get("default") : null;
            if ((key.contains("limit") || key.contains("count") || key.contains("top") || key.equals("n")) && n.find()) {
                long v = Long.parseLong(n.group(1));
                if (schema.get("maximum") instanceof Number max) {
                    v = Math.min(v, max.longValue());
                }
                if (schema.get("minimum") instanceof Number min) {
                    v = Math.max(v, min.longValue());
                }
                return v;
            }
            return required ? (fallback != null ? fallback : schema.get("minimum")) : null;
        }
        if (type.equals("boolean")) {
            return required ? (schema.containsKey("default") ? schema.get("default") : false) : null;
        }
        if (!type.equals("string") && !type.equals("null")) {
            return null;
        }
        String format = String.valueOf(schema.get("format"));
        boolean start = key.equals("start") || key.equals("from") || key.equals("since") || key.startsWith("start") || key.endsWith("from");
        boolean end = key.equals("end") || key.equals("to") || key.equals("until") || key.startsWith("end") || key.endsWith("to");
        if (window != null && (start || end || format.equals("date-time") || format.equals("date"))) {
            Instant instant = end ? window.end() : window.start();
            return format.equals("date") ? instant.toString().substring(0, 10) : instant.toString();
        }
        if (key.equals("ip") || key.endsWith("ip") || key.contains("address")) {
            Matcher ip = IPV4.matcher(question);
            return ip.find() ? ip.group(1) : null;
        }
        if (key.equals("path") || key.endsWith("path")) {
            Matcher p = PATH.matcher(question);
            return p.find() ? p.group(1) : null;
        }
        if (key.endsWith("id")) {
            Matcher id = ID.matcher(question);
            return id.find() ? id.group(1) : null;
        }
        Matcher quoted = QUOTED.matcher(question);
        return required && quoted.find() ? quoted.group(1) : null;
    }
}
