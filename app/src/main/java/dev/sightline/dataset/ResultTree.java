package dev.sightline.dataset;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool result as a tree, whatever shape it came in: {@code structuredContent}, JSON text, or
 * text in markdown (bullet lists, "key: value" lines, tables), the way servers without output
 * schemas answer. Fields are then found by the semantics' pointers, tolerantly: "/totalRequests"
 * also finds a "Total requests" line. A figure that cannot be found is missing, never zero.
 */
public final class ResultTree {

    private ResultTree() {
    }

    /**
     * A result's tree, with the resources it points to under {@code links} ({uri, name, description,
     * mimeType} each), so an answer that shows the result shows them too.
     */
    public static JsonNode read(String resultText, Object structured, List<Map<String, String>> links) {
        JsonNode tree = read(resultText, structured);
        if (links == null || links.isEmpty() || !(tree instanceof ObjectNode root) || root.has("links")) {
            return tree;
        }
        ArrayNode list = root.putArray("links");
        for (Map<String, String> link : links) {
            ObjectNode item = list.addObject();
            link.forEach((k, v) -> {
                if (v != null) {
                    item.put(k, v);
                }
            });
        }
        return root;
    }

    /** A result's tree: its structured content when there is one, else its text read as JSON or markdown. */
    public static JsonNode read(String resultText, Object structured) {
        if (structured != null) {
            return JsonMapper.shared().valueToTree(structured);
        }
        String text = resultText == null ? "" : resultText.strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return JsonMapper.shared().readTree(text);
            } catch (RuntimeException e) {
                // Not JSON after all: read it as text.
            }
        }
        return Markdown.parse(text);
    }

    /** The node at a pointer ("/topPaths", "/trend/previousDenied"), matching field names loosely; missing node when absent. */
    public static JsonNode at(JsonNode root, String pointer) {
        JsonNode node = root;
        for (String part : (pointer.startsWith("/") ? pointer.substring(1) : pointer).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            node = child(node, part);
            if (node == null || node.isMissingNode()) {
                return JsonNodeFactory.instance.missingNode();
            }
        }
        return node;
    }

    /** Words a label may add around a field's name without changing what it counts: "Total requests" is /totalRequests. */
    private static final java.util.Set<String> NEUTRAL = java.util.Set.of("count", "total", "number", "num", "value", "requests", "of",
            // "Created: …" is the createdAt of a record.
            "at");

    private static JsonNode child(JsonNode node, String name) {
        if (node.isArray()) {
            if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return node.path(Integer.parseInt(name));
            }
            // A list of "NAME: value" items read from text: the item named so holds the figure.
            for (JsonNode item : node) {
                if (item.isObject() && item.has("name") && key(item.path("name").asString()).equals(key(name))) {
                    return item.has("value") ? item.get("value") : item;
                }
            }
            return null;
        }
        if (node.isString()) {
            return labelled(node.asString(), name);
        }
        if (!node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        String wanted = key(name);
        JsonNode container = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String k = key(field.getKey());
            if (k.equals(wanted) || neutrallyEqual(k, wanted)) {
                return field.getValue();
            }
            // A list or section may carry more words in its heading ("Available teams", "Sites in team x"); a figure may not.
            // "Rule breakdown" is the list of rules too: a plural name also heads a section in the singular.
            String singular = wanted.length() >= 5 && wanted.endsWith("s") ? wanted.substring(0, wanted.length() - 1) : wanted;
            if (container == null && field.getValue().isContainer() && wanted.length() >= 4
                    && (k.startsWith(wanted) || k.endsWith(wanted) || k.startsWith(singular) || k.endsWith(singular))) {
                container = field.getValue();
            }
        }
        if (container == null) {
            // "By rule type" is /byType: a heading with one more word inside the name ("by … type").
            List<String> asked = camelWords(name);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                List<String> heading = camelWords(field.getKey());
                if (!field.getValue().isContainer() || asked.size() < 2 || heading.size() != asked.size() + 1) {
                    continue;
                }
                for (int inner = 1; inner < heading.size() - 1; inner++) {
                    List<String> without = new ArrayList<>(heading);
                    without.remove(inner);
                    if (without.equals(asked)) {
                        return field.getValue();
                    }
                }
            }
        }
        return container;
    }

    // Names and pointers are read for every field of every result: their expressions are compiled once.
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^a-z0-9]+");
    private static final Pattern NOT_LOWER_LETTER_OR_DIGIT = Pattern.compile("[^a-z0-9]");
    private static final Pattern COMMA = Pattern.compile(",\\s*");

    /** The words of a camel-case or spaced name, lower case: "byRuleType" and "By rule type" are [by, rule, type]. */
    private static List<String> camelWords(String name) {
        return List.of(NOT_LETTER_OR_DIGIT.split(CAMEL_HUMP.matcher(name).replaceAll("$1 $2").toLowerCase(Locale.ROOT).strip()));
    }

    private static final Pattern LABEL = Pattern.compile("(?:^|[,;]\\s*)([A-Za-z][\\w ]{0,40}?):\\s+");

    /**
     * A value inside text that labels its parts ("allow: CATEGORY:SEARCH_ENGINE, CATEGORY:MONITOR", "max: 60; window: 60s"): the
     * part named so, a list when it holds several comma-separated items; null when no part has that name.
     */
    private static JsonNode labelled(String text, String name) {
        Matcher m = LABEL.matcher(text);
        List<int[]> labels = new ArrayList<>();
        while (m.find()) {
            labels.add(new int[] {m.start(), m.start(1), m.end(1), m.end()});
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!key(text.substring(labels.get(i)[1], labels.get(i)[2])).equals(key(name))) {
                continue;
            }
            String value = text.substring(labels.get(i)[3], i + 1 < labels.size() ? labels.get(i + 1)[0] : text.length()).strip();
            if (!value.contains(",")) {
                return JsonNodeFactory.instance.stringNode(value);
            }
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (String item : COMMA.split(value)) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            return items;
        }
        return null;
    }

    private static boolean neutrallyEqual(String candidate, String wanted) {
        for (String word : NEUTRAL) {
            if (candidate.equals(word + wanted) || candidate.equals(wanted + word) || wanted.equals(word + candidate) || wanted.equals(candidate + word)) {
                return true;
            }
        }
        return false;
    }

    /** A row's key field, or, for an item read from text, its name or ticked key. */
    public static String keyOf(JsonNode row, String field) {
        String value = text(at(row, field));
        if (value != null || !row.isObject() || row.has(field)) {
            return value;
        }
        // An item read from text states some fields inside its sentences: an address, a country code, a path.
        Pattern embedded = EMBEDDED.get(field.toLowerCase(Locale.ROOT));
        if (embedded != null) {
            for (Map.Entry<String, JsonNode> e : row.properties()) {
                Matcher m = embedded.matcher(e.getValue().isValueNode() ? e.getValue().asString() : "");
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!simple(row)) {
                // A listed request without the field: unknown, never its id standing in for a country or an address.
                return null;
            }
        }
        if ((field.equalsIgnoreCase("id") || field.endsWith("Id")) && row.has("key")) {
            // A text item's id is the value it opens with in backticks: "• `req_1_x` at …".
            return text(row.get("key"));
        }
        return simple(row) ? text(row.has("key") ? row.get("key") : row.get("name")) : null;
    }

    /** An item read from a line of text ("BOT: 529 (59.6% of denials)"): a name, a value and what was read out of them. */
    private static boolean simple(JsonNode row) {
        return row.properties().stream().allMatch(e -> List.of("key", "name", "value", "id", "tags").contains(e.getKey()) || e.getKey().endsWith("Parts"));
    }

    /** How a field reads inside a sentence of a text result. */
    private static final Map<String, Pattern> EMBEDDED = Map.of(
            "ip", Pattern.compile("(?<![\\w.:])((?:\\d{1,3}\\.){3}\\d{1,3}|[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7})(?![\\w.:])"),
            "country", Pattern.compile("\\bcountry:?\\s+([A-Z]{2})\\b"),
            "path", Pattern.compile("(?:^|\\s)(/[\\w.~%/?=&-]*)"),
            "conclusion", Pattern.compile("\\b(ALLOW|DENY|CHALLENGE|ERROR)\\b"),
            // "DENY (BOT)": a code in capitals in parentheses.
            "reason", Pattern.compile("\\(([A-Z][A-Z_]{2,})\\)"),
            "timestamp", Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z)\\b"),
            // "DENY (BOT) by rule `rule_x`": the deciding rule, never the request's own id in its place.
            "ruleid", Pattern.compile("\\brule:?\\s+`?([\\w:.-]+)`?"));

    /** A row's figure, or, for an item read from text ("BOT: 529 (59.6% of denials)"), its value. */
    public static Double valueOf(JsonNode row, String field) {
        Double value = number(at(row, field));
        if (value == null && row.isObject() && row.has("value") && !row.has(field)) {
            value = number(row.get("value"));
        }
        return value;
    }

    /** A field name reduced to letters and digits, lower case: "Total requests", "total_requests" and "totalRequests" meet. */
    public static String key(String name) {
        return NOT_LOWER_LETTER_OR_DIGIT.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /** A number, also from text such as "12,345", "9.9%" or "1.2k"; null when there is none. */
    public static Double number(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isObject()) {
            JsonNode value = child(node, "value");
            if (value == null) {
                value = child(node, "count");
            }
            return value == null ? null : number(value);
        }
        if (!node.isString()) {
            return null;
        }
        Matcher m = NUMBER.matcher(node.asString());
        if (!m.find()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1).replace(",", ""));
        if (m.group(2) != null && !m.group(2).isEmpty()) {
            value *= switch (Character.toLowerCase(m.group(2).charAt(0))) {
                case 'k' -> 1_000;
                case 'm' -> 1_000_000;
                default -> 1;
            };
        }
        return value;
    }

    private static final Pattern NUMBER = Pattern.compile("(-?\\d[\\d,]*(?:\\.\\d+)?)\\s*([kKmM](?![a-z]))?");

    /** Text of a node, stripped of markdown ticks. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            JsonNode value = child(node, "value");
            return value == null ? node.toString() : text(value);
        }
        if (node.isArray()) {
            // A list where one value was expected reads as its items, never as a failure.
            List<String> items = new ArrayList<>();
            node.forEach(item -> {
                String t = text(item);
                if (t != null) {
                    items.add(t);
                }
            });
            return String.join(", ", items);
        }
        return node.asString().replace("`", "").strip();
    }

    /** The items of a list at a pointer (an array, or the values of an object keyed by name). */
    public static List<JsonNode> rows(JsonNode root, String pointer) {
        JsonNode node = at(root, pointer);
        if (node.isMissingNode() && root.isObject() && root.has("text")) {
            // Text with one list in it ("Found 20 requests ...:" then bullets): that list is the one asked for.
            // Or the one list whose heading names it: "Daily timeline (UTC):" for /timeline.
            List<JsonNode> lists = new ArrayList<>();
            List<JsonNode> named = new ArrayList<>();
            String wanted = key(pointer.substring(pointer.lastIndexOf('/') + 1));
            root.properties().forEach(e -> {
                if (e.getValue().isArray() && !e.getKey().endsWith("Parts") && !e.getKey().equals("links")) {
                    lists.add(e.getValue());
                    if (!wanted.isEmpty() && key(e.getKey()).contains(wanted)) {
                        named.add(e.getValue());
                    }
                }
            });
            if (lists.size() == 1) {
                node = lists.get(0);
            } else if (named.size() == 1) {
                node = named.get(0);
            }
        }
        List<JsonNode> rows = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(rows::add);
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                ObjectNode row = JsonNodeFactory.instance.objectNode();
                row.put("key", e.getKey());
                if (e.getValue().isObject()) {
                    row.setAll((ObjectNode) e.getValue());
                } else {
                    row.set("value", e.getValue());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Every scalar in the tree with its path ("rules/live": 4), for reports read whole. */
    public static void leaves(String prefix, JsonNode node, List<Map.Entry<String, Object>> out) {
        if (out.size() >= 1_000) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                leaves(prefix.isEmpty() ? e.getKey() : prefix + " / " + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (Iterator<JsonNode> it = node.iterator(); it.hasNext(); i++) {
                leaves(prefix + " / " + (i + 1), it.next(), out);
            }
        } else if (!node.isNull() && !node.isMissingNode()) {
            out.add(Map.entry(prefix, node.isNumber() ? node.numberValue() : node.isBoolean() ? node.asBoolean() : node.asString()));
        }
    }

    /**
     * Markdown as a tree: "Key: value" lines become fields, bullet and numbered lists become
     * arrays (a bullet "Name (ID: `x`) [tag]" becomes {name, id, tags}; "Key: value" bullets
     * become objects), tables become arrays of objects keyed by their header, headings open
     * sections. Good enough to find every fact the text states.
     */
    static final class Markdown {

        private static final Pattern BULLET = Pattern.compile("^(\\s*)(?:[-*•]|\\d+[.)])\\s+(.*)$");
        private static final Pattern KEY_VALUE = Pattern.compile("^\\**([A-Za-z][\\w ()/'%.-]{0,60}?)\\**\\s*:\\s+(.+)$");
        /** "## Threats", or a line ending in a colon; a colon inside parentheses ("(… 13:37 …)") does not end it. */
        private static final Pattern HEADING = Pattern.compile("^(?:#{1,6}\\s+(.+)|([A-Z](?:[^:(]|\\([^)]*\\)){0,120}):)$");
        private static final Pattern ID = Pattern.compile("\\(ID:\\s*`?([^`)]+)`?\\)");

        static JsonNode parse(String text) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("text", text);
            String sectionName = null;
            ArrayNode list = null;
            List<String> header = null;
            ObjectNode lastItem = null;
            for (String rawLine : text.split("\\R")) {
                String line = rawLine.stripTrailing();
                if (line.isBlank()) {
                    header = null;
                    continue;
                }
                String trimmed = line.strip();
                if (trimmed.startsWith("|")) {
                    List<String> cells = cells(trimmed);
                    if (cells.stream().allMatch(c -> c.matches(":?-{2,}:?"))) {
                        continue;
                    }
                    if (header == null) {
                        header = cells;
                        list = root.putArray(sectionName == null ? "rows" : camel(sectionName));
                        continue;
                    }
                    ObjectNode row = list.addObject();
                    for (int i = 0; i < header.size() && i < cells.size(); i++) {
                        put(row, camel(header.get(i)), cells.get(i));
                    }
                    continue;
                }
                header = null;
                Matcher heading = HEADING.matcher(trimmed);
                Matcher bullet = BULLET.matcher(line);
                if (!bullet.matches() && heading.matches()) {
                    sectionName = heading.group(1) != null ? heading.group(1) : heading.group(2);
                    list = null;
                    lastItem = null;
                    continue;
                }
                if (bullet.matches()) {
                    boolean nested = bullet.group(1).length() >= 2 && lastItem != null;
                    String content = bullet.group(2).strip();
                    Matcher kv = KEY_VALUE.matcher(content);
                    if (nested) {
                        if (kv.matches()) {
                            put(lastItem, camel(kv.group(1)), kv.group(2));
                        } else {
                            lastItem.withArray("items").add(content.replace("`", ""));
                        }
                        continue;
                    }
                    if (list == null) {
                        list = root.putArray(sectionName == null ? "items" : camel(sectionName));
                    }
                    ObjectNode item = list.addObject();
                    if (kv.matches() && !content.contains("(ID:")) {
                        item.put("name", kv.group(1).strip());
                        put(item, "value", kv.group(2));
                        // Also as a field of the whole result, so "DENY: 12" under "Conclusions" reads as /deny; the first
                        // statement of a figure wins, so a later "Denied: 9 before" in a trend does not replace it.
                        if (!root.has(camel(kv.group(1)))) {
                            put(root, camel(kv.group(1)), kv.group(2));
                        }
                    } else {
                        item(item, content);
                    }
                    lastItem = item;
                    continue;
                }
                Matcher kv = KEY_VALUE.matcher(trimmed);
                if (kv.matches() && !root.has(camel(kv.group(1)))) {
                    put(root, camel(kv.group(1)), kv.group(2));
                    lastItem = null;
                }
            }
            return root;
        }

        /** The text with what is between backticks blanked, same length: positions still match. */
        private static String maskCode(String text) {
            StringBuilder out = new StringBuilder(text);
            boolean code = false;
            for (int i = 0; i < out.length(); i++) {
                if (out.charAt(i) == '`') {
                    code = !code;
                } else if (code) {
                    out.setCharAt(i, ' ');
                }
            }
            return out.toString();
        }

        /** "Acme (ID: `team_x`) [default]" → {name: Acme, id: team_x, tags: default}; "`/api/login` — 120 requests" keeps its value. */
        private static void item(ObjectNode item, String content) {
            Matcher id = ID.matcher(content);
            String rest = content;
            if (id.find()) {
                item.put("id", id.group(1).strip());
                rest = content.substring(0, id.start()) + content.substring(id.end());
            }
            // A tag is outside code: "`rules[0].input`" keeps its index.
            Matcher tag = Pattern.compile("\\[([^\\]]+)]").matcher(maskCode(rest));
            if (tag.find()) {
                item.put("tags", rest.substring(tag.start(1), tag.end(1)));
                rest = rest.substring(0, tag.start()) + rest.substring(tag.end());
            }
            Matcher ticked = Pattern.compile("^`([^`]+)`").matcher(rest.strip());
            Matcher labelled = Pattern.compile("^(\\S+?)(?:\\s+\\(([^)]*)\\))?:\\s+(.+)$").matcher(rest.replace("`", "").strip());
            if (ticked.find()) {
                item.put("key", ticked.group(1));
                // "`rule_staging_bot` (bot): would block 541": its kind, and the figure its words name.
                Matcher after = Pattern.compile("^`[^`]+`\\s*(?:\\(([^)]*)\\))?:\\s+([A-Za-z][A-Za-z ]{2,40}?)\\s+(-?\\d[\\d,]*(?:\\.\\d+)?)$").matcher(rest.strip());
                if (after.matches()) {
                    if (after.group(1) != null && !item.has("tags")) {
                        item.put("tags", after.group(1));
                    }
                    put(item, camel(after.group(2)), after.group(3));
                }
            } else if (labelled.matches() && labelled.group(1).matches(".*[\\d./:_].*")) {
                // "185.156.115.128 (VPN, RO): 8 would be blocked": the value it opens with is its key.
                item.put("key", labelled.group(1));
                if (labelled.group(2) != null && !item.has("tags")) {
                    item.put("tags", labelled.group(2));
                }
            }
            item.put("name", rest.replace("`", "").replaceAll("\\s+[—–-]\\s+.*$", "").strip());
            item.put("value", rest.replace("`", "").strip());
            for (String part : rest.split("[,;—–]|\\s-\\s")) {
                Matcher kv = KEY_VALUE.matcher(part.strip());
                if (kv.matches()) {
                    put(item, camel(kv.group(1)), kv.group(2));
                }
            }
        }

        private static List<String> cells(String row) {
            String inner = row.replaceAll("^\\|", "").replaceAll("\\|$", "");
            List<String> cells = new ArrayList<>();
            for (String c : inner.split("\\|", -1)) {
                cells.add(c.strip().replace("`", ""));
            }
            return cells;
        }

        private static void put(ObjectNode node, String key, String value) {
            String v = value.strip().replace("`", "");
            if (v.matches("-?\\d(?:,?\\d){0,17}")) {
                node.put(key, Long.parseLong(v.replace(",", "")));
            } else if (v.matches("-?\\d(?:,?\\d){0,17}\\.\\d+")) {
                node.put(key, Double.parseDouble(v.replace(",", "")));
            } else if (v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null") || v.equals("—")) {
                node.putNull(key);
            } else {
                node.put(key, v);
                List<Object> pieces = pieces(v);
                if (pieces.size() >= 2) {
                    // A sentence that packs several facts ("AS3320 Deutsche Telekom AG (RESIDENTIAL)", "12,847 of 1,000,000
                    // requests (1.28%)") also gives them one by one, so each can be read and cited.
                    ArrayNode parts = node.putArray(key + "Parts");
                    pieces.forEach(piece -> {
                        if (piece instanceof Long l) {
                            parts.add(l);
                        } else if (piece instanceof Double d) {
                            parts.add(d);
                        } else {
                            parts.add((String) piece);
                        }
                    });
                }
            }
        }

        private static final Pattern SPLIT = Pattern.compile("\\s*(?:;\\s+|,\\s+|\\s+to\\s+|\\s+of\\s+|:\\s+|\\(|\\)|\\.\\s+|\\s+→\\s+|\\s+->\\s+)\\s*");
        private static final Pattern NETWORK = Pattern.compile("^AS(\\d{1,18})\\s+(.+?)(?:\\s+\\(([A-Z][A-Z_]*)\\))?$");
        private static final Pattern PIECE_NUMBER = Pattern.compile("^(?:AS)?(-?\\d(?:,?\\d){0,17}(?:\\.\\d+)?)(%|s)?(?:\\s+.*)?$");

        /**
         * The facts a packed value states: split at parentheses, "; ", ", ", " to ", " of ", ": " and
         * sentence ends; each piece kept as text, and a leading number ("12,847 requests", "AS3320",
         * "1.28%") also as that number. Fewer than two pieces: the value is one fact.
         */
        static List<Object> pieces(String value) {
            if (value.length() > 300 || !SPLIT.matcher(value).find()) {
                return List.of();
            }
            java.util.LinkedHashSet<Object> out = new java.util.LinkedHashSet<>();
            Matcher network = NETWORK.matcher(value.strip());
            if (network.matches()) {
                // "AS14061 DigitalOcean, LLC (HOSTING)": the name keeps its comma; "AS396982 Google LLC (Cloud) (HOSTING)": and its
                // own parentheses, only the last upper-case one being the network's type.
                out.add(Long.parseLong(network.group(1)));
                out.add(network.group(2).strip());
                if (network.group(3) != null) {
                    out.add(network.group(3));
                }
            }
            for (String raw : SPLIT.split(value)) {
                String piece = raw.strip().replaceAll("[.;,]$", "");
                if (piece.isEmpty() || piece.equals(value)) {
                    continue;
                }
                out.add(piece);
                Matcher asn = Pattern.compile("^AS(\\d{1,18})\\s+(.+)$").matcher(piece);
                if (asn.matches()) {
                    out.add(Long.parseLong(asn.group(1)));
                    out.add(asn.group(2));
                    continue;
                }
                Matcher n = PIECE_NUMBER.matcher(piece);
                Matcher within = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d+)?)%").matcher(piece);
                if (!n.matches() && within.find()) {
                    // "denial rate 12.03% now": a percentage inside words, and its fraction.
                    double percent = Double.parseDouble(within.group(1));
                    out.add(percent);
                    out.add(Math.round(percent * 100) / 10_000.0);
                }
                if (n.matches() && !piece.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                    String digits = n.group(1).replace(",", "");
                    out.add(digits.contains(".") ? (Object) Double.parseDouble(digits) : (Object) Long.parseLong(digits));
                    if ("s".equals(n.group(2))) {
                        out.add(n.group(1) + "s");
                    } else if ("%".equals(n.group(2))) {
                        // "61.14% of denials" is also the fraction 0.6114.
                        out.add(Math.round(Double.parseDouble(digits) * 100) / 10_000.0);
                    }
                }
                // "GET /wp-login.php", "HTTP 403": a path or a number among a few words is a value of its own.
                String[] tokens = piece.split("\\s+");
                if (tokens.length >= 2 && tokens.length <= 3) {
                    for (String token : tokens) {
                        if (token.startsWith("/") && token.length() > 1) {
                            out.add(token);
                        } else if (token.matches("\\d{1,9}")) {
                            out.add(Long.parseLong(token));
                        }
                    }
                }
                // "DENY. This rule denied the request.": the leading word in capitals is a value of its own.
                Matcher word = Pattern.compile("^([A-Z][A-Z_]{2,})\\b").matcher(piece);
                if (word.find() && !word.group(1).equals(piece)) {
                    out.add(word.group(1));
                }
            }
            return out.size() >= 2 ? List.copyOf(out) : List.of();
        }

        static String camel(String words) {
            String[] parts = words.strip().replaceAll("[^A-Za-z0-9 ]", " ").strip().split("\\s+");
            StringBuilder out = new StringBuilder();
            for (String p : parts) {
                if (p.isEmpty()) {
                    continue;
                }
                out.append(out.isEmpty() ? p.toLowerCase(Locale.ROOT) : Character.toUpperCase(p.charAt(0)) + p.substring(1).toLowerCase(Locale.ROOT));
            }
            return out.toString();
        }
    }
}
