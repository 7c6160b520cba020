package dev.sightline.ask.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.sightline.ask.AnalysisPlan;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;
import dev.sightline.source.DataSources;
import tools.jackson.databind.JsonNode;

/**
 * Any MCP source without a profile: the allowed tools are ranked against the question by the
 * words of their names and descriptions, the best one is called with arguments from its input
 * schema (time windows, limits), and its result is shown as a table. When no required argument
 * can be filled or no tool fits, it says so rather than guessing.
 */
final class GenericQuestions {

    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "for", "in", "on", "to", "and", "or", "is", "are", "was", "were", "what",
            "which", "how", "many", "much", "did", "do", "does", "we", "our", "me", "show", "give", "tell", "about", "with", "by", "last", "this", "per");

    private static final int MAX_BARS = 50;
    private static final int MAX_COLUMNS = 50;
    private static final int MAX_READING = 200;

    private GenericQuestions() {
    }

    static AnalysisPlan plan(String question, DataSources.DataSource source, String windowPhrase, ToolRanker ranker) {
        Set<String> words = words(question);
        record Scored(DataSources.AllowedTool tool, double score) {
        }
        List<Scored> ranked = new ArrayList<>();
        for (DataSources.AllowedTool tool : source.tools()) {
            Set<String> toolWords = words(Regex.replaceAll(tool.name(), "[-_]", " ") + " " + (tool.description() == null ? "" : tool.description()));
            Set<String> nameWords = words(Regex.replaceAll(tool.name(), "[-_]", " "));
            long overlap = words.stream().filter(toolWords::contains).count();
            long nameOverlap = words.stream().filter(nameWords::contains).count();
            double meaning = ranker.similarity(question, Regex.replaceAll(tool.name(), "[-_]", " ") + ": " + (tool.description() == null ? "" : tool.description()));
            ranked.add(new Scored(tool, overlap + 2.0 * nameOverlap + 6.0 * Math.max(0, meaning)));
        }
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed());
        if (ranked.isEmpty() || ranked.get(0).score() < 1.5) {
            List<String> readings = source.tools().stream().limit(3).map(t -> shorten("Use " + t.name() + ": " + firstSentence(t.description()))).toList();
            return new AnalysisPlan(question, source.id(), source.connector(), source.site(), "UNCLEAR", windowPhrase, Map.of(), null, Map.of(), 10, 0.2,
                    readings, List.of(), null);
        }
        DataSources.AllowedTool best = ranked.get(0).tool();
        double margin = ranked.size() > 1 ? ranked.get(0).score() - ranked.get(1).score() : ranked.get(0).score();
        double confidence = Math.min(0.85, 0.35 + 0.1 * ranked.get(0).score() + 0.05 * margin);
        return new AnalysisPlan(question, source.id(), source.connector(), source.site(), "TOOL", windowPhrase, Map.of(), best.name(),
                arguments(best, source), 10, confidence, List.of(), List.of(), null);
    }

    /** Fills what a schema asks for that Sightline knows; the window is added when the plan runs. */
    private static Map<String, Object> arguments(DataSources.AllowedTool tool, DataSources.DataSource source) {
        Map<String, Object> args = new LinkedHashMap<>();
        Object props = tool.inputSchema() == null ? null : tool.inputSchema().get("properties");
        if (props instanceof Map<?, ?> properties) {
            if (properties.containsKey("siteId") && source.site() != null) {
                args.put("siteId", source.site());
            }
            if (properties.containsKey("limit")) {
                args.put("limit", 10);
            }
        }
        return args;
    }

    static Composed answer(AnalysisPlan plan, TimeWindows.Window window, Calls calls, DataSources.AllowedTool tool, ZoneId zone, Instant now) {
        SchemaArguments.Filled filled = SchemaArguments.fill(tool.inputSchema(), plan.question(), plan.site(), zone, now);
        Map<String, Object> args = new LinkedHashMap<>(filled.arguments());
        args.putAll(plan.arguments());
        Object props = tool.inputSchema() == null ? null : tool.inputSchema().get("properties");
        if (props instanceof Map<?, ?> properties && window != null) {
            if (properties.containsKey("start") && properties.containsKey("end")) {
                args.put("start", window.start().toString());
                args.put("end", window.end().toString());
            }
        }
        if (!filled.missing().isEmpty()) {
            // Sent without a required argument, the call would fail or, worse, answer something else.
            return Composed.notAnswered("To answer with **" + plan.tool() + "** I need " + String.join("; ", filled.missing())
                            + ". Ask again with " + (filled.missing().size() == 1 ? "it" : "them") + " in the question.",
                    new dev.sightline.ask.Analysis.Outcome(dev.sightline.ask.Analysis.Outcome.UNSURE, "missing-argument", List.of()),
                    List.of(), List.of());
        }
        JsonNode result = calls.call(plan.tool(), args);
        Dataset table = table(result);
        String text = "Called **" + plan.tool() + "**" + (table.isEmpty() ? "; it returned no rows."
                : ": **" + Formats.number(table.totalRows()) + "** " + (table.totalRows() == 1 ? "row." : "rows.")
                        + (table.truncated() ? " " + table.note() + "." : ""));
        // Bars for a few rows; beyond that a chart says less than the table.
        ChartSpec chart = table.columns().size() >= 2 && !table.isEmpty() && table.rows().size() <= MAX_BARS && table.rows().get(0).get(1) instanceof Number
                ? ChartSpec.bar(plan.tool(), table) : ChartSpec.table(plan.tool());
        return new Composed(text, chart, table, List.of(), List.of());
    }

    /** The first array of objects in a result, as a table of its scalar fields; else the top-level scalars. */
    static Dataset table(JsonNode result) {
        JsonNode rows = null;
        if (result.isArray()) {
            rows = result;
        } else {
            for (var entry : result.properties()) {
                JsonNode value = entry.getValue();
                // The resources a result points to are shown beside its data, never as its table.
                if (!entry.getKey().equals("links") && value.isArray() && value.size() > 0 && value.get(0).isObject()) {
                    rows = value;
                    break;
                }
            }
        }
        if (rows == null) {
            Dataset.Builder data = Dataset.builder(List.of("Field", "Value"));
            for (var entry : result.properties()) {
                if (entry.getValue().isValueNode()) {
                    data.row(entry.getKey(), scalar(entry.getValue()));
                }
            }
            for (JsonNode link : result.path("links")) {
                data.row("link" + (link.hasNonNull("name") ? " (" + link.path("name").asString() + ")" : ""), link.path("uri").asString());
            }
            return data.build();
        }
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            for (var entry : row.properties()) {
                if (entry.getValue().isValueNode() && columns.size() < MAX_COLUMNS) {
                    columns.add(entry.getKey());
                }
            }
        }
        Dataset.Builder data = Dataset.builder(List.copyOf(columns));
        for (JsonNode row : rows) {
            List<Object> values = new ArrayList<>(columns.size());
            for (String c : columns) {
                values.add(row.has(c) ? scalar(row.get(c)) : "");
            }
            data.row(values);
        }
        return data.build();
    }

    private static Object scalar(JsonNode node) {
        return node.isIntegralNumber() ? (Object) node.asLong() : node.isNumber() ? (Object) node.asDouble() : node.asString("");
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String w : Regex.split(text.toLowerCase(Locale.ROOT), "[^a-z0-9]+")) {
            if (w.length() > 2 && !STOP.contains(w)) {
                words.add(w.endsWith("s") && w.length() > 4 ? w.substring(0, w.length() - 1) : w);
            }
        }
        return words;
    }

    /** A reading is kept in the plan and shown as a chip: a server's long description must not make it long. */
    private static String shorten(String reading) {
        return reading.length() <= MAX_READING ? reading : reading.substring(0, MAX_READING - 1) + "…";
    }

    private static String firstSentence(String description) {
        if (description == null) {
            return "";
        }
        int dot = description.indexOf('.');
        return dot > 0 ? description.substring(0, dot) : description;
    }
}
