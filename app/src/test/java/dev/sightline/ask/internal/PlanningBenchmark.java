package dev.sightline.ask.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.sightline.ask.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reading and planning a question costs, without any tool: every development-set question is
 * parsed into a typed query and planned into its calls (the site list answered in memory), side by
 * side with only reading its periods (the time grammar alone), the part every planner needs.
 * {@code ./benchmark-planning} prints p50, p95 and the slowest, after a warm-up.
 */
public final class PlanningBenchmark {

    /** The sites and paths as the parser tests list them; any other directory listing (a named policy) is empty here. */
    private static final Calls DIRECTORY = new Calls() {
        private final QuestionParserTests.SiteListing listing = new QuestionParserTests.SiteListing();

        @Override
        public JsonNode call(String tool, java.util.Map<String, Object> arguments) {
            return switch (tool) {
                case "list-teams", "list-sites", "analyze-traffic" -> listing.call(tool, arguments);
                default -> JsonMapper.shared().createObjectNode();
            };
        }

        @Override
        public List<JsonNode> callAll(String tool, List<java.util.Map<String, Object>> arguments) {
            return arguments.stream().map(a -> call(tool, a)).toList();
        }
    };

    static final int WARMUP = 5;
    static final int RUNS = 20;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "app/src/test/resources/evaluation/development/questions.jsonl");
        List<String> questions = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                JsonNode q = JsonMapper.shared().readTree(line);
                questions.add(q.path("question").asString());
            }
        }
        Semantics arcjet = Semantics.of("arcjet").orElseThrow();
        ZoneId zone = ZoneId.of("UTC");
        Instant now = Instant.parse("2026-11-25T14:30:00Z");
        long[] planning = new long[questions.size() * RUNS];
        long[] timeOnly = new long[questions.size() * RUNS];
        int calls = 0;
        for (int run = 0; run < WARMUP + RUNS; run++) {
            for (int i = 0; i < questions.size(); i++) {
                String question = questions.get(i);
                long started = System.nanoTime();
                QuestionParser.Reading reading = new QuestionParser(arcjet, new SiteCatalog(arcjet, DIRECTORY, "site_prod"), zone, now)
                        .read(question);
                List<QueryPlanner.ToolCall> plan = reading.query() instanceof Query.Unanswerable ? List.of()
                        : new QueryPlanner(arcjet, "site_prod", zone, now).plan(reading.query());
                long planned = System.nanoTime();
                TimeWindows.findAll(question, zone, now);
                long windows = System.nanoTime();
                if (run >= WARMUP) {
                    planning[(run - WARMUP) * questions.size() + i] = planned - started;
                    timeOnly[(run - WARMUP) * questions.size() + i] = windows - planned;
                    calls += plan.size();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%d questions x %d runs (after %d warm-up), %.1f planned calls per question%n", questions.size(), RUNS, WARMUP,
                (double) calls / (questions.size() * RUNS));
        System.out.printf(Locale.ROOT, "%-40s %10s %10s %10s%n", "", "p50 ms", "p95 ms", "max ms");
        print("parse + plan (the engine)", planning);
        print("time grammar alone", timeOnly);
    }

    private static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-40s %10.3f %10.3f %10.3f%n", name, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
