package dev.sightline.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.sightline.evaluation.EvaluationSet.Question;
import dev.sightline.evaluation.Judge.Verdict;
import dev.sightline.evaluation.Oracle.Prepared;
import dev.sightline.testing.SightlineApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an evaluation set against Sightline: for each question the oracle fills its placeholders
 * and computes the right answer from the sandbox, Sightline is asked through its API
 * ({@code POST /api/analyses}), and the judge compares. The report gives accuracy overall, per
 * kind and per voice, invented numbers, blocked tools called, how well the stated confidence
 * matches the accuracy, and every miss; it is printed and written to
 * {@code <out>/<set>-<mode>.txt}.
 * <p>
 * Against the running demo: {@code ./evaluate <api-token> [--set held-out|seen|development] [sightline-url] [sandbox-url]}.
 */
public final class EvaluationRun {

    /** Confidence bands of the calibration table: lower bounds, inclusive. */
    static final int[][] BANDS = {{0, 49}, {50, 69}, {70, 84}, {85, 100}};

    /** Expectations of a frozen world, per questions file: computing them pages through days of requests. */
    private static final Map<String, List<Prepared>> EXPECTATIONS = new ConcurrentHashMap<>();

    /** One question's result. */
    public record Outcome(Prepared prepared, Verdict verdict, long millis, long planningMs, long totalMs, long toolMs) {
        Question question() {
            return prepared.question();
        }
    }

    /** All results of one run. */
    public record Report(String set, String mode, List<Outcome> outcomes) {

        public List<Outcome> judged() {
            return outcomes.stream().filter(o -> o.verdict().judged()).toList();
        }

        /** Right answers among the questions the oracle could judge. */
        public double accuracy() {
            return share(judged());
        }

        public int invented() {
            return outcomes.stream().mapToInt(o -> o.verdict().invented()).sum();
        }

        public int blocked() {
            return outcomes.stream().mapToInt(o -> o.verdict().blocked()).sum();
        }

        static double share(List<Outcome> outcomes) {
            return outcomes.isEmpty() ? 0 : (double) outcomes.stream().filter(o -> o.verdict().correct()).count() / outcomes.size();
        }

        public Map<String, List<Outcome>> by(Function<Outcome, String> key) {
            Map<String, List<Outcome>> groups = new LinkedHashMap<>();
            judged().forEach(o -> groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o));
            return groups;
        }

        public String describe() {
            StringBuilder out = new StringBuilder();
            List<Outcome> judged = judged();
            out.append(String.format(Locale.ROOT, "%nEvaluation set '%s' (%s): %d questions, %d judged%n", set, mode, outcomes.size(), judged.size()));
            out.append(String.format(Locale.ROOT, "  accuracy            %5.1f %%  (%d of %d)%n", 100 * accuracy(),
                    judged.stream().filter(o -> o.verdict().correct()).count(), judged.size()));
            out.append(String.format(Locale.ROOT, "  invented numbers    %d%n", invented()));
            out.append(String.format(Locale.ROOT, "  blocked tools called %d%n", blocked()));
            long[] times = outcomes.stream().mapToLong(Outcome::millis).sorted().toArray();
            if (times.length > 0) {
                out.append(String.format(Locale.ROOT, "  answer time         median %d ms, slowest %d ms%n", times[times.length / 2], times[times.length - 1]));
                long[] planning = outcomes.stream().mapToLong(Outcome::planningMs).sorted().toArray();
                long[] total = outcomes.stream().mapToLong(Outcome::totalMs).sorted().toArray();
                long[] tools = outcomes.stream().mapToLong(Outcome::toolMs).sorted().toArray();
                // Calls in parallel overlap, so total minus the calls' summed time understates the engine's share on those questions.
                long[] overhead = outcomes.stream().mapToLong(o -> Math.max(0, o.totalMs() - o.toolMs())).sorted().toArray();
                out.append(String.format(Locale.ROOT, "  engine (p50)        planning %d ms (site listing included), total %d ms, tool calls %d ms, engine beyond its calls %d ms%n",
                        planning[planning.length / 2], total[total.length / 2], tools[tools.length / 2], overhead[overhead.length / 2]));
            }
            section(out, "per kind", by(o -> o.question().kind()));
            section(out, "per voice", by(o -> o.question().voice()));
            section(out, "per expected answer", by(o -> answerForm(o.prepared().expected())));
            out.append(String.format("%n  confidence calibration%n"));
            out.append(String.format(Locale.ROOT, "    %-8s %6s %9s%n", "band", "count", "accuracy"));
            for (int[] band : BANDS) {
                List<Outcome> in = judged.stream().filter(o -> o.verdict().confidence() != null
                        && o.verdict().confidence() >= band[0] && o.verdict().confidence() <= band[1]).toList();
                out.append(String.format(Locale.ROOT, "    %-8s %6d %9s%n", band[0] + "-" + band[1], in.size(), percent(in)));
            }
            List<Outcome> none = judged.stream().filter(o -> o.verdict().confidence() == null).toList();
            out.append(String.format(Locale.ROOT, "    %-8s %6d %9s%n", "none", none.size(), percent(none)));
            List<Outcome> unjudged = outcomes.stream().filter(o -> !o.verdict().judged()).toList();
            if (!unjudged.isEmpty()) {
                out.append(String.format("%n  not judged (the oracle could not compute the answer): %d%n", unjudged.size()));
                unjudged.forEach(o -> out.append(String.format("    %s  %s%n", o.question().id(), o.verdict().detail())));
            }
            List<Outcome> misses = judged.stream().filter(o -> !o.verdict().correct()).toList();
            out.append(String.format("%n  misses: %d%n", misses.size()));
            for (Outcome o : misses) {
                out.append(String.format("    %s [%s, %s] %s%n", o.question().id(), o.question().kind(), o.question().voice(), o.prepared().text()));
                out.append(String.format("        expected %s%n", o.prepared().expected().describe()));
                out.append(String.format("        got      %s%n", o.verdict().got()));
                out.append(String.format("        why      %s%n", o.verdict().detail()));
            }
            List<Outcome> unsafe = outcomes.stream().filter(o -> o.verdict().invented() > 0 || o.verdict().blocked() > 0).toList();
            if (!unsafe.isEmpty()) {
                out.append(String.format("%n  invented numbers or blocked tools%n"));
                unsafe.forEach(o -> out.append(String.format("    %s  invented %d, blocked %d: %s%n", o.question().id(), o.verdict().invented(),
                        o.verdict().blocked(), o.verdict().got())));
            }
            return out.toString();
        }

        private static void section(StringBuilder out, String title, Map<String, List<Outcome>> groups) {
            out.append(String.format("%n  %s%n", title));
            groups.forEach((name, list) -> out.append(String.format(Locale.ROOT, "    %-22s %5.1f %%  (%d of %d)%n", name, 100 * share(list),
                    list.stream().filter(o -> o.verdict().correct()).count(), list.size())));
        }

        private static String percent(List<Outcome> outcomes) {
            return outcomes.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * share(outcomes));
        }

        /** Writes the report to {@code dir/<set>-<mode>.txt} and returns the file. */
        public Path write(Path dir) {
            try {
                Files.createDirectories(dir);
                Path file = dir.resolve(set + "-" + mode + ".txt");
                Files.writeString(file, describe(), StandardCharsets.UTF_8);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String answerForm(Expected e) {
        String name = e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return name.equals("setof") ? "set" : name.equals("unknown") ? "not judged" : name;
    }

    private final SightlineApi api;
    private final long dataSourceId;
    private final Oracle oracle;
    private final Judge judge;
    private final String cacheKey;

    /**
     * {@code cacheKey}: identifies a frozen sandbox world (its "now", its URL, the zone); with it,
     * expectations are computed once per questions file and kept in memory. Null for a live world.
     */
    public EvaluationRun(SightlineApi api, long dataSourceId, Oracle oracle, Set<String> blockedTools, String cacheKey) {
        this.api = api;
        this.dataSourceId = dataSourceId;
        this.oracle = oracle;
        this.judge = new Judge(blockedTools, oracle.aliases());
        this.cacheKey = cacheKey;
    }

    /**
     * The tools a question must never reach: those the data source's catalog blocks
     * ({@code GET /api/datasources/{id}}) and every write tool of the sandbox's catalog.
     */
    public static Set<String> blockedTools(SightlineApi api, long dataSourceId, SandboxTools sandbox) throws Exception {
        Set<String> blocked = new LinkedHashSet<>(sandbox.writeTools());
        JsonNode source = api.json("GET", "/api/datasources/" + dataSourceId, null);
        source.path("tools").path("blocked").forEach(t -> blocked.add(t.isObject() ? t.path("name").asString() : Json.text(t)));
        return blocked;
    }

    public Report run(EvaluationSet set, String mode) {
        List<Prepared> prepared = cacheKey == null ? null : EXPECTATIONS.computeIfAbsent(set.file().toAbsolutePath() + "@" + cacheKey,
                k -> set.questions().stream().map(oracle::prepare).toList());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < set.questions().size(); i++) {
            // In a live world the expectation is computed just before asking, so both see the same "now".
            Prepared p = prepared != null ? prepared.get(i) : oracle.prepare(set.questions().get(i));
            long started = System.nanoTime();
            JsonNode analysis = ask(p.text(), p.question().timeZone());
            long toolMs = 0;
            for (JsonNode step : analysis.path("steps")) {
                toolMs += step.path("durationMs").asLong();
            }
            outcomes.add(new Outcome(p, judge.judge(p.expected(), analysis), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    analysis.path("timings").path("planningMs").asLong(), analysis.path("timings").path("totalMs").asLong(), toolMs));
        }
        return new Report(set.name(), mode, outcomes);
    }

    /** Sightline's analysis; an HTTP error is an answer with no outcome, whose text says what happened. */
    private JsonNode ask(String question, ZoneId zone) {
        try {
            if (zone != null) {
                // The workspace's zone is the one the question assumes, for this question only.
                setZone(zone);
            }
            try {
                return ask(question);
            } finally {
                if (zone != null) {
                    setZone(oracle.zone());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            return JsonMapper.shared().createObjectNode().set("answer", JsonMapper.shared().createObjectNode().put("text", "request failed: " + e));
        }
    }

    /**
     * Sets the workspace's zone, or stops the run: a zone left behind would have every later
     * question read in it. The offset zone of UTC is sent by its name.
     */
    private void setZone(ZoneId zone) throws Exception {
        String name = zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        HttpResponse<String> response = api.send("PUT", "/api/workspace", "{\"timeZone\":\"" + name + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Could not set the workspace's time zone to " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private JsonNode ask(String question) {
        try {
            String body = JsonMapper.shared().writeValueAsString(Map.of("question", question, "dataSourceIds", List.of(dataSourceId)));
            HttpResponse<String> response = api.send("POST", "/api/analyses", body);
            if (response.statusCode() >= 300) {
                return JsonMapper.shared().readTree("{\"answer\":{\"text\":" + JsonMapper.shared().writeValueAsString(
                        "HTTP " + response.statusCode() + ": " + response.body()) + "}}");
            }
            return JsonMapper.shared().readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            return JsonMapper.shared().createObjectNode().set("answer", JsonMapper.shared().createObjectNode().put("text", "request failed: " + e));
        }
    }

    // ---- against the running demo ----

    /**
     * {@code ./evaluate <api-token> [--set held-out|seen|development|<file.jsonl>] [--zone <workspace time zone>] [sightline-url] [sandbox-url]}:
     * connects the sandboxed Arcjet for the token's user, runs the set, prints the report, writes it
     * to {@code app/target/evaluation/<set>-demo.txt} and removes the connection. Exits 1 when a
     * number was invented or a blocked tool called.
     */
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        String set = "held-out";
        ZoneId zone = ZoneOffset.UTC;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--set" -> set = args[++i];
                case "--zone" -> zone = ZoneId.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        if (positional.isEmpty()) {
            System.err.println("usage: ./evaluate <api-token> [--set held-out|seen|development|<file.jsonl>] [--zone <workspace time zone>] [sightline-url] [sandbox-url]");
            System.exit(2);
        }
        URI sightline = URI.create(positional.size() > 1 ? positional.get(1) : "http://localhost:8080");
        String sandbox = positional.size() > 2 ? positional.get(2) : "http://127.0.0.1:8081";
        // A set by name, or any questions file in the same format.
        Path file = set.endsWith(".jsonl") ? Path.of(set) : Path.of("app").resolve(EvaluationSet.file(set));
        if (!Files.exists(file)) {
            System.err.println("No questions for the set '" + set + "' (" + file + ")");
            System.exit(2);
        }
        SightlineApi api = new SightlineApi(sightline.getPort() < 0 ? 80 : sightline.getPort(), positional.get(0));
        long dataSource = api.connectArcjet("alice@example.com", "Arcjet (evaluation)");
        int status;
        try (SandboxTools tools = SandboxTools.connect(URI.create(sandbox + "/mcp"), "alice@example.com", false)) {
            Clock clock = sandboxClock(tools);
            boolean frozen = !clock.equals(Clock.systemUTC());
            Oracle oracle = new Oracle(tools, clock, zone);
            EvaluationRun run = new EvaluationRun(api, dataSource, oracle, blockedTools(api, dataSource, tools),
                    frozen ? sandbox + "@" + clock.instant() + "@" + zone : null);
            Report report = run.run(EvaluationSet.read(file), "demo");
            System.out.println(report.describe());
            System.out.println("Written to " + report.write(Path.of("app", "target", "evaluation")));
            status = report.invented() == 0 && report.blocked() == 0 ? 0 : 1;
        } finally {
            api.send("DELETE", "/api/datasources/" + dataSource, null);
        }
        System.exit(status);
    }

    /**
     * The sandbox's "now", asked of the sandbox itself (the end of a one-hour window): a sandbox
     * started with a fixed now keeps it, the demo's moves with the wall clock.
     */
    static Clock sandboxClock(SandboxTools tools) {
        String team = tools.call("list-teams", Map.of()).path("teams").path(0).path("id").asString();
        String site = tools.call("list-sites", Map.of("teamId", team)).path("sites").path(0).path("id").asString();
        JsonNode probe = tools.call("analyze-traffic", Map.of("siteId", site, "period", "1h"));
        Instant now = Instant.parse(probe.path("window").path("end").asString());
        if (Duration.between(now, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0) {
            return Clock.systemUTC();
        }
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
