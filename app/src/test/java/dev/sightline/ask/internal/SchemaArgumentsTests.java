package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The generic path fills a tool's arguments from its schema alone, and names a required one it cannot fill. */
class SchemaArgumentsTests {

    static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");
    static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("projectId", "status", "since"), "properties", Map.of(
            "projectId", Map.of("type", "string", "description", "The project's id"),
            "status", Map.of("type", "string", "enum", List.of("OPEN", "IN_PROGRESS", "CLOSED")),
            "since", Map.of("type", "string", "format", "date-time"),
            "limit", Map.of("type", "integer", "minimum", 1, "maximum", 50)));

    @Test
    void everyRequiredArgumentComesFromTheQuestion() {
        SchemaArguments.Filled filled = SchemaArguments.fill(SCHEMA, "top 5 in progress issues of proj_abc123 since yesterday", null, ZoneId.of("UTC"), NOW);
        assertThat(filled.missing()).isEmpty();
        assertThat(filled.arguments()).containsEntry("projectId", "proj_abc123").containsEntry("status", "IN_PROGRESS")
                .containsEntry("since", "2026-11-24T00:00:00Z").containsEntry("limit", 5L);
    }

    @Test
    void aMissingRequiredArgumentIsNamedNotGuessed() {
        SchemaArguments.Filled filled = SchemaArguments.fill(SCHEMA, "closed issues since yesterday", null, ZoneId.of("UTC"), NOW);
        assertThat(filled.missing()).containsExactly("projectId (The project's id)");
        assertThat(filled.arguments()).doesNotContainKey("projectId");
    }
}
