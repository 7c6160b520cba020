package dev.sightline.sandbox.tools;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schemas of the tools' inputs and outputs. */
final class Schemas {

    private Schemas() {
    }

    /** A property: its name and schema. */
    record Property(String name, Map<String, Object> schema, boolean required) {
    }

    static Map<String, Object> object(Property... properties) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = Arrays.stream(properties).filter(Property::required).map(Property::name).toList();
        for (Property p : properties) {
            props.put(p.name(), p.schema());
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** An output object: like {@link #object} but open to additional properties, as results may grow. */
    static Map<String, Object> result(Property... properties) {
        Map<String, Object> schema = object(properties);
        schema.remove("additionalProperties");
        return schema;
    }

    static Property required(String name, Map<String, Object> schema) {
        return new Property(name, schema, true);
    }

    static Property optional(String name, Map<String, Object> schema) {
        return new Property(name, schema, false);
    }

    static Map<String, Object> string(String description) {
        return schema("string", description);
    }

    static Map<String, Object> pattern(String description, String pattern) {
        Map<String, Object> s = string(description);
        s.put("pattern", pattern);
        return s;
    }

    static Map<String, Object> dateTime(String description) {
        Map<String, Object> s = string(description);
        s.put("format", "date-time");
        return s;
    }

    static Map<String, Object> enumeration(String description, List<String> values) {
        Map<String, Object> s = string(description);
        s.put("enum", values);
        return s;
    }

    static Map<String, Object> integer(String description, int minimum, int maximum, Integer defaultValue) {
        Map<String, Object> s = schema("integer", description);
        s.put("minimum", minimum);
        s.put("maximum", maximum);
        if (defaultValue != null) {
            s.put("default", defaultValue);
        }
        return s;
    }

    static Map<String, Object> count(String description) {
        Map<String, Object> s = schema("integer", description);
        s.put("minimum", 0);
        return s;
    }

    static Map<String, Object> number(String description) {
        return schema("number", description);
    }

    static Map<String, Object> bool(String description) {
        return schema("boolean", description);
    }

    static Map<String, Object> array(String description, Map<String, Object> items) {
        Map<String, Object> s = schema("array", description);
        s.put("items", items);
        return s;
    }

    static Map<String, Object> anyObject(String description) {
        return schema("object", description);
    }

    static Map<String, Object> nullable(Map<String, Object> schema) {
        Map<String, Object> s = new LinkedHashMap<>(schema);
        s.put("type", List.of(String.valueOf(schema.get("type")), "null"));
        return s;
    }

    private static Map<String, Object> schema(String type, String description) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        s.put("description", description);
        return s;
    }
}
