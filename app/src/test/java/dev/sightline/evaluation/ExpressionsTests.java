package dev.sightline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The expression language over hand-made tool results, without a sandbox. */
class ExpressionsTests {

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text.replace('\'', '"'));
    }

    static final JsonNode TRAFFIC = json("""
            {'totalRequests': 1000, 'denied': 250, 'challenged': 30, 'denialRate': 0.25,
             'window': {'start': '2026-12-01T00:00:00Z', 'end': '2026-12-02T00:00:00Z'},
             'topPaths': [{'path': '/api/login', 'requests': 400, 'denied': 100},
                          {'path': '/api/signup', 'requests': 300, 'denied': 120},
                          {'path': '/', 'requests': 300, 'denied': 0}],
             'topIps': [{'ip': '203.0.113.7', 'requests': 90, 'asn': 64500},
                        {'ip': '198.51.100.4', 'requests': 60, 'asn': 64500},
                        {'ip': '192.0.2.1', 'requests': 30, 'asn': 64501}],
             'topDenialReasons': [{'reason': 'BOT', 'count': 150, 'share': 0.6}, {'reason': 'RATE_LIMIT', 'count': 100, 'share': 0.4}]}
            """);

    static final JsonNode REQUESTS = json("""
            {'requests': [{'id': 'r1', 'ip': '203.0.113.7', 'country': 'US', 'bot': 'CURL', 'ruleId': 'rule_rl'},
                          {'id': 'r2', 'ip': '203.0.113.7', 'country': 'US', 'bot': null},
                          {'id': 'r3', 'ip': '192.0.2.1', 'country': 'DE'},
                          {'id': 'r4', 'ip': '192.0.2.9', 'country': 'FR', 'bot': 'OPENAI_CRAWLER'},
                          {'id': 'r5', 'ip': '192.0.2.9', 'country': 'DE', 'bot': 'CURL'}]}
            """);

    static final JsonNode RULES = json("""
            {'rules': [{'id': 'rule_rl', 'type': 'rate_limit', 'mode': 'LIVE', 'summary': '60 a minute', 'config': {'max': 60, 'window': '60s'}},
                       {'id': 'rule_bot', 'type': 'bot', 'mode': 'DRY_RUN', 'summary': 'bots'}],
             'policies': [{'id': 'p1', 'label': 'email.sent', 'updatedAt': '2026-11-01T00:00:00Z'},
                          {'id': 'p2', 'label': 'refund.issued', 'updatedAt': '2026-11-20T00:00:00Z'}]}
            """);

    /** Results as calls would leave them: $0 traffic, $1 requests, $2 rules, $3 a fan-out over two teams. */
    static Expressions.Scope scope(Map<String, JsonNode> names) {
        List<JsonNode> results = List.of(TRAFFIC, REQUESTS, RULES,
                json("[{'sites': [{'id': 'acme-prod'}, {'id': 'acme-staging'}], 'total': 5}, {'sites': [{'id': 'globex-web'}], 'total': 7}]"));
        return new Expressions.Scope() {
            public JsonNode result(int n) {
                return results.get(n);
            }

            public JsonNode defaultResult() {
                return TRAFFIC;
            }

            public JsonNode name(String name) {
                if (names.containsKey(name)) {
                    return names.get(name);
                }
                return switch (name) {
                    case "now" -> Json.text("2026-12-02T12:00:00Z");
                    case "window" -> TRAFFIC.get("window");
                    default -> null;
                };
            }
        };
    }

    static JsonNode eval(String expression) {
        return Expressions.evaluate(expression, scope(Map.of()));
    }

    @Test
    void pointersReadFieldsIndexesAndCalls() {
        assertThat(eval("/denied").asLong()).isEqualTo(250);
        assertThat(eval("/topIps/0/ip").asString()).isEqualTo("203.0.113.7");
        assertThat(eval("$2/rules/0/config/window").asString()).isEqualTo("60s");
        assertThat(eval("/nothing/here").isNull()).isTrue();
        assertThat(eval("/topIps/9/ip").isNull()).isTrue();
    }

    @Test
    void selectorsPickTheFirstMatchingItemAndNoItemIsZero() {
        assertThat(eval("/topPaths[path=\"/api/signup\"]/denied").asLong()).isEqualTo(120);
        assertThat(eval("/topDenialReasons[reason=\"RATE_LIMIT\"]/count").asLong()).isEqualTo(100);
        assertThat(eval("/topDenialReasons[reason=\"EMAIL\"]/count").asLong()).isZero();
        assertThat(eval("$2/rules[type=\"rate_limit\"]/config/max").asLong()).isEqualTo(60);
        // The wanted value may come from another call.
        assertThat(eval("$2/rules[id=$1/requests/0/ruleId]/summary").asString()).isEqualTo("60 a minute");
    }

    @Test
    void starFansOutAndJoinsLists() {
        assertThat(eval("$3/*/sites")).hasSize(3);
        assertThat(eval("$3/*/total")).extracting(JsonNode::asLong).containsExactly(5L, 7L);
        assertThat(eval("$3/*/sites/*/id")).extracting(JsonNode::asString).containsExactly("acme-prod", "acme-staging", "globex-web");
        // Per item, a selector that finds nothing is 0 for that item.
        assertThat(eval("$3/*/sites[id=\"acme-staging\"]/id")).extracting(JsonNode::asString).containsExactly("acme-staging", "0");
        assertThat(Expressions.fansOut("$0/teams/*/id")).isTrue();
        assertThat(Expressions.fansOut("$0/teams/0/id")).isFalse();
    }

    @Test
    void listFunctions() {
        assertThat(eval("count(/topPaths)").asLong()).isEqualTo(3);
        assertThat(eval("count(filter(/topPaths, denied == 0))").asLong()).isEqualTo(1);
        assertThat(eval("map(filter(/topPaths, path startsWith \"/api/\"), path)")).extracting(JsonNode::asString)
                .containsExactly("/api/login", "/api/signup");
        assertThat(eval("count(distinct(map($1/requests, ip)))").asLong()).isEqualTo(3);
        assertThat(eval("count(distinct(map(filter($1/requests, bot != null), bot)))").asLong()).isEqualTo(2);
        assertThat(eval("count(filter($1/requests, bot == \"OPENAI_CRAWLER\"))").asLong()).isEqualTo(1);
        assertThat(eval("mean(map(/topIps, requests))").asDouble()).isEqualTo(60.0);
        assertThat(eval("sum(map(/topIps, requests))").asLong()).isEqualTo(180);
        assertThat(eval("count(distinct(map(/topIps, asn)))").asLong()).isEqualTo(2);
        assertThat(eval("sortBy(/topPaths, denied)")).extracting(p -> p.get("path").asString()).containsExactly("/api/signup", "/api/login", "/");
        assertThat(eval("minus(map(/topIps, ip), map($1/requests, ip))")).extracting(JsonNode::asString).containsExactly("198.51.100.4");
        assertThat(eval("intersect(map(/topIps, ip), map($1/requests, ip))")).extracting(JsonNode::asString)
                .containsExactly("203.0.113.7", "192.0.2.1");
        assertThat(eval("argmax($2/policies, updatedAt)/id").asString()).isEqualTo("p2");
        assertThat(eval("map(filter($2/rules, mode == \"DRY_RUN\"), type)")).extracting(JsonNode::asString).containsExactly("bot");
    }

    @Test
    void countByCountsAndRanks() {
        JsonNode countries = eval("countBy($1/requests, country)");
        assertThat(countries).extracting(c -> c.get("key").asString()).containsExactly("US", "DE", "FR");
        assertThat(countries).extracting(c -> c.get("count").asLong()).containsExactly(2L, 2L, 1L);
        // Requests without a bot are not counted under any bot.
        assertThat(eval("countBy(filter($1/requests, bot != null), bot)")).extracting(c -> c.get("key").asString()).containsExactly("CURL", "OPENAI_CRAWLER");
    }

    @Test
    void computeArithmeticComparisonsAndDurations() {
        Map<String, JsonNode> names = Map.of("a", Json.number(250), "b", Json.number(200), "used", Json.number(600_000),
                "start", Json.text("2026-12-01T00:00:00Z"), "end", Json.text("2027-01-01T00:00:00Z"));
        List<JsonNode> values = Expressions.evaluateAll("a-b; 100*(a-b)/b; a > b; a/b", scope(names));
        assertThat(values.get(0).asLong()).isEqualTo(50);
        assertThat(values.get(0).isIntegralNumber()).isTrue();
        assertThat(values.get(1).asDouble()).isEqualTo(25.0);
        assertThat(values.get(2).asBoolean()).isTrue();
        assertThat(values.get(3).asDouble()).isEqualTo(1.25);
        // Instants are seconds: a month's usage projected from the days gone (1.5 of 31).
        JsonNode projected = Expressions.evaluate("used*(end-start)/(now-start)", scope(names));
        assertThat(projected.asDouble()).isCloseTo(600_000 * 31 / 1.5, within(1e-6));
        assertThat(Expressions.evaluate("a/days(window)", scope(names)).asDouble()).isEqualTo(250.0);
        assertThat(Expressions.evaluate("a/hours(window)", scope(names)).asDouble()).isEqualTo(250 / 24.0);
        assertThat(Expressions.evaluate("minutes(window)", scope(names)).asDouble()).isEqualTo(1440.0);
        assertThat(Expressions.evaluate("-a + 2 * 3", scope(names)).asLong()).isEqualTo(-244);
        assertThat(Expressions.evaluate("(w-e)/5", scope(Map.of("w", Json.number(700), "e", Json.number(200)))).asDouble()).isEqualTo(100.0);
        // A share of nothing has no value.
        assertThat(Expressions.evaluate("a/0", scope(names)).isNull()).isTrue();
    }

    @Test
    void lengthsOfWrittenWindows() {
        java.time.Instant now = java.time.Instant.parse("2026-12-02T12:00:00Z");
        Expressions.Scope scope = new Expressions.Scope() {
            public JsonNode result(int n) {
                return TRAFFIC;
            }

            public JsonNode defaultResult() {
                return TRAFFIC;
            }

            public JsonNode name(String name) {
                return name.equals("t") ? Json.number(700) : null;
            }

            public JsonNode window(String spec) {
                Windows.Window w = Windows.resolve(spec, now, java.time.ZoneOffset.UTC);
                return json("{'start': '" + w.start() + "', 'end': '" + w.end() + "'}");
            }
        };
        assertThat(Expressions.evaluate("t / days(lastWeek)", scope).asDouble()).isEqualTo(100.0);
        assertThat(Expressions.evaluate("t / days(last(14d))", scope).asDouble()).isEqualTo(50.0);
        assertThat(Expressions.evaluate("hours(today)", scope).asDouble()).isEqualTo(12.0);
        assertThat(Expressions.evaluate("t / (minutes(last(1h)) * 60)", scope).asDouble()).isCloseTo(700 / 3600.0, within(1e-12));
        assertThat(Expressions.evaluate("days(lastWeek(MON..FRI))", scope).asDouble()).isEqualTo(5.0);
    }

    @Test
    void referencesAreRecognized() {
        assertThat(Expressions.isReference("$0/topIps/0/ip")).isTrue();
        assertThat(Expressions.isReference("argmax($0/policies, updatedAt)/id")).isTrue();
        assertThat(Expressions.isReference("acme-prod")).isFalse();
        assertThat(Expressions.isReference("{ip}")).isFalse();
    }

    @Test
    void mistakesSayWhere() {
        assertThatThrownBy(() -> eval("count(/topPaths")).isInstanceOf(Expressions.ExpressionException.class).hasMessageContaining("Expected ')'");
        assertThatThrownBy(() -> eval("nosuch(/topPaths)")).isInstanceOf(Expressions.ExpressionException.class).hasMessageContaining("nosuch");
        assertThatThrownBy(() -> eval("unknownName + 1")).isInstanceOf(Expressions.ExpressionException.class).hasMessageContaining("unknownName");
    }
}
