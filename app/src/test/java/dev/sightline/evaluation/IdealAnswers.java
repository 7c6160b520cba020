package dev.sightline.evaluation;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The analysis a perfect engine would return for an expectation, in the answer contract's shape:
 * the values as figures backed by a tool that was called, rankings, sets and series as the table,
 * refusals and missing data as the outcome. The judge must accept every one of them, so no
 * expectation asks for something no answer could give; a spoiled copy must be refused.
 */
final class IdealAnswers {

    private IdealAnswers() {
    }

    static JsonNode of(Expected expected) {
        ObjectNode a = Json.NODES.objectNode();
        a.put("status", "ANSWERED");
        ObjectNode outcome = a.putObject("outcome");
        ObjectNode answer = a.putObject("answer");
        answer.put("text", "The answer.");
        answer.put("confidence", 90);
        ArrayNode followUps = answer.putArray("followUps");
        ArrayNode figures = a.putArray("figures");
        ArrayNode steps = a.putArray("steps");
        if (expected instanceof Expected.Refuse r) {
            outcome.put("kind", "REFUSED").put("reason", r.reason());
            return a;
        }
        if (expected instanceof Expected.Missing m) {
            outcome.put("kind", "MISSING_DATA").putArray("missing").add(m.data());
            return a;
        }
        if (expected instanceof Expected.Unsure) {
            outcome.put("kind", "UNSURE");
            followUps.add("How many requests were denied today?");
            return a;
        }
        outcome.put("kind", "ANSWER");
        steps.addObject().put("tool", "analyze-traffic").put("status", "OK");
        if (expected instanceof Expected.Parts p) {
            for (int i = 0; i < p.parts().size(); i++) {
                add(p.parts().get(i), a, i);
            }
        } else {
            add(expected, a, null);
        }
        return a;
    }

    private static void add(Expected e, ObjectNode a, Integer part) {
        ArrayNode figures = (ArrayNode) a.get("figures");
        if (e instanceof Expected.Figure f) {
            f.values().forEach(v -> figures(figures, v, part));
        } else if (e instanceof Expected.Report r) {
            r.values().values().forEach(v -> figures(figures, v, part));
        } else if (e instanceof Expected.Top t) {
            List<JsonNode> first = t.items().subList(0, Math.min(t.n(), t.items().size()));
            if (part != null && first.size() == 1) {
                figure(figures, key(first.get(0), t.key()), part);
            } else {
                table(a, first.stream().map(i -> key(i, t.key())).toList(), null);
            }
        } else if (e instanceof Expected.SetOf s) {
            if (part != null) {
                if (s.items().isEmpty()) {
                    figure(figures, Json.text("none"), part);
                }
                s.items().forEach(i -> figure(figures, key(i, s.key()), part));
            } else {
                table(a, s.items().stream().map(i -> key(i, s.key())).toList(), null);
            }
        } else if (e instanceof Expected.Series s) {
            table(a, s.buckets().stream().map(b -> (JsonNode) Json.text(b)).toList(), s.candidates().values().iterator().next());
        }
    }

    private static void figures(ArrayNode figures, JsonNode value, Integer part) {
        if (value.isArray()) {
            value.forEach(v -> figures(figures, v, part));
        } else if (value.isObject()) {
            value.properties().stream().map(Map.Entry::getValue).filter(JsonNode::isString).findFirst().ifPresent(v -> figure(figures, v, part));
        } else if (!Json.absent(value)) {
            figure(figures, value, part);
        }
    }

    private static void figure(ArrayNode figures, JsonNode value, Integer part) {
        ObjectNode f = figures.addObject();
        f.put("label", "value");
        f.set("value", value);
        f.putNull("unit");
        if (part != null) {
            f.put("part", part);
        }
        f.putObject("provenance").put("tool", "analyze-traffic").putObject("arguments");
    }

    private static JsonNode key(JsonNode item, String key) {
        if (!item.isObject()) {
            return item;
        }
        if (key != null) {
            return item.path(key);
        }
        return item.properties().stream().map(Map.Entry::getValue).filter(JsonNode::isString).findFirst().orElse(Json.NODES.nullNode());
    }

    private static void table(ObjectNode a, List<JsonNode> keys, List<JsonNode> values) {
        if (a.has("table")) {
            throw new IllegalStateException("Two parts need the table");
        }
        ObjectNode table = a.putObject("table");
        table.putArray("columns").add("key").add("value");
        ArrayNode rows = table.putArray("rows");
        for (int i = 0; i < keys.size(); i++) {
            ArrayNode row = rows.addArray().add(keys.get(i));
            row.add(values == null ? Json.NODES.nullNode() : values.get(i));
        }
        table.put("totalRows", keys.size());
    }

    /**
     * The same answer with every number off by more than any tolerance and every text changed:
     * a judge that still accepts it is not looking.
     */
    static JsonNode spoiled(JsonNode ideal) {
        return spoil(ideal.deepCopy(), null);
    }

    private static JsonNode spoil(JsonNode node, String field) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (String name : List.copyOf(o.propertyNames())) {
                if (!name.equals("provenance") && !name.equals("steps") && !name.equals("outcome") && !name.equals("answer")
                        && !name.equals("columns") && !name.equals("label") && !name.equals("unit") && !name.equals("part")) {
                    o.set(name, spoil(o.get(name), name));
                }
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(v -> out.add(spoil(v, field)));
            return out;
        }
        if (node.isNumber()) {
            return Json.number(node.doubleValue() * 3 + 7);
        }
        if (node.isString()) {
            return Json.text(node.stringValue() + "-not");
        }
        if (node.isBoolean()) {
            return Json.NODES.booleanNode(!node.booleanValue());
        }
        return node;
    }
}
