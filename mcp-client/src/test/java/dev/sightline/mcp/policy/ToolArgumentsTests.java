package dev.sightline.mcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ToolArgumentsTests {

    static final Map<String, Object> SITE_WINDOW = Map.of("type", "object",
            "properties", Map.of(
                    "siteId", Map.of("type", "string", "minLength", 1),
                    "window", Map.of("type", "string", "enum", List.of("1h", "24h", "7d")),
                    "limit", Map.of("type", "integer", "minimum", 1, "maximum", 100)),
            "required", List.of("siteId"),
            "additionalProperties", false);

    @Test
    void argumentsThatMatchPass() {
        assertThat(ToolArguments.violations(Map.of("siteId", "site_01k72rzxrpfsdr96s8deh1e8d5", "window", "24h", "limit", 10), SITE_WINDOW)).isEmpty();
    }

    @Test
    void everyViolationIsNamedInOneShortMessage() {
        String message = ToolArguments.violations(Map.of("window", "2y", "limit", 1000, "sql", "DROP TABLE x"), SITE_WINDOW).orElseThrow();
        assertThat(message).startsWith("The arguments do not match the tool's input schema: ").endsWith(".")
                .contains("siteId").contains("window").contains("limit").contains("sql");
    }

    @Test
    void aWrongTypeIsAViolation() {
        assertThat(ToolArguments.violations(Map.of("siteId", 42), SITE_WINDOW)).isPresent();
    }

    @Test
    void noSchemaMeansAnyObject() {
        assertThat(ToolArguments.violations(Map.of("anything", List.of(1, 2)), null)).isEmpty();
        assertThat(ToolArguments.violations(Map.of(), Map.of())).isEmpty();
        assertThat(ToolArguments.violations(null, Map.of("type", "object"))).isEmpty();
        assertThat(ToolArguments.violations(null, Map.of("type", "object", "required", List.of("q")))).get().asString().contains("q");
    }

    @Test
    void aSchemaThatIsNotAnObjectIsRejectedGracefully() {
        assertThat(ToolArguments.violations(Map.of(), Map.of("type", "string"))).get().asString().contains("does not describe an object");
        assertThat(ToolArguments.violations(Map.of(), Map.of("type", List.of("array", "null")))).isPresent();
        assertThat(ToolArguments.violations(Map.of(), Map.of("$schema", "https://example.com/dialect", "type", "object")))
                .get().asString().contains("cannot be used");
    }

    @Test
    void referencesAreNeverFetched() {
        Map<String, Object> remote = Map.of("type", "object", "properties", Map.of("q", Map.of("$ref", "http://127.0.0.1:9/schema.json")));
        assertThat(ToolArguments.violations(Map.of("q", "x"), remote)).get().asString().contains("cannot be used");
        Map<String, Object> local = Map.of("type", "object", "$defs", Map.of("id", Map.of("type", "string")),
                "properties", Map.of("q", Map.of("$ref", "#/$defs/id")));
        assertThat(ToolArguments.violations(Map.of("q", "x"), local)).isEmpty();
        assertThat(ToolArguments.violations(Map.of("q", 1), local)).isPresent();
    }

    @Test
    void anOlderDialectIsHonoured() {
        Map<String, Object> draft7 = Map.of("$schema", "http://json-schema.org/draft-07/schema#", "type", "object",
                "properties", Map.of("n", Map.of("type", "number", "exclusiveMaximum", 10)));
        assertThat(ToolArguments.violations(Map.of("n", 5), draft7)).isEmpty();
        assertThat(ToolArguments.violations(Map.of("n", 10), draft7)).isPresent();
    }
}
