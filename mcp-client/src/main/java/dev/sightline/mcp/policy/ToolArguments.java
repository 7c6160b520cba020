package dev.sightline.mcp.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call-time check of a tool call's arguments against the input schema the tool published, made
 * before anything is sent: a call the server would have to interpret beyond its own schema is not
 * sent at all. Schemas follow JSON Schema 2020-12 unless they name another dialect, as MCP says.
 */
public final class ToolArguments {

    private static final int MAX_REPORTED = 5;
    private static final int MAX_CACHED = 512;
    private static final int MAX_CACHED_CHARS = 64 * 1024;

    /**
     * Schemas come from vendors' servers, so a $ref is never fetched: only the meta-schemas that ship
     * with the validator resolve, anything else fails as an unusable schema.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012(),
            registry -> registry.schemaLoader(loader -> loader.fetchRemoteResources(false)
                    .block(iri -> !iri.toString().startsWith("https://json-schema.org/") && !iri.toString().startsWith("http://json-schema.org/"))));
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");

    private ToolArguments() {
    }

    /**
     * What is wrong with {@code arguments} for a tool whose input schema is {@code inputSchema}, as one
     * short message, or empty when the call may be sent. A null or empty schema accepts any object; null
     * arguments are the empty object.
     */
    public static Optional<String> violations(Map<String, Object> arguments, Map<String, Object> inputSchema) {
        return checker(inputSchema).violations(arguments);
    }

    /** The check for one input schema, made ready once for the many calls of the same tool. */
    public static Checker checker(Map<String, Object> inputSchema) {
        Map<String, Object> schemaMap = inputSchema == null || inputSchema.isEmpty() ? ANY_OBJECT : inputSchema;
        Object type = schemaMap.get("type");
        if (type != null && !"object".equals(type) && !(type instanceof List<?> types && types.contains("object"))) {
            return new Checker(null, "The tool's input schema does not describe an object, so no call can match it.");
        }
        try {
            return new Checker(compiled(schemaMap), null);
        } catch (RuntimeException e) {
            return new Checker(null, "The tool's input schema cannot be used (" + firstLine(e.getMessage()) + ").");
        }
    }

    /** A tool's input schema, compiled, or why it cannot be used. */
    public static final class Checker {
        private final Schema schema;
        private final String unusable;

        private Checker(Schema schema, String unusable) {
            this.schema = schema;
            this.unusable = unusable;
        }

        /** What is wrong with {@code arguments} as one short message, or empty when the call may be sent. */
        public Optional<String> violations(Map<String, Object> arguments) {
            if (unusable != null) {
                return Optional.of(unusable);
            }
            JsonNode call = JsonMapper.shared().valueToTree(arguments == null ? Map.of() : arguments);
            List<com.networknt.schema.Error> errors;
            try {
                errors = schema.validate(call);
            } catch (RuntimeException e) {
                return Optional.of("The tool's input schema cannot be used (" + firstLine(e.getMessage()) + ").");
            }
            if (errors.isEmpty()) {
                return Optional.empty();
            }
            StringBuilder message = new StringBuilder("The arguments do not match the tool's input schema: ");
            for (int i = 0; i < Math.min(MAX_REPORTED, errors.size()); i++) {
                message.append(i == 0 ? "" : "; ").append(where(errors.get(i))).append(errors.get(i).getMessage());
            }
            if (errors.size() > MAX_REPORTED) {
                message.append("; and ").append(errors.size() - MAX_REPORTED).append(" more");
            }
            return Optional.of(message.append('.').toString());
        }
    }

    private static Schema compiled(Map<String, Object> schemaMap) {
        JsonNode node = JsonMapper.shared().valueToTree(schemaMap);
        String key = node.toString();
        Schema known = COMPILED.get(key);
        if (known != null) {
            return known;
        }
        Schema schema = REGISTRY.getSchema(node);
        // Resolves every $ref now, so that an unusable schema fails here and not halfway through a call.
        schema.initializeValidators();
        // Only small schemas are kept: the cache counts entries, and a server may publish schemas of megabytes.
        if (key.length() <= MAX_CACHED_CHARS) {
            if (COMPILED.size() >= MAX_CACHED) {
                COMPILED.clear();
            }
            COMPILED.put(key, schema);
        }
        return schema;
    }

    /** "limit: " for an error at $.limit, nothing for one about the arguments as a whole. */
    private static String where(com.networknt.schema.Error error) {
        String path = String.valueOf(error.getInstanceLocation());
        String field = path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
        return field.isEmpty() ? "" : field + ": ";
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("unreadable");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
