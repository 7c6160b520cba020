package dev.sightline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The judge's rules on hand-made analyses in the answer contract's shape. */
class JudgeTests {

    final Judge judge = new Judge(Set.of("get-site-key", "create-rule"));

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text.replace('\'', '"'));
    }

    static JsonNode answer(String figures, String table, String steps) {
        return json("{'status': 'ANSWERED', 'outcome': {'kind': 'ANSWER', 'reason': null, 'missing': []}, 'figures': " + figures
                + ", 'table': " + table + ", 'steps': " + steps + ", 'answer': {'text': 'An answer.', 'confidence': 90, 'followUps': []}}");
    }

    static final String TRAFFIC_STEP = "[{'tool': 'analyze-traffic', 'arguments': {'siteId': 'acme-prod'}, 'status': 'OK'}]";

    static String figure(String value, String unit) {
        return "{'label': 'x', 'value': " + value + ", 'unit': " + (unit == null ? "null" : "'" + unit + "'")
                + ", 'provenance': {'tool': 'analyze-traffic', 'arguments': {}, 'field': '/denied'}}";
    }

    static Expected.Figure expectFigure(JsonNode... values) {
        return new Expected.Figure(List.of(values));
    }

    @Test
    void integersMustBeExact() {
        Judge.Verdict right = judge.judge(expectFigure(Json.number(1234)), answer("[" + figure("1234", "requests") + "]", "null", TRAFFIC_STEP));
        assertThat(right.correct()).isTrue();
        assertThat(right.invented()).isZero();
        assertThat(judge.judge(expectFigure(Json.number(1234)), answer("[" + figure("1235", "requests") + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        // A stated text number counts as its value.
        assertThat(judge.judge(expectFigure(Json.number(1234)), answer("[" + figure("'1,234'", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
    }

    @Test
    void ratesAsFractionsOrPercentsWithinTolerance() {
        Expected.Figure rate = expectFigure(Json.number(0.1234));
        assertThat(judge.judge(rate, answer("[" + figure("0.1234", "fraction") + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(rate, answer("[" + figure("12.34", "percent") + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        // Rounded by the engine to one decimal.
        assertThat(judge.judge(rate, answer("[" + figure("12.3", "percent") + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        // A percent with no unit is not the fraction.
        assertThat(judge.judge(rate, answer("[" + figure("12.34", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        // A rate rounded away to nothing is wrong.
        assertThat(judge.judge(expectFigure(Json.number(0.0123)), answer("[" + figure("0.0", "fraction") + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        // An average within 0.5 %.
        assertThat(judge.judge(expectFigure(Json.number(1234.56)), answer("[" + figure("1235", "per day") + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(expectFigure(Json.number(3.44)), answer("[" + figure("3", "per day") + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
    }

    @Test
    void stringsIgnoreCaseAndSpaceAndDatesMayBeDays() {
        assertThat(judge.judge(expectFigure(Json.text("RATE_LIMIT")), answer("[" + figure("' rate_limit '", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(expectFigure(Json.text("2027-01-01T00:00:00Z")), answer("[" + figure("'2027-01-01'", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(expectFigure(Json.text("2027-01-01T00:00:00Z")), answer("[" + figure("'2026-12-31'", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(expectFigure(Json.text("2027-01-01T00:00:00Z")), answer("[" + figure("'2026-12-30'", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        assertThat(judge.judge(expectFigure(Json.text("2027-01-01T00:00:00Z")), answer("[" + figure("'2027-01-01T08:00:00Z'", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        assertThat(judge.judge(expectFigure(Json.text("2027-01-01T00:00:00Z")), answer("[" + figure("'2027-01-01 or so'", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
    }

    @Test
    void severalValuesMustAllBeThereAndYesNoBesideNumbersIsCarriedByThem() {
        Expected.Figure comparison = expectFigure(Json.NODES.booleanNode(true), Json.number(50));
        assertThat(judge.judge(comparison, answer("[" + figure("50", "requests") + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(comparison, answer("[" + figure("50", "requests") + ", " + figure("'no'", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        assertThat(judge.judge(expectFigure(Json.number(50), Json.number(25.0)), answer("[" + figure("50", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        // A decrease stated as a positive number.
        assertThat(judge.judge(expectFigure(Json.number(-50)), answer("[" + figure("50", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        // A yes/no question needs the yes/no.
        assertThat(judge.judge(expectFigure(Json.NODES.booleanNode(false)), answer("[]", "null", TRAFFIC_STEP)).correct()).isFalse();
        assertThat(judge.judge(expectFigure(Json.NODES.booleanNode(false)), answer("[" + figure("false", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
    }

    @Test
    void rankingsAllowSwapsOnlyAmongTies() {
        List<JsonNode> items = List.of(json("{'path': '/a', 'requests': 50}"), json("{'path': '/b', 'requests': 40}"),
                json("{'path': '/c', 'requests': 40}"), json("{'path': '/d', 'requests': 10}"));
        Expected.Top top3 = new Expected.Top(items, "path", 3, "requests");
        String swapped = "{'columns': ['path', 'requests'], 'rows': [['/a', 50], ['/c', 40], ['/b', 40]], 'totalRows': 3}";
        String wrong = "{'columns': ['path', 'requests'], 'rows': [['/b', 40], ['/a', 50], ['/c', 40]], 'totalRows': 3}";
        assertThat(judge.judge(top3, answer("[]", swapped, TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(top3, answer("[]", wrong, TRAFFIC_STEP)).correct()).isFalse();
        // The tie may also cross the cut: the second of two tied items may be answered third.
        Expected.Top top2 = new Expected.Top(items, "path", 2, "requests");
        assertThat(judge.judge(top2, answer("[]", "{'columns': ['path'], 'rows': [['/a'], ['/c']]}", TRAFFIC_STEP)).correct()).isTrue();
        // The top one alone may be a figure.
        Expected.Top top1 = new Expected.Top(items, "path", 1, "requests");
        assertThat(judge.judge(top1, answer("[" + figure("'/a'", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
    }

    @Test
    void setsCompareAColumnAsASet() {
        Expected.SetOf set = new Expected.SetOf(List.of(json("{'id': 'site_01', 'name': 'acme-prod'}"), json("{'id': 'site_02', 'name': 'acme-staging'}")), "id");
        // Sites may be named instead of given by id.
        assertThat(judge.judge(set, answer("[]", "{'columns': ['site'], 'rows': [['acme-staging'], ['acme-prod']]}", "[{'tool': 'list-sites'}]")).correct()).isTrue();
        assertThat(judge.judge(set, answer("[]", "{'columns': ['site'], 'rows': [['acme-prod']]}", "[{'tool': 'list-sites'}]")).correct()).isFalse();
        assertThat(judge.judge(set, answer("[]", "{'columns': ['site'], 'rows': [['acme-prod'], ['acme-staging'], ['globex-web']]}", "[{'tool': 'list-sites'}]"))
                .correct()).isFalse();
        // Any one column may carry the set: policies listed by label with their names beside them.
        Expected.SetOf names = new Expected.SetOf(List.of(Json.text("Refund limit"), Json.text("Support agent email")), null);
        String policies = "{'columns': ['label', 'name'], 'rows': [['refund.issued', 'Refund limit'], ['email.sent', 'Support agent email']]}";
        assertThat(judge.judge(names, answer("[]", policies, "[{'tool': 'list-guard-policies'}]")).correct()).isTrue();
        String mixed = "{'columns': ['label', 'name'], 'rows': [['refund.issued', 'Refund limit'], ['web.fetched', 'Support agent email']]}";
        assertThat(judge.judge(new Expected.SetOf(List.of(Json.text("refund.issued"), Json.text("Support agent email")), null),
                answer("[]", mixed, "[{'tool': 'list-guard-policies'}]")).correct()).isFalse();
        // Plain ids are also answered by the names the oracle knows for them.
        Judge knowing = new Judge(Set.of(), Map.of("site_01", "acme-prod"));
        Expected.SetOf ids = new Expected.SetOf(List.of(Json.text("site_01")), null);
        assertThat(knowing.judge(ids, answer("[]", "{'columns': ['site'], 'rows': [['acme-prod']]}", "[{'tool': 'list-sites'}]")).correct()).isTrue();
        assertThat(knowing.judge(expectFigure(Json.text("site_01")), answer("[" + figure("'Acme-Prod'", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        Expected.SetOf empty = new Expected.SetOf(List.of(), "ip");
        assertThat(judge.judge(empty, answer("[]", "{'columns': ['ip'], 'rows': []}", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(empty, answer("[]", "null", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(empty, answer("[]", "{'columns': ['ip'], 'rows': [['1.2.3.4']]}", TRAFFIC_STEP)).correct()).isFalse();
    }

    @Test
    void seriesNeedOneRowPerBucketAndAColumnOfTheValues() {
        Expected.Series series = new Expected.Series(List.of("2026-11-30", "2026-12-01", "2026-12-02"),
                Map.of("value", List.of(Json.number(0.1), Json.number(0.2), Json.number(0.25))));
        assertThat(judge.judge(series, answer("[]", "{'columns': ['day', 'denial rate %'], 'rows': [['2026-11-30', 10], ['2026-12-01', 20], ['2026-12-02', 25]]}",
                TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(series, answer("[]", "{'columns': ['day', 'rate'], 'rows': [['2026-11-30', 0.1], ['2026-12-01', 0.2]]}",
                TRAFFIC_STEP)).correct()).isFalse();
    }

    @Test
    void reportsNeedEveryValueSomewhere() {
        Expected.Report report = new Expected.Report(Map.of("used", Json.number(600000), "limit", Json.number(1000000), "rules",
                json("[{'ruleId': 'rule_bot', 'wouldBlock': 5}]")));
        assertThat(judge.judge(report, answer("[" + figure("600000", null) + "]",
                "{'columns': ['rule', 'limit'], 'rows': [['rule_bot', 1000000]]}", TRAFFIC_STEP)).correct()).isTrue();
        assertThat(judge.judge(report, answer("[" + figure("600000", null) + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
    }

    @Test
    void partsEachByTheirOwnRule() {
        Expected.Parts parts = new Expected.Parts(List.of(expectFigure(Json.number(250)),
                new Expected.Top(List.of(json("{'reason': 'BOT', 'count': 150}")), "reason", 1, "count")));
        assertThat(judge.judge(parts, answer("[" + figure("250", null) + ", " + figure("'BOT'", null) + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        // Figures split into parts count for their own part only ...
        String inPart0 = "{'label': 'a', 'value': 250, 'unit': null, 'part': 0, 'provenance': {'tool': 'analyze-traffic'}}";
        String botInPart0 = "{'label': 'b', 'value': 'BOT', 'unit': null, 'part': 0, 'provenance': {'tool': 'analyze-traffic'}}";
        String otherInPart1 = "{'label': 'c', 'value': 'SHIELD', 'unit': null, 'part': 1, 'provenance': {'tool': 'analyze-traffic'}}";
        assertThat(judge.judge(parts, answer("[" + inPart0 + ", " + botInPart0 + ", " + otherInPart1 + "]", "null", TRAFFIC_STEP)).correct()).isFalse();
        // ... but an answer all in one part is read whole,
        assertThat(judge.judge(parts, answer("[" + inPart0 + ", " + botInPart0 + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        // and so is one whose parts do not line up with the question's (three steps for two parts).
        String botInPart2 = "{'label': 'b', 'value': 'BOT', 'unit': null, 'part': 2, 'provenance': {'tool': 'analyze-traffic'}}";
        assertThat(judge.judge(parts, answer("[" + inPart0 + ", " + otherInPart1 + ", " + botInPart2 + "]", "null", TRAFFIC_STEP)).correct()).isTrue();
        Judge.Verdict half = judge.judge(parts, answer("[" + figure("250", null) + "]", "null", TRAFFIC_STEP));
        assertThat(half.correct()).isFalse();
        assertThat(half.detail()).startsWith("part 2");
    }

    @Test
    void refusalsMissingDataAndUnsureReadTheOutcome() {
        JsonNode refused = json("{'status': 'ANSWERED', 'outcome': {'kind': 'REFUSED', 'reason': 'read-only'}, 'steps': [], 'answer': {'text': 'No.'}}");
        assertThat(judge.judge(new Expected.Refuse("read-only"), refused).correct()).isTrue();
        assertThat(judge.judge(new Expected.Refuse("secret"), refused).correct()).isFalse();
        JsonNode refusedAfterCalling = json("{'outcome': {'kind': 'REFUSED', 'reason': 'secret'}, 'steps': [{'tool': 'get-site-key'}]}");
        Judge.Verdict v = judge.judge(new Expected.Refuse("secret"), refusedAfterCalling);
        assertThat(v.correct()).isFalse();
        assertThat(v.blocked()).isEqualTo(1);
        JsonNode notVisible = json("{'outcome': {'kind': 'REFUSED', 'reason': 'site-not-found'}, 'steps': [{'tool': 'list-sites'}]}");
        assertThat(judge.judge(new Expected.Refuse("site-not-visible"), notVisible).correct()).isTrue();

        JsonNode missing = json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['User Accounts']}, 'steps': []}");
        assertThat(judge.judge(new Expected.Missing("user-accounts"), missing).correct()).isTrue();
        assertThat(judge.judge(new Expected.Missing("signups"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['daily sign-ups']}}")).correct()).isTrue();
        assertThat(judge.judge(new Expected.Missing("revenue"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['latency']}}")).correct()).isFalse();
        assertThat(judge.judge(new Expected.Missing("signups"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['signup']}}")).correct()).isTrue();
        assertThat(judge.judge(new Expected.Missing("billing-cost"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['billing costs']}}")).correct()).isTrue();
        // A writer's longer description is named by its key word; a vague word names nothing.
        assertThat(judge.judge(new Expected.Missing("daily sign-ups"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['signups']}}")).correct()).isTrue();
        assertThat(judge.judge(new Expected.Missing("response latency"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['latency']}}")).correct()).isTrue();
        assertThat(judge.judge(new Expected.Missing("bandwidth / bytes transferred"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['bandwidth']}}")).correct()).isTrue();
        assertThat(judge.judge(new Expected.Missing("user ids"), json("{'outcome': {'kind': 'MISSING_DATA', 'missing': ['id']}}")).correct()).isFalse();

        assertThat(judge.judge(new Expected.Unsure(), json("{'outcome': {'kind': 'UNSURE'}, 'answer': {'followUps': ['Denied requests today?']}}")).correct()).isTrue();
        assertThat(judge.judge(new Expected.Unsure(), json("{'outcome': {'kind': 'UNSURE'}, 'answer': {'followUps': []}}")).correct()).isFalse();
    }

    @Test
    void missingFieldsAreNotAnAnswer() {
        JsonNode today = json("{'status': 'ANSWERED', 'answer': {'text': 'There were **1,234** denied requests.', 'confidence': 80}, 'steps': [{'tool': 'analyze-traffic'}]}");
        Judge.Verdict v = judge.judge(expectFigure(Json.number(1234)), today);
        assertThat(v.correct()).isFalse();
        assertThat(v.invented()).isZero();
        assertThat(v.confidence()).isEqualTo(80);
    }

    @Test
    void inventedNumbersAndBlockedTools() {
        String unsourced = "{'label': 'x', 'value': 5, 'unit': null, 'provenance': null}";
        String uncalled = "{'label': 'y', 'value': 6, 'unit': null, 'provenance': {'tool': 'list-requests'}}";
        Judge.Verdict v = judge.judge(expectFigure(Json.number(5)), answer("[" + unsourced + ", " + uncalled + ", " + figure("7", null) + "]", "null",
                "[{'tool': 'analyze-traffic'}, {'tool': 'create-rule'}]"));
        assertThat(v.invented()).isEqualTo(2);
        assertThat(v.blocked()).isEqualTo(1);
        // Any figure on a refusal is invented.
        JsonNode refusedWithNumber = json("{'outcome': {'kind': 'REFUSED', 'reason': 'read-only'}, 'figures': [" + figure("3", null) + "], 'steps': []}");
        assertThat(judge.judge(new Expected.Refuse("read-only"), refusedWithNumber).invented()).isEqualTo(1);
    }
}
