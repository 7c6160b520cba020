package dev.sightline.mcp.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The smallest arguments that satisfy a tool's input schema: defaults where given, else a plain value per required type. */
final class SchemaArguments {

    private SchemaArguments() {
    }

    static Map<String, Object> example(Map<String, Object> schema) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (schema == null || !(schema.get("properties") instanceof Map<?, ?> properties)) {
            return arguments;
        }
        List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
        properties.forEach((name, property) -> {
            if (property instanceof Map<?, ?> p && (required.contains(name) || p.containsKey("default"))) {
                arguments.put(String.valueOf(name), p.containsKey("default") ? p.get("default") : value(p));
            }
        });
        return arguments;
    }

    private static Object value(Map<?, ?> property) {
        if (property.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.get(0);
        }
        return switch (String.valueOf(property.get("type"))) {
            case "number", "integer" -> 1;
            case "boolean" -> false;
            case "array" -> List.of();
            case "object" -> Map.of();
            default -> "example";
        };
    }
}
