package dev.sightline.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The evaluation sets' small language for reading tool results: JSON pointers with call
 * references ({@code $1/topIps/0/ip}), item selectors ({@code /topPaths[path="/api/login"]/requests},
 * no item giving 0), fan-out ({@code $1/*}{@code /sites}), list functions (count, sum, mean, map,
 * filter, distinct, minus, intersect, sortBy, countBy, argmax), durations of windows (days, hours,
 * minutes), arithmetic and comparisons over named values, and {@code now}. Values are JSON nodes
 * throughout, so a pointer may yield a list that a function then reads.
 */
public final class Expressions {

    /** What pointers and names refer to. */
    public interface Scope {
        /** The result of call {@code n} (an array of results when the call fanned out). */
        JsonNode result(int n);

        /** The result a pointer without {@code $n} reads. */
        JsonNode defaultResult();

        /** A named value ({@code values}' names, {@code window}, {@code now}), or null when there is none. */
        JsonNode name(String name);

        /** A window expression ({@code lastWeek}, {@code last(7d)}) as an object with its start and end. */
        default JsonNode window(String spec) {
            throw new ExpressionException("No windows here: " + spec);
        }
    }

    /** A mistake in an expression, or a value of the wrong kind for what is done to it. */
    public static final class ExpressionException extends RuntimeException {
        ExpressionException(String message) {
            super(message);
        }
    }

    private Expressions() {
    }

    /** The value of one expression. */
    public static JsonNode evaluate(String expression, Scope scope) {
        List<Node> nodes = new Parser(expression).parseAll();
        if (nodes.size() != 1) {
            throw new ExpressionException("Expected one expression, found " + nodes.size() + " in '" + expression + "'");
        }
        return nodes.get(0).eval(new Context(scope, null));
    }

    /** The values of expressions separated by {@code ;} (a {@code compute} with several answers). */
    public static List<JsonNode> evaluateAll(String expressions, Scope scope) {
        List<JsonNode> values = new ArrayList<>();
        for (Node node : new Parser(expressions).parseAll()) {
            values.add(node.eval(new Context(scope, null)));
        }
        return values;
    }

    /** Whether a string argument is an expression over earlier results rather than a literal. */
    public static boolean isReference(String text) {
        String t = text.trim();
        return t.matches("^\\$\\d+(/.*)?$") || t.matches("^[A-Za-z]+\\(.*\\$\\d+.*");
    }

    /** Whether a reference fans out: the call runs once per item it yields. */
    public static boolean fansOut(String text) {
        return text.contains("/*/") || text.endsWith("/*");
    }

    // ---- evaluation ----

    private record Context(Scope scope, JsonNode item) {
        Context with(JsonNode newItem) {
            return new Context(scope, newItem);
        }
    }

    private sealed interface Node permits Literal, Pointer, Name, Call, Binary, Unary, Length {
        JsonNode eval(Context c);
    }

    private record Literal(JsonNode value) implements Node {
        public JsonNode eval(Context c) {
            return value;
        }
    }

    private record Name(String name) implements Node {
        public JsonNode eval(Context c) {
            if (c.item() != null && c.item().isObject() && c.item().has(name)) {
                return c.item().get(name);
            }
            JsonNode named = c.scope().name(name);
            if (named != null) {
                return named;
            }
            if (c.item() != null) {
                // A field the item does not have: absent, so "bot != null" can test for it.
                return Json.NODES.nullNode();
            }
            throw new ExpressionException("Unknown name '" + name + "'");
        }
    }

    private record Pointer(String text) implements Node {
        public JsonNode eval(Context c) {
            JsonNode root;
            String rest;
            if (text.startsWith("$")) {
                int i = 1;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                root = c.scope().result(Integer.parseInt(text.substring(1, i)));
                rest = text.substring(i);
            } else {
                root = c.scope().defaultResult();
                rest = text;
            }
            if (rest.startsWith("/")) {
                rest = rest.substring(1);
            }
            return walk(root, segments(rest), 0, c);
        }
    }

    private record Call(String function, List<Node> arguments) implements Node {
        public JsonNode eval(Context c) {
            return Functions.call(function, arguments, c);
        }
    }

    /**
     * {@code days(w)}, {@code hours(w)}, {@code minutes(w)}: the length of a window, named
     * ({@code window}, a value holding a start and an end) or written out ({@code days(lastWeek)}).
     */
    private record Length(String unit, String argument) implements Node {
        public JsonNode eval(Context c) {
            String a = argument.trim();
            JsonNode window = a.matches("[A-Za-z_][A-Za-z0-9_]*") ? c.scope().name(a) : null;
            if (window == null || !window.isObject()) {
                window = c.scope().window(a);
            }
            double seconds = Functions.duration(window).toMillis() / 1000.0;
            return Json.number(seconds / switch (unit) {
                case "days" -> 86_400.0;
                case "hours" -> 3_600.0;
                default -> 60.0;
            });
        }
    }

    private record Binary(String operator, Node left, Node right) implements Node {
        public JsonNode eval(Context c) {
            JsonNode l = left.eval(c);
            switch (operator) {
                case "&&":
                    return Json.NODES.booleanNode(truthy(l) && truthy(right.eval(c)));
                case "||":
                    return Json.NODES.booleanNode(truthy(l) || truthy(right.eval(c)));
                case "/":
                    // After a function yielding an object or a list, "/id" reads a field: argmax(...)/id.
                    if (l.isContainer() && (right instanceof Name || right instanceof Literal lit && lit.value().isIntegralNumber())) {
                        String segment = right instanceof Name n ? n.name() : Json.text(((Literal) right).value());
                        return walk(l, List.of(segment), 0, c);
                    }
                    break;
                default:
                    break;
            }
            JsonNode r = right.eval(c);
            return switch (operator) {
                case "+", "-", "*", "/" -> arithmetic(operator, l, r);
                case "==" -> Json.NODES.booleanNode(Json.same(l, r));
                case "!=" -> Json.NODES.booleanNode(!Json.same(l, r));
                case ">", "<", ">=", "<=" -> compare(operator, l, r);
                case "startsWith" -> Json.NODES.booleanNode(!Json.absent(l) && Json.text(l).startsWith(Json.text(r)));
                case "endsWith" -> Json.NODES.booleanNode(!Json.absent(l) && Json.text(l).endsWith(Json.text(r)));
                case "contains" -> Json.NODES.booleanNode(l.isArray() ? l.valueStream().anyMatch(v -> Json.same(v, r))
                        : !Json.absent(l) && Json.text(l).contains(Json.text(r)));
                default -> throw new ExpressionException("Unknown operator " + operator);
            };
        }
    }

    private record Unary(String operator, Node operand) implements Node {
        public JsonNode eval(Context c) {
            JsonNode v = operand.eval(c);
            if (operator.equals("!")) {
                return Json.NODES.booleanNode(!truthy(v));
            }
            return Json.number(-number(v, "-"));
        }
    }

    static boolean truthy(JsonNode v) {
        if (Json.absent(v)) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isContainer()) {
            return !v.isEmpty();
        }
        return !Json.text(v).isEmpty();
    }

    static double number(JsonNode v, String what) {
        return Json.numeric(v).orElseThrow(() -> new ExpressionException("Not a number for " + what + ": " + Json.text(v)));
    }

    private static JsonNode arithmetic(String operator, JsonNode l, JsonNode r) {
        if (Json.absent(l) || Json.absent(r)) {
            return Json.NODES.nullNode();
        }
        double a = number(l, operator);
        double b = number(r, operator);
        boolean integers = l.isIntegralNumber() && r.isIntegralNumber();
        return switch (operator) {
            case "+" -> integers ? Json.NODES.numberNode(l.longValue() + r.longValue()) : Json.NODES.numberNode(a + b);
            case "-" -> integers ? Json.NODES.numberNode(l.longValue() - r.longValue()) : Json.NODES.numberNode(a - b);
            case "*" -> integers ? Json.NODES.numberNode(l.longValue() * r.longValue()) : Json.NODES.numberNode(a * b);
            // A share of nothing has no value; the expectation then says so instead of inventing one.
            default -> b == 0 ? Json.NODES.nullNode() : Json.NODES.numberNode(a / b);
        };
    }

    private static JsonNode compare(String operator, JsonNode l, JsonNode r) {
        int order;
        Optional<Double> a = Json.numeric(l);
        Optional<Double> b = Json.numeric(r);
        if (a.isPresent() && b.isPresent()) {
            order = Double.compare(a.get(), b.get());
        } else {
            order = Json.text(l).compareTo(Json.text(r));
        }
        return Json.NODES.booleanNode(switch (operator) {
            case ">" -> order > 0;
            case "<" -> order < 0;
            case ">=" -> order >= 0;
            default -> order <= 0;
        });
    }

    // ---- pointers ----

    /** Splits a pointer at its slashes, keeping selectors ({@code [path="/api/x"]}) whole. */
    static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        if (pointer.isEmpty()) {
            return segments;
        }
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < pointer.length(); i++) {
            char ch = pointer.charAt(i);
            if (quoted) {
                if (ch == '\\' && i + 1 < pointer.length()) {
                    current.append(ch).append(pointer.charAt(++i));
                    continue;
                }
                if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            } else if (ch == '/' && depth == 0) {
                segments.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(ch);
        }
        segments.add(current.toString());
        return segments;
    }

    /** No item matched a selector: the number asked for is 0. */
    private static final class NoItem extends RuntimeException {
        NoItem() {
            super(null, null, false, false);
        }
    }

    static JsonNode walk(JsonNode node, List<String> segments, int from, Context c) {
        try {
            return walkOrFail(node, segments, from, c);
        } catch (NoItem e) {
            return Json.NODES.numberNode(0);
        }
    }

    private static JsonNode walkOrFail(JsonNode node, List<String> segments, int from, Context c) {
        JsonNode current = node;
        for (int i = from; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (Json.absent(current)) {
                return Json.NODES.nullNode();
            }
            if (segment.equals("*")) {
                if (!current.isArray()) {
                    throw new ExpressionException("'*' over a value that is not a list: " + Json.text(current));
                }
                List<JsonNode> each = new ArrayList<>();
                for (JsonNode item : current) {
                    // A selector that finds nothing gives 0 for that item only.
                    each.add(walk(item, segments, i + 1, c));
                }
                ArrayNode out = Json.array();
                boolean lists = !each.isEmpty() && each.stream().allMatch(JsonNode::isArray);
                // Lists of lists are joined: the sites of every team are one list of sites.
                each.forEach(v -> {
                    if (lists) {
                        v.forEach(out::add);
                    } else {
                        out.add(v);
                    }
                });
                return out;
            }
            int bracket = segment.indexOf('[');
            String field = bracket < 0 ? segment : segment.substring(0, bracket);
            if (!field.isEmpty()) {
                current = step(current, field.replace("~1", "/").replace("~0", "~"));
            }
            if (bracket >= 0) {
                for (String selector : selectors(segment.substring(bracket))) {
                    current = select(current, selector, c);
                }
            }
        }
        return current == null ? Json.NODES.nullNode() : current;
    }

    private static JsonNode step(JsonNode current, String field) {
        if (current.isArray()) {
            if (field.matches("\\d+")) {
                int index = Integer.parseInt(field);
                return index < current.size() ? current.get(index) : Json.NODES.nullNode();
            }
            throw new ExpressionException("A list has no field '" + field + "'; use an index, '*' or a [field=value] selector");
        }
        if (current.isObject()) {
            JsonNode next = current.get(field);
            return next == null ? Json.NODES.nullNode() : next;
        }
        return Json.NODES.nullNode();
    }

    private static List<String> selectors(String text) {
        List<String> selectors = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '[') {
                throw new ExpressionException("Expected '[' in selector " + text);
            }
            int depth = 0;
            boolean quoted = false;
            int start = i + 1;
            for (; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '\\') {
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == '[') {
                    depth++;
                } else if (ch == ']' && --depth == 0) {
                    break;
                }
            }
            selectors.add(text.substring(start, i));
            i++;
        }
        return selectors;
    }

    /** {@code field="x"}, {@code field=3}, {@code field=$0/requests/0/ruleId}: the first item that matches. */
    private static JsonNode select(JsonNode list, String selector, Context c) {
        int eq = selector.indexOf('=');
        if (eq < 0) {
            throw new ExpressionException("A selector needs field=value: [" + selector + "]");
        }
        String field = selector.substring(0, eq).trim();
        JsonNode wanted = new Parser(selector.substring(eq + 1).trim()).parseOne().eval(new Context(c.scope(), null));
        if (!list.isArray()) {
            throw new NoItem();
        }
        for (JsonNode item : list) {
            if (Json.same(item.get(field), wanted)) {
                return item;
            }
        }
        throw new NoItem();
    }

    // ---- functions ----

    private static final class Functions {

        static JsonNode call(String function, List<Node> args, Context c) {
            return switch (function) {
                case "count" -> {
                    JsonNode v = one(function, args, c);
                    yield Json.NODES.numberNode(Json.absent(v) ? 0 : v.isContainer() ? v.size() : 1);
                }
                case "sum" -> Json.number(numbers(list(function, args, c)).stream().mapToDouble(Double::doubleValue).sum());
                case "mean" -> {
                    List<Double> values = numbers(list(function, args, c));
                    yield values.isEmpty() ? Json.NODES.nullNode() : Json.NODES.numberNode(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
                }
                case "min", "max" -> {
                    List<Double> values = args.size() == 1 ? numbers(list(function, args, c))
                            : args.stream().map(a -> number(a.eval(c), function)).toList();
                    yield values.isEmpty() ? Json.NODES.nullNode() : Json.number(function.equals("min")
                            ? values.stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                            : values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                }
                case "abs" -> Json.number(Math.abs(number(one(function, args, c), function)));
                case "round" -> {
                    double v = number(args.get(0).eval(c), function);
                    int digits = args.size() > 1 ? (int) number(args.get(1).eval(c), function) : 0;
                    double scale = Math.pow(10, digits);
                    yield Json.number(Math.round(v * scale) / scale);
                }
                case "map" -> {
                    ArrayNode out = Json.array();
                    for (JsonNode item : list(function, args.subList(0, 1), c)) {
                        out.add(field(args, item, c));
                    }
                    yield out;
                }
                case "filter" -> {
                    ArrayNode out = Json.array();
                    for (JsonNode item : list(function, args.subList(0, 1), c)) {
                        if (truthy(field(args, item, c))) {
                            out.add(item);
                        }
                    }
                    yield out;
                }
                case "distinct" -> {
                    ArrayNode out = Json.array();
                    for (JsonNode item : list(function, args, c)) {
                        if (out.valueStream().noneMatch(v -> Json.same(v, item))) {
                            out.add(item);
                        }
                    }
                    yield out;
                }
                case "minus", "intersect" -> {
                    JsonNode a = list(function, args.subList(0, 1), c);
                    JsonNode b = list(function, args.subList(1, 2), c);
                    ArrayNode out = Json.array();
                    for (JsonNode item : a) {
                        boolean inB = b.valueStream().anyMatch(v -> Json.same(v, item));
                        if (inB == function.equals("intersect") && out.valueStream().noneMatch(v -> Json.same(v, item))) {
                            out.add(item);
                        }
                    }
                    yield out;
                }
                case "sortBy" -> {
                    List<JsonNode> items = new ArrayList<>();
                    list(function, args.subList(0, 1), c).forEach(items::add);
                    // Descending and stable: items with equal values keep the tool's order.
                    items.sort(Comparator.comparing((JsonNode item) -> Json.numeric(field(args, item, c)).orElse(Double.NEGATIVE_INFINITY)).reversed());
                    ArrayNode out = Json.array();
                    items.forEach(out::add);
                    yield out;
                }
                case "countBy" -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (JsonNode item : list(function, args.subList(0, 1), c)) {
                        JsonNode key = field(args, item, c);
                        if (!Json.absent(key)) {
                            counts.merge(Json.text(key), 1L, Long::sum);
                        }
                    }
                    ArrayNode out = Json.array();
                    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
                        ObjectNode entry = Json.NODES.objectNode();
                        entry.put("key", e.getKey());
                        entry.put("count", e.getValue());
                        out.add(entry);
                    });
                    yield out;
                }
                case "argmax", "argmin" -> {
                    JsonNode best = Json.NODES.nullNode();
                    JsonNode bestValue = null;
                    for (JsonNode item : list(function, args.subList(0, 1), c)) {
                        JsonNode value = field(args, item, c);
                        if (bestValue == null || Expressions.compare(function.equals("argmax") ? ">" : "<", value, bestValue).booleanValue()) {
                            best = item;
                            bestValue = value;
                        }
                    }
                    yield best;
                }
                default -> throw new ExpressionException("Unknown function " + function + "()");
            };
        }

        private static JsonNode one(String function, List<Node> args, Context c) {
            if (args.size() != 1) {
                throw new ExpressionException(function + "() takes one argument");
            }
            return args.get(0).eval(c);
        }

        private static JsonNode list(String function, List<Node> args, Context c) {
            JsonNode v = args.get(0).eval(c);
            if (Json.absent(v)) {
                return Json.array();
            }
            if (!v.isArray()) {
                throw new ExpressionException(function + "() needs a list, not " + Json.text(v));
            }
            return v;
        }

        /** The second argument read against an item: a field name, or a condition over its fields. */
        private static JsonNode field(List<Node> args, JsonNode item, Context c) {
            if (args.size() < 2) {
                throw new ExpressionException("This function needs a list and a field or condition");
            }
            Node second = args.get(1);
            if (second instanceof Name n && !item.isObject()) {
                return Json.NODES.nullNode();
            }
            if (second instanceof Name n && !item.has(n.name())) {
                return Json.NODES.nullNode();
            }
            return second.eval(c.with(item));
        }

        private static List<Double> numbers(JsonNode list) {
            List<Double> values = new ArrayList<>();
            for (JsonNode v : list) {
                if (!Json.absent(v)) {
                    values.add(number(v, "a sum or mean"));
                }
            }
            return values;
        }

        static Duration duration(JsonNode window) {
            if (window == null || !window.isObject() || !window.has("start") || !window.has("end")) {
                throw new ExpressionException("days(), hours() and minutes() need a window with a start and an end");
            }
            Instant start = Json.instant(Json.text(window.get("start"))).orElseThrow();
            Instant end = Json.instant(Json.text(window.get("end"))).orElseThrow();
            return Duration.between(start, end);
        }
    }

    // ---- parsing ----

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<Node> parseAll() {
            List<Node> nodes = new ArrayList<>();
            while (true) {
                skip();
                if (pos >= text.length()) {
                    break;
                }
                nodes.add(or());
                skip();
                if (pos < text.length()) {
                    expect(';');
                }
            }
            return nodes;
        }

        Node parseOne() {
            Node node = or();
            skip();
            if (pos < text.length()) {
                throw error("Unexpected '" + text.substring(pos) + "'");
            }
            return node;
        }

        private Node or() {
            Node left = and();
            while (true) {
                if (take("||") || takeWord("or")) {
                    left = new Binary("||", left, and());
                } else {
                    return left;
                }
            }
        }

        private Node and() {
            Node left = comparison();
            while (true) {
                if (take("&&") || takeWord("and")) {
                    left = new Binary("&&", left, comparison());
                } else {
                    return left;
                }
            }
        }

        private Node comparison() {
            Node left = additive();
            for (String op : List.of("==", "!=", ">=", "<=", ">", "<")) {
                if (take(op)) {
                    return new Binary(op, left, additive());
                }
            }
            for (String op : List.of("startsWith", "endsWith", "contains")) {
                if (takeWord(op)) {
                    return new Binary(op, left, additive());
                }
            }
            return left;
        }

        private Node additive() {
            Node left = multiplicative();
            while (true) {
                skip();
                if (peek('+')) {
                    pos++;
                    left = new Binary("+", left, multiplicative());
                } else if (peek('-')) {
                    pos++;
                    left = new Binary("-", left, multiplicative());
                } else {
                    return left;
                }
            }
        }

        private Node multiplicative() {
            Node left = unary();
            while (true) {
                skip();
                if (peek('*')) {
                    pos++;
                    left = new Binary("*", left, unary());
                } else if (peek('/')) {
                    pos++;
                    left = new Binary("/", left, unary());
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            skip();
            if (peek('-')) {
                pos++;
                return new Unary("-", unary());
            }
            if (peek('!') && !text.startsWith("!=", pos)) {
                pos++;
                return new Unary("!", unary());
            }
            return primary();
        }

        private Node primary() {
            skip();
            if (pos >= text.length()) {
                throw error("Unexpected end");
            }
            char ch = text.charAt(pos);
            if (ch == '(') {
                pos++;
                Node inner = or();
                expect(')');
                return inner;
            }
            if (ch == '"' || ch == '\'') {
                return new Literal(Json.text(string(ch)));
            }
            if (Character.isDigit(ch) || ch == '.') {
                return new Literal(numberLiteral());
            }
            if (ch == '/' || (ch == '$' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                return new Pointer(pointer());
            }
            if (Character.isLetter(ch) || ch == '_') {
                String name = identifier();
                skip();
                if (peek('(') && (name.equals("days") || name.equals("hours") || name.equals("minutes"))) {
                    return new Length(name, balanced());
                }
                if (peek('(')) {
                    pos++;
                    List<Node> args = new ArrayList<>();
                    skip();
                    if (!peek(')')) {
                        do {
                            args.add(or());
                            skip();
                        } while (take(","));
                    }
                    expect(')');
                    return new Call(name, args);
                }
                return switch (name) {
                    case "null" -> new Literal(Json.NODES.nullNode());
                    case "true" -> new Literal(Json.NODES.booleanNode(true));
                    case "false" -> new Literal(Json.NODES.booleanNode(false));
                    default -> new Name(name);
                };
            }
            throw error("Unexpected '" + ch + "'");
        }

        /** The text between a parenthesis and its match, as written (a window expression). */
        private String balanced() {
            int depth = 0;
            int start = pos + 1;
            for (; pos < text.length(); pos++) {
                char ch = text.charAt(pos);
                if (ch == '(') {
                    depth++;
                } else if (ch == ')' && --depth == 0) {
                    return text.substring(start, pos++);
                }
            }
            throw error("Expected ')'");
        }

        /** A pointer runs to the next space, comma, closing parenthesis or semicolon outside its selectors. */
        private String pointer() {
            int start = pos;
            int depth = 0;
            boolean quoted = false;
            for (; pos < text.length(); pos++) {
                char ch = text.charAt(pos);
                if (quoted) {
                    if (ch == '\\') {
                        pos++;
                    } else if (ch == '"') {
                        quoted = false;
                    }
                    continue;
                }
                if (ch == '"') {
                    quoted = true;
                } else if (ch == '[') {
                    depth++;
                } else if (ch == ']') {
                    depth--;
                } else if (depth == 0 && (Character.isWhitespace(ch) || ch == ',' || ch == ')' || ch == ';')) {
                    break;
                }
            }
            return text.substring(start, pos);
        }

        private String string(char quote) {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != quote) {
                char ch = text.charAt(pos++);
                if (ch == '\\' && pos < text.length()) {
                    ch = text.charAt(pos++);
                }
                out.append(ch);
            }
            expect(quote);
            return out.toString();
        }

        private JsonNode numberLiteral() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String n = text.substring(start, pos);
            return n.contains(".") ? Json.NODES.numberNode(Double.parseDouble(n)) : Json.NODES.numberNode(Long.parseLong(n));
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char ch) {
            return pos < text.length() && text.charAt(pos) == ch;
        }

        private boolean take(String token) {
            skip();
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private boolean takeWord(String word) {
            skip();
            int end = pos + word.length();
            if (text.startsWith(word, pos) && (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        private void expect(char ch) {
            skip();
            if (!peek(ch)) {
                throw error("Expected '" + ch + "'");
            }
            pos++;
        }

        private ExpressionException error(String message) {
            return new ExpressionException(message + " at " + pos + " in '" + text + "'");
        }
    }
}
