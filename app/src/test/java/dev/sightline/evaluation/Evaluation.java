package dev.sightline.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.sightline.sandbox.traffic.Conclusion;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.testing.SightlineApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation set: questions phrased as different people would, each with the expected answer
 * computed here from the sandbox's ground truth (its traffic regenerated from the same seed and
 * "now", counted with plain streams). Reports routing accuracy (the planner's intent) and answer
 * correctness (the numbers), and lists every miss.
 * <p>
 * Against the running demo: {@code ./evaluate <api-token>} (a token of a Sightline user; the
 * evaluation connects the sandboxed Arcjet for that user and removes the connection afterwards).
 */
public final class Evaluation {

    /** One question with what must come back. */
    record Case(String question, String intent, String check) {
    }

    /** One question's outcome. */
    record Result(Case question, String intent, boolean routed, boolean correct, String detail) {
    }

    /** All outcomes, with the shares the issue's target is about. */
    record Report(List<Result> results) {
        double routing() {
            return (double) results.stream().filter(Result::routed).count() / results.size();
        }

        double correctness() {
            return (double) results.stream().filter(Result::correct).count() / results.size();
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.US, "%n%d questions: routing %.1f %%, correct answers %.1f %%%n", results.size(), routing() * 100, correctness() * 100));
            for (Result r : results) {
                if (!r.correct() || !r.routed()) {
                    out.append(String.format("  MISS  %-70s expected %s, got %s: %s%n", r.question().question(), r.question().intent(), r.intent(), r.detail()));
                }
            }
            return out.toString();
        }
    }

    private final SightlineApi api;
    private final Instant sandboxNow;
    private final List<RequestDecision> prod;
    private final List<RequestDecision> staging;

    Evaluation(SightlineApi api, long seed, int requestsPerSite, Instant sandboxNow) {
        this.api = api;
        this.sandboxNow = sandboxNow;
        TrafficStore traffic = new TrafficStore(new SandboxWorld(Clock.fixed(sandboxNow, ZoneOffset.UTC)),
                new TrafficGenerator(seed, requestsPerSite, sandboxNow));
        this.prod = traffic.of("acme-prod").stream().toList();
        this.staging = traffic.of("acme-staging").stream().toList();
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = Evaluation.class.getResourceAsStream("/evaluation/questions.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .map(p -> new Case(p[0], p[1], p[2]))
                    .toList();
        }
    }

    Report run(long dataSourceId) throws Exception {
        String campaignIp = campaignIp();
        List<Result> results = new ArrayList<>();
        for (Case c : cases()) {
            String question = c.question().replace("{campaign_ip}", campaignIp);
            JsonNode a = api.json("POST", "/api/analyses", JsonMapper.shared().writeValueAsString(Map.of("question", question, "dataSourceIds", List.of(dataSourceId))));
            String intent = a.path("plan").path("intent").asString("NONE");
            boolean routed = intent.equals(c.intent());
            String detail;
            boolean correct;
            try {
                detail = check(c.check(), a, campaignIp);
                correct = detail == null;
            } catch (RuntimeException e) {
                detail = e.toString();
                correct = false;
            }
            results.add(new Result(new Case(question, c.intent(), c.check()), intent, routed, correct && routed, detail == null ? "" : detail));
        }
        return new Report(results);
    }

    /** Null when the answer is right; otherwise what was expected. */
    private String check(String spec, JsonNode a, String campaignIp) {
        String[] p = spec.split(" ");
        String text = a.path("answer").path("text").asString();
        List<RequestDecision> in = period(a);
        switch (p[0]) {
            case "count" -> {
                long expected = in.stream().filter(filter(p[1], p[2])).count();
                long actual = a.path("chart").path("metric").path("value").asLong(-1);
                return actual == expected ? null : "expected " + expected + ", answered " + actual;
            }
            case "pathcount" -> {
                long expected = in.stream().filter(filter(p[1], p[2])).filter(d -> d.path().equals(p[3])).count();
                long actual = a.path("chart").path("metric").path("value").asLong(-1);
                return actual == expected ? null : "expected " + expected + " to " + p[3] + ", answered " + actual;
            }
            case "rate" -> {
                double expected = Math.round(10000.0 * in.stream().filter(d -> d.conclusion() == Conclusion.DENY).count() / Math.max(1, in.size())) / 100.0;
                double actual = a.path("chart").path("metric").path("value").asDouble(-1);
                return Math.abs(actual - expected) < 0.011 ? null : "expected " + expected + "%, answered " + actual;
            }
            case "toppath", "topip", "toppathip" -> {
                List<RequestDecision> matching = in.stream().filter(filter(p[1], p[2])).toList();
                String path = top(matching, RequestDecision::path);
                String ip = top(matching, d -> d.ip().address());
                boolean ok = (!p[0].contains("path") || text.contains(path)) && (!p[0].endsWith("ip") || text.contains(ip));
                return ok ? null : "expected top path " + path + " / top IP " + ip + " in: " + text;
            }
            case "reasons" -> {
                Map<Reason, Long> reasons = in.stream().filter(d -> d.conclusion() == Conclusion.DENY)
                        .collect(Collectors.groupingBy(RequestDecision::reason, Collectors.counting()));
                long max = reasons.values().stream().max(Long::compare).orElse(0L);
                long actual = a.path("table").path("rows").get(0).get(1).asLong(-1);
                return actual == max ? null : "expected the main reason with " + max + ", answered " + actual;
            }
            case "series" -> {
                long expected = in.stream().filter(filter(p[1], p[2])).count();
                long actual = 0;
                for (JsonNode row : a.path("table").path("rows")) {
                    actual += row.get(1).asLong();
                }
                return actual == expected ? null : "expected a total of " + expected + " over the series, got " + actual;
            }
            case "ip" -> {
                long expected = in.stream().filter(d -> d.ip().address().equals(campaignIp)).count();
                return text.contains(number(expected)) ? null : "expected " + number(expected) + " requests in: " + text;
            }
            case "quota" -> {
                Instant monthStart = YearMonth.from(sandboxNow.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                long used = between(prod, monthStart, sandboxNow).size() + between(staging, monthStart, sandboxNow).size();
                return text.contains(number(used)) ? null : "expected " + number(used) + " used in: " + text;
            }
            case "dryrun" -> {
                long expected = in.stream().filter(d -> d.dryRunReason() != Reason.NONE).count();
                return text.contains(number(expected)) ? null : "expected " + number(expected) + " would-be blocks in: " + text;
            }
            case "rules" -> {
                return text.contains("5 remote rules") ? null : "expected 5 remote rules in: " + text;
            }
            case "requests" -> {
                JsonNode rows = a.path("table").path("rows");
                boolean onPath = p.length < 2 || rows.valueStream().allMatch(row -> row.get(2).asString().equals(p[1]));
                return rows.size() > 0 && onPath ? null : "expected a table of requests" + (p.length < 2 ? "" : " to " + p[1]);
            }
            case "spike" -> {
                return text.startsWith("Yes") && text.contains("signups") ? null : "expected a yes with the missing signups named: " + text;
            }
            case "missing" -> {
                return text.contains("no connected data source has " + p[1]) ? null : "expected the missing " + p[1] + " named: " + text;
            }
            case "unclear" -> {
                return text.contains("not sure") ? null : "expected a request to clarify: " + text;
            }
            case "intent" -> {
                return a.path("steps").size() > 0 && a.path("warnings").findValues("title").stream().noneMatch(t -> t.asString().contains("did not answer"))
                        ? null : "expected an answer from the tools";
            }
            default -> throw new IllegalArgumentException("Unknown check " + spec);
        }
    }

    private List<RequestDecision> period(JsonNode a) {
        if (!a.path("period").isObject()) {
            return List.of();
        }
        Instant start = Instant.parse(a.path("period").path("start").asString());
        Instant end = Instant.parse(a.path("period").path("end").asString());
        return between(prod, start, end.isAfter(sandboxNow) ? sandboxNow : end);
    }

    private static List<RequestDecision> between(List<RequestDecision> all, Instant start, Instant end) {
        return all.stream().filter(d -> !d.timestamp().isBefore(start) && d.timestamp().isBefore(end)).toList();
    }

    private static Predicate<RequestDecision> filter(String conclusion, String reason) {
        return d -> ("-".equals(conclusion) || d.conclusion() == Conclusion.valueOf(conclusion))
                && ("-".equals(reason) || d.reason() == Reason.valueOf(reason) || d.dryRunReason() == Reason.valueOf(reason));
    }

    private static String top(List<RequestDecision> decisions, Function<RequestDecision, String> key) {
        return decisions.stream().collect(Collectors.groupingBy(key, Collectors.counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).findFirst().orElse("(none)");
    }

    private String campaignIp() {
        var incident = TrafficGenerator.incident(sandboxNow);
        return top(between(prod, incident.start(), incident.end()).stream().filter(d -> d.path().equals("/api/signup")).toList(), d -> d.ip().address());
    }

    private static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    /** {@code ./evaluate <api-token> [sightline-url] [sandbox-url]}: runs the set against the running demo. */
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length < 1) {
            System.err.println("usage: ./evaluate <api-token> [sightline-url] [sandbox-url]");
            System.exit(2);
        }
        URI sightline = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
        String sandbox = args.length > 2 ? args[2] : "http://127.0.0.1:8081";
        JsonNode about = JsonMapper.shared().readTree(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(sandbox + "/")).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode traffic = about.path("traffic");
        SightlineApi api = new SightlineApi(sightline.getPort() < 0 ? 80 : sightline.getPort(), args[0]);
        long dataSource = api.connectArcjet("alice@example.com", "Arcjet (evaluation)");
        try {
            Report report = new Evaluation(api, traffic.path("seed").asLong(), traffic.path("requestsPerSite").asInt(),
                    Instant.parse(traffic.path("now").asString())).run(dataSource);
            System.out.println(report.describe());
            System.exit(report.correctness() >= 0.95 ? 0 : 1);
        } finally {
            api.send("DELETE", "/api/datasources/" + dataSource, null);
        }
    }

}
