package dev.sightline.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A questions file of the evaluation sets (one JSON object a line: id, question, kind, voice,
 * expect), named after its folder ({@code held-out}, {@code development}). A line or its
 * {@code expect} may name a {@code timeZone}: the workspace's zone that question assumes.
 */
public record EvaluationSet(String name, Path file, List<Question> questions) {

    /** One line of the file. */
    public record Question(String id, String question, String kind, String voice, JsonNode expect, ZoneId timeZone) {
    }

    /** Where the sets live in the source tree, relative to the app module. */
    public static Path file(String set) {
        return Path.of("src", "test", "resources", "evaluation", set, "questions.jsonl");
    }

    public static EvaluationSet read(Path file) {
        List<Question> questions = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("//")) {
                continue;
            }
            JsonNode q;
            try {
                q = JsonMapper.shared().readTree(line);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + number + " is not JSON: " + e.getMessage(), e);
            }
            String zone = q.path("timeZone").asString(q.path("expect").path("timeZone").asString(null));
            questions.add(new Question(q.path("id").asString("line " + number), q.path("question").asString(""),
                    q.path("kind").asString("?"), q.path("voice").asString("?"), q.path("expect"), zone == null ? null : ZoneId.of(zone)));
        }
        Path folder = file.toAbsolutePath().getParent();
        return new EvaluationSet(folder == null ? file.toString() : folder.getFileName().toString(), file, List.copyOf(questions));
    }
}
