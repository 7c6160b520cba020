package dev.sightline.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sightline.evaluation.EvaluationSet.Question;
import dev.sightline.evaluation.Windows.Window;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Computes each question's right answer from its {@code expect}: fills the question's
 * placeholders, makes the listed tool calls against the sandbox (windows resolved in the
 * workspace's zone at the sandbox's "now", pages followed, buckets called one by one, earlier
 * results fed into later arguments, site and team names turned into ids), and reads the values
 * with {@link Expressions}. It never asks Sightline anything: it is the referee.
 */
public final class Oracle {

    /** A question ready to ask: its text with placeholders filled, and what must come back. */
    public record Prepared(Question question, String text, Expected expected) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern TYPE_ID = Pattern.compile("^(site|team)_[0-9a-z]+$");

    private final SandboxTools tools;
    private final Clock clock;
    private final ZoneId defaultZone;
    private Map<String, String> siteIds;
    private Map<String, String> teamIds;

    /** {@code clock}: the sandbox's "now" (fixed in tests); {@code zone}: the workspace's time zone. */
    public Oracle(SandboxTools tools, Clock clock, ZoneId zone) {
        this.tools = tools;
        this.clock = clock;
        this.defaultZone = zone;
    }

    /** The workspace's zone the questions assume unless a line names its own. */
    public ZoneId zone() {
        return defaultZone;
    }

    public Prepared prepare(Question question) {
        ZoneId zone = question.timeZone() == null ? defaultZone : question.timeZone();
        Instant now = clock.instant();
        String text = question.question();
        try {
            Map<String, String> fills = fill(question.expect().path("fill"), now, zone);
            for (Map.Entry<String, String> f : fills.entrySet()) {
                text = text.replace("{" + f.getKey() + "}", f.getValue());
            }
            JsonNode expect = substitute(question.expect(), fills);
            return new Prepared(question, text, build(expect, null, now, zone));
        } catch (SandboxTools.ToolCallException | Expressions.ExpressionException | IllegalArgumentException e) {
            return new Prepared(question, text, new Expected.Unknown(e.getMessage()));
        } catch (RuntimeException e) {
            // The sandbox did not answer (a timeout, a dropped connection): this question goes unjudged, the run goes on.
            return new Prepared(question, text, new Expected.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    // ---- placeholders ----

    private Map<String, String> fill(JsonNode fill, Instant now, ZoneId zone) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : fill.properties()) {
            JsonNode spec = f.getValue();
            Window window = spec.hasNonNull("window") ? Windows.resolve(spec.path("window").asString(), now, zone) : null;
            List<JsonNode> results = run(List.of(spec), window, now, zone);
            JsonNode value = Expressions.evaluate(spec.path("value").asString(), new CallScope(results, Map.of(), window, now, zone));
            if (Json.absent(value) || value.isContainer()) {
                throw new IllegalArgumentException("The placeholder {" + f.getKey() + "} found no value (" + spec.path("value").asString() + ")");
            }
            values.put(f.getKey(), Json.text(value));
        }
        return values;
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> fills) {
        if (fills.isEmpty()) {
            return node;
        }
        if (node.isString()) {
            String s = node.stringValue();
            Matcher m = PLACEHOLDER.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(fills.getOrDefault(m.group(1), m.group())));
            }
            m.appendTail(out);
            return Json.text(out.toString());
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(item -> out.add(substitute(item, fills)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = Json.NODES.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), e.getKey().equals("fill") ? e.getValue() : substitute(e.getValue(), fills)));
            return out;
        }
        return node;
    }

    // ---- expectations ----

    /** {@code inherited}: the enclosing expectation's window, for parts that make their own calls. */
    private Expected build(JsonNode expect, Window inherited, Instant now, ZoneId zone) {
        String answer = expect.path("answer").asString("");
        switch (answer) {
            case "refuse":
                return new Expected.Refuse(expect.path("reason").asString(""));
            case "missing":
                return new Expected.Missing(expect.path("data").asString(""));
            case "unsure":
                return new Expected.Unsure();
            default:
                break;
        }
        Window window = expect.hasNonNull("window") ? Windows.resolve(expect.path("window").asString(), now, zone) : inherited;
        List<JsonNode> calls = new ArrayList<>();
        expect.path("calls").forEach(calls::add);
        if (expect.hasNonNull("each")) {
            if (window == null) {
                throw new IllegalArgumentException("'each' needs a window to split");
            }
            return series(expect, calls, window, now, zone);
        }
        List<JsonNode> results = run(calls, window, now, zone);
        return expectation(expect, new CallScope(results, Map.of(), window, now, zone), window, now, zone);
    }

    private Expected expectation(JsonNode node, CallScope scope, Window window, Instant now, ZoneId zone) {
        String answer = node.path("answer").asString("");
        return switch (answer) {
            case "figure" -> new Expected.Figure(values(node, scope));
            case "top" -> {
                JsonNode list = list(node, scope);
                int n = node.path("n").asInt(list.size());
                yield new Expected.Top(items(list), keyOf(node), n, rankField(node, list));
            }
            case "set" -> new Expected.SetOf(items(list(node, scope)), keyOf(node));
            case "series" -> itemSeries(node, list(node, scope));
            case "parts" -> {
                // Parts share the calls, the window and the named values of the whole.
                CallScope shared = node.has("values") ? scope.with(named(node, scope)) : scope;
                List<Expected> parts = new ArrayList<>();
                for (JsonNode part : node.path("parts")) {
                    parts.add(part.has("calls") ? build(part, window, now, zone) : expectation(part, shared, window, now, zone));
                }
                yield new Expected.Parts(parts);
            }
            case "report" -> {
                Map<String, JsonNode> values = new LinkedHashMap<>(named(node, scope));
                if (node.hasNonNull("value")) {
                    values.put("value", Expressions.evaluate(node.path("value").asString(), scope));
                }
                if (node.hasNonNull("compute")) {
                    List<JsonNode> computed = Expressions.evaluateAll(node.path("compute").asString(), scope.with(values));
                    String[] formulas = node.path("compute").asString().split(";");
                    for (int i = 0; i < computed.size(); i++) {
                        values.put(formulas.length == computed.size() ? formulas[i].trim() : "compute " + (i + 1), computed.get(i));
                    }
                }
                yield new Expected.Report(values);
            }
            case "refuse", "missing", "unsure" -> build(node, window, now, zone);
            default -> throw new IllegalArgumentException("Unknown answer '" + answer + "'");
        };
    }

    /** {@code value}, or {@code values} through {@code compute}, or all of {@code values}. */
    private static List<JsonNode> values(JsonNode node, CallScope scope) {
        if (node.hasNonNull("compute")) {
            return Expressions.evaluateAll(node.path("compute").asString(), scope.with(named(node, scope)));
        }
        if (node.has("values")) {
            return List.copyOf(named(node, scope).values());
        }
        if (!node.hasNonNull("value")) {
            throw new IllegalArgumentException("An expectation without value, values or compute");
        }
        return List.of(Expressions.evaluate(node.path("value").asString(), scope));
    }

    private static Map<String, JsonNode> named(JsonNode node, CallScope scope) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> v : node.path("values").properties()) {
            values.put(v.getKey(), Expressions.evaluate(v.getValue().asString(), scope));
        }
        return values;
    }

    private static JsonNode list(JsonNode node, CallScope scope) {
        List<JsonNode> values = values(node, scope);
        JsonNode list = values.get(0);
        if (Json.absent(list)) {
            return Json.array();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("Expected a list for '" + node.path("answer").asString() + "', found " + Expected.shorten(list));
        }
        return list;
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return items;
    }

    private static String keyOf(JsonNode node) {
        return node.hasNonNull("key") ? node.path("key").asString() : null;
    }

    /**
     * The field a ranking is ordered by, so that items with equal values there may be answered
     * in either order: the sortBy field, countBy's count, or else the first numeric field by which
     * the list is already in descending order (a tool's own ranking).
     */
    private static String rankField(JsonNode node, JsonNode list) {
        String value = node.path("value").asString("");
        Matcher sortBy = Pattern.compile("^sortBy\\(.*,\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)$").matcher(value.trim());
        if (sortBy.matches()) {
            return sortBy.group(1);
        }
        if (value.trim().startsWith("countBy(")) {
            return "count";
        }
        if (list.isEmpty() || !list.get(0).isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : list.get(0).properties()) {
            if (!field.getValue().isNumber()) {
                continue;
            }
            boolean descending = true;
            for (int i = 1; i < list.size() && descending; i++) {
                descending = list.get(i).path(field.getKey()).isNumber()
                        && list.get(i).path(field.getKey()).doubleValue() <= list.get(i - 1).path(field.getKey()).doubleValue();
            }
            if (descending) {
                return field.getKey();
            }
        }
        return null;
    }

    /** A series read from one list (a timeline): a bucket per item, any numeric field may be the one answered. */
    private static Expected itemSeries(JsonNode node, JsonNode list) {
        String key = keyOf(node);
        List<String> buckets = new ArrayList<>();
        Map<String, List<JsonNode>> candidates = new LinkedHashMap<>();
        for (JsonNode item : list) {
            buckets.add(key == null ? String.valueOf(buckets.size() + 1) : Json.text(item.path(key)));
            if (item.isNumber()) {
                candidates.computeIfAbsent("value", k -> new ArrayList<>()).add(item);
                continue;
            }
            for (Map.Entry<String, JsonNode> field : item.properties()) {
                if (field.getValue().isNumber()) {
                    candidates.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue());
                }
            }
        }
        candidates.values().removeIf(values -> values.size() != buckets.size());
        if (candidates.isEmpty() && !buckets.isEmpty()) {
            throw new IllegalArgumentException("A series with no numeric field in every item");
        }
        return new Expected.Series(buckets, candidates);
    }

    /** {@code each}: the calls once per calendar bucket of the window, one value per bucket. */
    private Expected series(JsonNode expect, List<JsonNode> calls, Window window, Instant now, ZoneId zone) {
        String unit = expect.path("each").asString();
        List<String> buckets = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        for (Window bucket : Windows.buckets(window, unit, zone)) {
            buckets.add(label(bucket, unit, zone));
            List<JsonNode> results = run(calls, bucket, now, zone);
            values.add(values(expect, new CallScope(results, Map.of(), bucket, now, zone)).get(0));
        }
        return new Expected.Series(buckets, Map.of("value", values));
    }

    private static String label(Window bucket, String unit, ZoneId zone) {
        LocalDateTime start = LocalDateTime.ofInstant(bucket.start(), zone);
        return switch (unit) {
            case "hour" -> start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
            case "week" -> "week of " + start.toLocalDate();
            default -> start.toLocalDate().toString();
        };
    }

    // ---- calls ----

    /** Makes the calls in order; a call's own {@code window} wins over {@code window}. */
    private List<JsonNode> run(List<JsonNode> calls, Window window, Instant now, ZoneId zone) {
        List<JsonNode> results = new ArrayList<>();
        for (JsonNode call : calls) {
            String tool = call.path("tool").asString();
            Window w = call.hasNonNull("window") ? Windows.resolve(call.path("window").asString(), now, zone) : window;
            CallScope scope = new CallScope(results, Map.of(), w, now, zone);
            Map<String, Object> args = new LinkedHashMap<>();
            String fanOut = null;
            List<JsonNode> fanValues = null;
            for (Map.Entry<String, JsonNode> a : call.path("args").properties()) {
                JsonNode value = a.getValue();
                if (value.isString() && Expressions.isReference(value.stringValue())) {
                    JsonNode resolved = Expressions.evaluate(value.stringValue(), scope);
                    if (Expressions.fansOut(value.stringValue()) && resolved.isArray()) {
                        if (fanOut != null) {
                            throw new IllegalArgumentException("A call may fan out over one argument only");
                        }
                        fanOut = a.getKey();
                        fanValues = items(resolved);
                        continue;
                    }
                    value = resolved;
                } else if (value.isContainer()) {
                    value = references(value, scope);
                }
                args.put(a.getKey(), plain(a.getKey(), value));
            }
            if (w != null && tools.takesWindow(tool)) {
                args.put("start", w.start().toString());
                args.put("end", w.end().toString());
            }
            boolean paginate = call.path("paginate").asBoolean(false);
            if (call.hasNonNull("each")) {
                // A call with its own buckets yields the list of per-bucket results ("/*/denied").
                if (w == null || fanOut != null) {
                    throw new IllegalArgumentException("A call with 'each' needs a window and cannot also fan out");
                }
                ArrayNode each = Json.array();
                for (Window bucket : Windows.buckets(w, call.path("each").asString(), zone)) {
                    Map<String, Object> one = new LinkedHashMap<>(args);
                    one.put("start", bucket.start().toString());
                    one.put("end", bucket.end().toString());
                    each.add(call(tool, one, paginate));
                }
                results.add(each);
            } else if (fanOut == null) {
                results.add(call(tool, args, paginate));
            } else {
                ArrayNode each = Json.array();
                for (JsonNode v : fanValues) {
                    Map<String, Object> one = new LinkedHashMap<>(args);
                    one.put(fanOut, plain(fanOut, v));
                    each.add(call(tool, one, paginate));
                }
                results.add(each);
            }
        }
        return results;
    }

    /** References inside an argument object ({@code "version": "$1/version"} in a policy document). */
    private static JsonNode references(JsonNode node, CallScope scope) {
        if (node.isString() && Expressions.isReference(node.stringValue())) {
            return Expressions.evaluate(node.stringValue(), scope);
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(item -> out.add(references(item, scope)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = Json.NODES.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), references(e.getValue(), scope)));
            return out;
        }
        return node;
    }

    /** An argument as the MCP client sends it; site and team names become the ids the tools take. */
    private Object plain(String name, JsonNode value) {
        if (value.isString() && (name.equals("siteId") || name.equals("teamId"))) {
            return id(name, value.stringValue());
        }
        return JsonMapper.shared().convertValue(value, Object.class);
    }

    private JsonNode call(String tool, Map<String, Object> args, boolean paginate) {
        JsonNode first = tools.call(tool, args);
        if (!paginate || Json.absent(first.get("nextCursor"))) {
            return first;
        }
        ObjectNode all = (ObjectNode) first.deepCopy();
        String cursor = first.get("nextCursor").asString();
        for (int page = 2; cursor != null; page++) {
            if (page > 10_000) {
                throw new IllegalArgumentException(tool + " kept returning pages");
            }
            Map<String, Object> next = new LinkedHashMap<>(args);
            next.put("cursor", cursor);
            JsonNode more = tools.call(tool, next);
            // Every list in the result grows by the page's items: /requests then means all pages.
            for (Map.Entry<String, JsonNode> field : more.properties()) {
                if (field.getValue().isArray() && all.get(field.getKey()) instanceof ArrayNode list) {
                    list.addAll((ArrayNode) field.getValue());
                }
            }
            cursor = Json.absent(more.get("nextCursor")) ? null : more.get("nextCursor").asString();
        }
        all.putNull("nextCursor");
        return all;
    }

    /**
     * The id of a site or team given by name or id: the questions say "acme-prod", while the
     * sandbox's ids may be TypeIDs ({@code site_...}) with the name beside them. Resolved through
     * list-teams and list-sites, so it holds whether ids equal names or not; a name nobody has
     * stays as it is (the tool then says the site is unknown, which a refusal question expects).
     */
    private synchronized String id(String kind, String given) {
        if (TYPE_ID.matcher(given).matches()) {
            return given;
        }
        if (siteIds == null) {
            Map<String, String> sites = new LinkedHashMap<>();
            Map<String, String> teams = new LinkedHashMap<>();
            for (JsonNode team : tools.call("list-teams", Map.of()).path("teams")) {
                String teamId = team.path("id").asString();
                teams.put(teamId, teamId);
                teams.putIfAbsent(team.path("name").asString("").toLowerCase(Locale.ROOT), teamId);
                for (JsonNode site : tools.call("list-sites", Map.of("teamId", teamId)).path("sites")) {
                    String siteId = site.path("id").asString();
                    sites.put(siteId, siteId);
                    sites.putIfAbsent(site.path("name").asString("").toLowerCase(Locale.ROOT), siteId);
                }
            }
            siteIds = sites;
            teamIds = teams;
        }
        Map<String, String> ids = kind.equals("siteId") ? siteIds : teamIds;
        String id = ids.get(given);
        if (id == null) {
            id = ids.get(given.toLowerCase(Locale.ROOT));
        }
        return id == null ? given : id;
    }

    /** Sites' and teams' names by their ids, for a judge that takes either. */
    public synchronized Map<String, String> aliases() {
        id("siteId", "");
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Map<String, String> ids : List.of(siteIds, teamIds)) {
            // The map holds id -> id and name -> id: the names are the keys that are not ids.
            ids.forEach((key, id) -> {
                if (!key.equals(id) && !key.isBlank()) {
                    aliases.put(id, key);
                }
            });
        }
        return aliases;
    }

    /** Pointers read the calls' results; names read {@code values}, {@code window} and {@code now}. */
    private static final class CallScope implements Expressions.Scope {
        private final List<JsonNode> results;
        private final Map<String, JsonNode> names;
        private final Window window;
        private final Instant now;
        private final ZoneId zone;

        CallScope(List<JsonNode> results, Map<String, JsonNode> names, Window window, Instant now, ZoneId zone) {
            this.results = results;
            this.names = names;
            this.window = window;
            this.now = now;
            this.zone = zone;
        }

        CallScope with(Map<String, JsonNode> values) {
            Map<String, JsonNode> all = new LinkedHashMap<>(names);
            all.putAll(values);
            return new CallScope(results, all, window, now, zone);
        }

        @Override
        public JsonNode window(String spec) {
            return json(Windows.resolve(spec, now, zone));
        }

        @Override
        public JsonNode result(int n) {
            if (n >= results.size()) {
                throw new Expressions.ExpressionException("$" + n + " names call " + (n + 1) + ", but there are " + results.size() + " calls");
            }
            return results.get(n);
        }

        /** Without {@code $n}, a pointer reads the last call (the only one, in most questions). */
        @Override
        public JsonNode defaultResult() {
            if (results.isEmpty()) {
                throw new Expressions.ExpressionException("A pointer with no call to read");
            }
            return results.get(results.size() - 1);
        }

        @Override
        public JsonNode name(String name) {
            if (names.containsKey(name)) {
                return names.get(name);
            }
            if (name.equals("now")) {
                return Json.text(now.toString());
            }
            if (name.equals("window") && window != null) {
                return json(window);
            }
            return null;
        }

        private static JsonNode json(Window window) {
            ObjectNode w = Json.NODES.objectNode();
            w.put("start", window.start().toString());
            w.put("end", window.end().toString());
            return w;
        }
    }
}
