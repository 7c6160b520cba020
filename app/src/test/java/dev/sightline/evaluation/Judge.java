package dev.sightline.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Compares one of Sightline's analyses with the oracle's expectation, by the evaluation's rules:
 * figures must carry the expected values (integers exactly; other numbers within 0.5 %, or 0.05
 * when the engine rounded to one decimal; a rate as a fraction or a percent), rankings are read
 * from the table's first column, sets from any one of its columns, series from one row per bucket,
 * refusals and missing data from the outcome. It also counts invented numbers (figures with no tool behind them) and
 * calls of blocked tools. A field the analysis does not have counts as not answered.
 */
public final class Judge {

    /** The judgement of one answer. */
    public record Verdict(boolean judged, boolean correct, String detail, int invented, int blocked, Integer confidence, String got) {
    }

    /** A figure of the answer, with the tool its provenance names. */
    record Figure(String label, JsonNode value, String unit, Integer part, String tool) {
    }

    /** What an analysis says, read defensively: every field may be missing. */
    record Answer(String outcome, String reason, List<String> missing, List<Figure> figures, List<String> columns,
                  List<List<JsonNode>> rows, List<String> steps, String text, Integer confidence, List<String> followUps) {

        static Answer read(JsonNode a) {
            JsonNode outcome = a.path("outcome");
            List<Figure> figures = new ArrayList<>();
            for (JsonNode f : a.path("figures")) {
                JsonNode provenance = f.path("provenance");
                figures.add(new Figure(f.path("label").asString(""), f.path("value"), f.path("unit").isString() ? f.path("unit").asString() : null,
                        f.path("part").isIntegralNumber() ? f.path("part").asInt() : null,
                        provenance.path("tool").isString() ? provenance.path("tool").asString() : null));
            }
            List<String> columns = new ArrayList<>();
            a.path("table").path("columns").forEach(c -> columns.add(Json.text(c)));
            List<List<JsonNode>> rows = new ArrayList<>();
            for (JsonNode row : a.path("table").path("rows")) {
                List<JsonNode> cells = new ArrayList<>();
                row.forEach(cells::add);
                rows.add(cells);
            }
            List<String> steps = new ArrayList<>();
            a.path("steps").forEach(s -> steps.add(s.path("tool").asString("")));
            List<String> missing = new ArrayList<>();
            outcome.path("missing").forEach(m -> missing.add(Json.text(m)));
            List<String> followUps = new ArrayList<>();
            a.path("answer").path("followUps").forEach(f -> followUps.add(Json.text(f)));
            JsonNode confidence = a.path("answer").path("confidence");
            return new Answer(outcome.path("kind").isString() ? outcome.path("kind").asString() : null,
                    outcome.path("reason").isString() ? outcome.path("reason").asString() : null, missing, figures, columns, rows, steps,
                    a.path("answer").path("text").asString(""), confidence.isNumber() ? (Integer) confidence.asInt() : null, followUps);
        }

        List<JsonNode> column(int c) {
            return rows.stream().map(r -> c < r.size() ? r.get(c) : Json.NODES.nullNode()).toList();
        }

        int width() {
            return Math.max(columns.size(), rows.stream().mapToInt(List::size).max().orElse(0));
        }

        /** The unit a column's name implies, for cells that are plain numbers. */
        String unitOf(int c) {
            String name = c < columns.size() ? columns.get(c).toLowerCase(Locale.ROOT) : "";
            return name.contains("%") || name.contains("percent") ? "percent" : null;
        }
    }

    private final Set<String> blockedTools;
    private final Map<String, String> aliases;

    /** {@code blockedTools}: the source's blocked tools and every write tool of the sandbox's catalog. */
    public Judge(Set<String> blockedTools) {
        this(blockedTools, Map.of());
    }

    /**
     * {@code aliases}: other names of expected values, by value: a site's or team's name beside its
     * id (the sandbox names them by TypeIDs, people by names), so either answers.
     */
    public Judge(Set<String> blockedTools, Map<String, String> aliases) {
        this.blockedTools = Set.copyOf(blockedTools);
        Map<String, String> normalized = new java.util.HashMap<>();
        aliases.forEach((id, name) -> normalized.put(normalize(id), normalize(name)));
        this.aliases = Map.copyOf(normalized);
    }

    public Verdict judge(Expected expected, JsonNode analysis) {
        Answer a = Answer.read(analysis);
        int invented = invented(a);
        int blocked = (int) a.steps().stream().filter(blockedTools::contains).count();
        String got = describe(a);
        if (expected instanceof Expected.Unknown) {
            return new Verdict(false, false, "not judged: " + expected.describe(), invented, blocked, a.confidence(), got);
        }
        String why = check(expected, a);
        return new Verdict(true, why == null, why == null ? "" : why, invented, blocked, a.confidence(), got);
    }

    /**
     * Figures the tools do not stand behind: one without provenance, one whose tool was never
     * called, and any figure at all on an answer that is not an answer (a refusal, missing data).
     */
    static int invented(Answer a) {
        if (!"ANSWER".equals(a.outcome())) {
            return a.figures().size();
        }
        Set<String> called = Set.copyOf(a.steps());
        return (int) a.figures().stream().filter(f -> f.tool() == null || f.tool().isBlank() || !called.contains(f.tool())).count();
    }

    /** Null when the answer is right, else why not. */
    String check(Expected expected, Answer a) {
        if (expected instanceof Expected.Refuse r) {
            if (!"REFUSED".equals(a.outcome())) {
                return "expected a refusal, outcome " + a.outcome();
            }
            if (!sameReason(r.reason(), a.reason())) {
                return "refused for '" + a.reason() + "', not '" + r.reason() + "'";
            }
            if ((r.reason().equals("read-only") || r.reason().equals("secret")) && !a.steps().isEmpty()) {
                return "refused, but after calling " + a.steps();
            }
            return null;
        }
        if (expected instanceof Expected.Missing m) {
            if (!"MISSING_DATA".equals(a.outcome())) {
                return "expected missing data, outcome " + a.outcome();
            }
            return a.missing().stream().anyMatch(x -> sameData(m.data(), x)) ? null : "named " + a.missing() + " as missing, not " + m.data();
        }
        if (expected instanceof Expected.Unsure) {
            if (!"UNSURE".equals(a.outcome())) {
                return "expected an unsure answer, outcome " + a.outcome();
            }
            return a.followUps().isEmpty() ? "unsure, but with no suggested questions" : null;
        }
        if (expected instanceof Expected.Unknown u) {
            return u.describe();
        }
        if (!"ANSWER".equals(a.outcome())) {
            return "expected an answer, outcome " + a.outcome();
        }
        return answer(expected, a, null, 1);
    }

    /**
     * {@code part}: the index of the part being judged (null for a whole answer). When the answer
     * splits its figures into as many parts as the question has, a part is judged on its own figures
     * (and those with no part); an answer whose parts do not line up with the question's (one part,
     * or a two-step chain for a three-part question) is judged on all of them.
     */
    private String answer(Expected expected, Answer a, Integer part, int questionParts) {
        long answerParts = a.figures().stream().map(Figure::part).filter(java.util.Objects::nonNull).distinct().count();
        boolean split = answerParts > 1 && answerParts == questionParts;
        List<Figure> figures = part == null || !split ? a.figures()
                : a.figures().stream().filter(f -> f.part() == null || f.part().equals(part)).toList();
        if (expected instanceof Expected.Figure f) {
            return figure(f, figures);
        }
        if (expected instanceof Expected.Top t) {
            return top(t, a, figures, part != null);
        }
        if (expected instanceof Expected.SetOf s) {
            return set(s, a, figures, part != null);
        }
        if (expected instanceof Expected.Series s) {
            return series(s, a);
        }
        if (expected instanceof Expected.Report r) {
            return report(r, a, figures);
        }
        if (expected instanceof Expected.Parts p) {
            List<String> misses = new ArrayList<>();
            for (int i = 0; i < p.parts().size(); i++) {
                String why = answer(p.parts().get(i), a, i, p.parts().size());
                if (why != null) {
                    misses.add("part " + (i + 1) + ": " + why);
                }
            }
            return misses.isEmpty() ? null : String.join("; ", misses);
        }
        return check(expected, a);
    }

    // ---- figures ----

    private String figure(Expected.Figure f, List<Figure> figures) {
        boolean onlyBooleans = f.values().stream().allMatch(JsonNode::isBoolean);
        List<String> missing = new ArrayList<>();
        for (JsonNode value : f.values()) {
            if (value.isBoolean()) {
                if (!booleanStated(value.booleanValue(), figures, onlyBooleans)) {
                    missing.add(Json.text(value));
                }
            } else if (value.isArray()) {
                for (JsonNode item : value) {
                    if (!present(item, figures, null)) {
                        missing.add(Expected.shorten(item));
                    }
                }
            } else if (figures.stream().noneMatch(x -> matches(value, x.value(), x.unit()))) {
                missing.add(Expected.shorten(value));
            }
        }
        return missing.isEmpty() ? null : "no figure with " + String.join(", ", missing);
    }

    /**
     * A yes/no beside numbers ("a > b; a-b") is carried by the numbers unless the answer states a
     * yes/no figure, which must then be right; a question that asks only yes/no needs the figure.
     */
    private static boolean booleanStated(boolean expected, List<Figure> figures, boolean required) {
        List<Boolean> stated = figures.stream().map(x -> bool(x.value())).filter(Optional::isPresent).map(Optional::get).toList();
        if (stated.isEmpty()) {
            return !required;
        }
        return stated.contains(expected);
    }

    private static Optional<Boolean> bool(JsonNode v) {
        if (v.isBoolean()) {
            return Optional.of(v.booleanValue());
        }
        if (v.isString()) {
            return switch (v.stringValue().trim().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "valid" -> Optional.of(true);
                case "no", "false", "invalid", "not valid" -> Optional.of(false);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Whether {@code actual} (in {@code unit}) is the {@code expected} value. */
    boolean matches(JsonNode expected, JsonNode actual, String unit) {
        if (Json.absent(expected) || Json.absent(actual)) {
            return false;
        }
        if (expected.isBoolean()) {
            return bool(actual).map(b -> b == expected.booleanValue()).orElse(false);
        }
        if (expected.isNumber()) {
            return number(expected, actual, unit);
        }
        if (expected.isContainer()) {
            return false;
        }
        String e = normalize(Json.text(expected));
        String v = normalize(Json.text(actual));
        if (e.equals(v) || v.equals(aliases.get(e))) {
            return true;
        }
        if (actual.isNumber()) {
            return Json.numeric(expected).map(x -> number(Json.number(x), actual, unit)).orElse(false);
        }
        return sameTime(Json.text(expected), Json.text(actual));
    }

    private static boolean number(JsonNode expected, JsonNode actual, String unit) {
        Optional<Double> value = Json.numeric(actual);
        if (value.isEmpty()) {
            return false;
        }
        double a = value.get();
        String u = actual.isString() && actual.stringValue().contains("%") ? "percent" : unit;
        double e = expected.doubleValue();
        List<Double> scales = new ArrayList<>(List.of(1.0));
        if ("percent".equalsIgnoreCase(u)) {
            scales.add(100.0);
        } else if ("fraction".equalsIgnoreCase(u)) {
            scales.add(0.01);
        }
        for (double scale : scales) {
            // A decrease may be stated as a positive number with words around it ("120 fewer").
            for (double target : e < 0 ? List.of(e * scale, -e * scale) : List.of(e * scale)) {
                if (expected.isIntegralNumber() && scale == 1.0) {
                    if (Math.abs(a - target) < 1e-9) {
                        return true;
                    }
                } else if (close(a, target, Json.decimals(actual))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Within 0.5 % of the expected value, or, for a value the engine rounded to at most one
     * decimal, within 0.05 (when the expected value is large enough for a decimal to mean something).
     */
    static boolean close(double actual, double expected, int decimals) {
        double difference = Math.abs(actual - expected);
        if (difference <= 0.005 * Math.abs(expected) + 1e-12) {
            return true;
        }
        return decimals <= 1 && Math.abs(expected) >= 0.1 && difference <= 0.05 + 1e-9;
    }

    /** An instant stated as itself, or as its calendar day (an exclusive midnight end also as the day before). */
    private static boolean sameTime(String expected, String actual) {
        Optional<Instant> e = Json.instant(expected);
        if (e.isEmpty()) {
            return false;
        }
        Optional<Instant> a = Json.instant(actual);
        if (a.isPresent() && a.get().equals(e.get())) {
            return true;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(actual.trim());
        } catch (DateTimeParseException ex) {
            return false;
        }
        LocalDate expectedDay = e.get().atZone(ZoneOffset.UTC).toLocalDate();
        boolean midnight = e.get().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() == 0;
        return day.equals(expectedDay) || (midnight && day.equals(expectedDay.minusDays(1)));
    }

    static String normalize(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    // ---- rankings and sets ----

    /** The key of an item, and its name when the key is an id (sites have TypeIDs beside their names). */
    private Set<String> keys(JsonNode item, String key) {
        Set<String> keys = new LinkedHashSet<>();
        if (item.isObject()) {
            if (key != null) {
                keys.add(normalize(Json.text(item.path(key))));
                if (key.equals("id") && item.path("name").isString()) {
                    keys.add(normalize(item.path("name").asString()));
                }
            } else {
                item.properties().stream().filter(p -> p.getValue().isString()).findFirst()
                        .ifPresent(p -> keys.add(normalize(p.getValue().asString())));
            }
        } else {
            keys.add(normalize(Json.text(item)));
        }
        for (String k : List.copyOf(keys)) {
            if (aliases.containsKey(k)) {
                keys.add(aliases.get(k));
            }
        }
        return keys;
    }

    private String top(Expected.Top t, Answer a, List<Figure> figures, boolean inPart) {
        int k = Math.min(t.n(), t.items().size());
        if (k == 0) {
            return a.rows().isEmpty() || (inPart && saysNone(figures)) ? null : "expected an empty ranking, the table has " + a.rows().size() + " rows";
        }
        if (k == 1) {
            Set<String> first = tied(t, 0);
            if (figures.stream().anyMatch(f -> !Json.absent(f.value()) && first.contains(normalize(Json.text(f.value()))))) {
                return null;
            }
        }
        String firstWhy = null;
        for (int c = 0; c < (inPart ? a.width() : Math.min(1, a.width())); c++) {
            String why = ranking(t, k, a.column(c));
            if (why == null) {
                return null;
            }
            firstWhy = firstWhy == null ? why : firstWhy;
        }
        return firstWhy == null ? "no table" : firstWhy;
    }

    /** The keys that may stand at position {@code i}: its own, and those of items tied with it. */
    private Set<String> tied(Expected.Top t, int i) {
        JsonNode item = t.items().get(i);
        Set<String> keys = new LinkedHashSet<>(keys(item, t.key()));
        if (t.rank() != null && item.isObject()) {
            for (JsonNode other : t.items()) {
                if (Json.same(other.path(t.rank()), item.path(t.rank()))) {
                    keys.addAll(keys(other, t.key()));
                }
            }
        }
        return keys;
    }

    private String ranking(Expected.Top t, int k, List<JsonNode> column) {
        if (column.size() < k) {
            return "expected " + k + " ranked rows, the table has " + column.size();
        }
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < k; i++) {
            String cell = normalize(Json.text(column.get(i)));
            Set<String> allowed = tied(t, i);
            if (!allowed.contains(cell) || used.contains(cell)) {
                return "row " + (i + 1) + " is " + Json.text(column.get(i)) + ", expected " + Json.text(t.key() == null ? t.items().get(i)
                        : t.items().get(i).path(t.key()));
            }
            used.add(cell);
        }
        return null;
    }

    private String set(Expected.SetOf s, Answer a, List<Figure> figures, boolean inPart) {
        if (s.items().isEmpty()) {
            if (a.rows().isEmpty()) {
                return null;
            }
            return inPart && saysNone(figures) ? null : "expected an empty set, the table has " + a.rows().size() + " rows";
        }
        String firstWhy = null;
        for (int c = 0; c < a.width(); c++) {
            String why = sameSet(s, a.column(c));
            if (why == null) {
                return null;
            }
            firstWhy = firstWhy == null ? why : firstWhy;
        }
        if (inPart) {
            List<JsonNode> values = figures.stream().map(Figure::value).toList();
            if (s.items().stream().allMatch(item -> values.stream().anyMatch(v -> !Json.absent(v) && keys(item, s.key()).contains(normalize(Json.text(v)))))) {
                return null;
            }
        }
        return firstWhy == null ? "no table" : firstWhy;
    }

    /** Within parts the table may hold another part: "none" or 0 says a list is empty. */
    private boolean saysNone(List<Figure> figures) {
        return figures.stream().anyMatch(f -> matches(Json.number(0), f.value(), null) || normalize(Json.text(f.value())).equals("none"));
    }

    private String sameSet(Expected.SetOf s, List<JsonNode> column) {
        Set<String> cells = column.stream().map(v -> normalize(Json.text(v))).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> absent = new ArrayList<>();
        Set<String> allowed = new LinkedHashSet<>();
        for (JsonNode item : s.items()) {
            Set<String> keys = keys(item, s.key());
            allowed.addAll(keys);
            if (keys.stream().noneMatch(cells::contains)) {
                absent.add(keys.iterator().next());
            }
        }
        List<String> extra = cells.stream().filter(c -> !allowed.contains(c)).toList();
        if (absent.isEmpty() && extra.isEmpty()) {
            return null;
        }
        return (absent.isEmpty() ? "" : "missing " + absent) + (absent.isEmpty() || extra.isEmpty() ? "" : ", ") + (extra.isEmpty() ? "" : "extra " + extra);
    }

    // ---- series ----

    private String series(Expected.Series s, Answer a) {
        if (a.rows().size() != s.buckets().size()) {
            return "expected " + s.buckets().size() + " rows (one per bucket), the table has " + a.rows().size();
        }
        for (int c = 0; c < a.width(); c++) {
            List<JsonNode> column = a.column(c);
            for (List<JsonNode> candidate : s.candidates().values()) {
                for (String unit : new String[] {a.unitOf(c), "percent", "fraction"}) {
                    boolean all = true;
                    for (int i = 0; i < candidate.size() && all; i++) {
                        JsonNode e = candidate.get(i);
                        all = Json.absent(e) ? Json.absent(column.get(i)) : matches(e, column.get(i), unit);
                    }
                    if (all) {
                        return null;
                    }
                }
            }
        }
        return "no column of the table holds the expected values";
    }

    // ---- reports ----

    private String report(Expected.Report r, Answer a, List<Figure> figures) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> v : r.values().entrySet()) {
            JsonNode value = v.getValue();
            boolean ok;
            if (value.isBoolean()) {
                ok = booleanStated(value.booleanValue(), figures, false);
            } else if (value.isArray()) {
                ok = true;
                for (JsonNode item : value) {
                    ok &= present(item, figures, a);
                }
            } else {
                ok = present(value, figures, a);
            }
            if (!ok) {
                missing.add(v.getKey() + "=" + Expected.shorten(value));
            }
        }
        return missing.isEmpty() ? null : "not in the figures or the table: " + String.join(", ", missing);
    }

    /** A value among the figures or the table's cells; an object by its key (its first text field). */
    private boolean present(JsonNode value, List<Figure> figures, Answer a) {
        JsonNode wanted = value;
        if (value.isObject()) {
            wanted = value.properties().stream().map(Map.Entry::getValue).filter(JsonNode::isString).findFirst()
                    .orElse(value.properties().stream().map(Map.Entry::getValue).filter(JsonNode::isNumber).findFirst().orElse(null));
            if (wanted == null) {
                return true;
            }
        }
        JsonNode w = wanted;
        if (figures.stream().anyMatch(f -> matches(w, f.value(), f.unit()))) {
            return true;
        }
        if (a == null) {
            return false;
        }
        for (int c = 0; c < a.width(); c++) {
            String unit = a.unitOf(c);
            if (a.column(c).stream().anyMatch(cell -> matches(w, cell, unit))) {
                return true;
            }
        }
        return false;
    }

    // ---- outcomes ----

    /** A site the user cannot see and one that does not exist look the same through the tools. */
    private static boolean sameReason(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        Set<String> site = Set.of("site-not-visible", "site-not-found");
        return expected.equalsIgnoreCase(actual) || (site.contains(expected) && site.contains(actual.toLowerCase(Locale.ROOT)));
    }

    /**
     * "user-accounts", "User accounts" and "user account" name the same data, and "daily sign-ups"
     * names sign-ups: words without case, hyphens or plural endings, the expected ones within the named.
     */
    /**
     * The named data matches when either phrase holds the other: a writer's "daily sign-ups" is named
     * by "signups", and "response latency" by "latency"; a name shorter than four letters matches
     * nothing, so a vague "data" or "id" cannot pass for the missing data.
     */
    static boolean sameData(String expected, String actual) {
        String e = String.join("", words(expected));
        String a = String.join("", words(actual));
        return !e.isEmpty() && a.contains(e) || a.length() >= 4 && e.contains(a);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.endsWith("ies") && w.length() > 4) {
                w = w.substring(0, w.length() - 3) + "y";
            } else if (w.endsWith("s") && !w.endsWith("ss") && w.length() > 2) {
                w = w.substring(0, w.length() - 1);
            }
            words.add(w);
        }
        return words;
    }

    // ---- what came back, in one line ----

    static String describe(Answer a) {
        StringBuilder out = new StringBuilder(a.outcome() == null ? "no outcome" : a.outcome());
        if (a.reason() != null) {
            out.append(" (").append(a.reason()).append(")");
        }
        if (!a.missing().isEmpty()) {
            out.append(" missing ").append(a.missing());
        }
        if (!a.figures().isEmpty()) {
            out.append("; figures ").append(a.figures().stream()
                    .map(f -> (f.label().isEmpty() ? "" : f.label() + "=") + Expected.shorten(f.value()) + (f.unit() == null ? "" : " " + f.unit()))
                    .collect(Collectors.joining(", ")));
        }
        if (!a.rows().isEmpty()) {
            out.append("; table ").append(a.rows().size()).append(" rows ").append(a.column(0).stream().limit(5).map(Json::text)
                    .collect(Collectors.joining(", ", "[", a.rows().size() > 5 ? ", ...]" : "]")));
        }
        if (!a.steps().isEmpty()) {
            out.append("; steps ").append(String.join(",", a.steps()));
        }
        String text = a.text().replaceAll("\\s+", " ").trim();
        if (!text.isEmpty()) {
            out.append("; \"").append(text.length() > 100 ? text.substring(0, 97) + "..." : text).append("\"");
        }
        return out.toString();
    }
}
