package dev.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Results in markdown read like structured ones: figures by their labels, lists by their headings, no figure made up. */
class ResultTreeTests {

    static JsonNode read(String text) {
        return ResultTree.read(text, null);
    }

    static final String TRAFFIC = """
            Traffic analysis for site `site_01k72rzxrpfsdr96s8deh1e8d5`
            Period: 2026-11-19T15:30:00Z to 2026-11-20T15:30:00Z

            Total requests: 7,374
            Allowed: 6,461
            Denied: 887 (12.03%)
            Challenged: 18
            Errors: 8

            Top paths:
            | Path | Requests | Denied |
            |---|---|---|
            | / | 1,238 | 91 |
            | /api/products | 819 | 120 |

            Top denial reasons:
            1. BOT: 529 (59.64% of denials)
            2. RATE_LIMIT: 215 (24.24% of denials)

            Trend vs the previous period (2026-11-18T15:30:00Z to 2026-11-19T15:30:00Z):
            - Requests: 7,846 before, change -6.0%
            - Denial rate before: 12.16%
            """;

    @Test
    void figuresAreFoundByTheirLabels() {
        JsonNode r = read(TRAFFIC);
        assertThat(ResultTree.number(ResultTree.at(r, "/totalRequests"))).isEqualTo(7374.0);
        assertThat(ResultTree.number(ResultTree.at(r, "/denied"))).isEqualTo(887.0);
        assertThat(ResultTree.number(ResultTree.at(r, "/challenged"))).isEqualTo(18.0);
        // The previous period's rate is not this period's: a figure is never matched by a longer label.
        assertThat(ResultTree.at(r, "/denialRate").isMissingNode()).isTrue();
    }

    @Test
    void tablesAndNamedListsBecomeRows() {
        JsonNode r = read(TRAFFIC);
        List<JsonNode> paths = ResultTree.rows(r, "/topPaths");
        assertThat(paths).hasSize(2);
        assertThat(ResultTree.keyOf(paths.get(1), "path")).isEqualTo("/api/products");
        assertThat(ResultTree.valueOf(paths.get(1), "denied")).isEqualTo(120.0);
        List<JsonNode> reasons = ResultTree.rows(r, "/topDenialReasons");
        assertThat(ResultTree.keyOf(reasons.get(1), "reason")).isEqualTo("RATE_LIMIT");
        assertThat(ResultTree.valueOf(reasons.get(1), "count")).isEqualTo(215.0);
    }

    @Test
    void aHeadingWithOneMoreWordInsideNamesTheSameList() {
        JsonNode r = read("Per rule:\n• `rule_a` (bot): would block 5\n\nBy rule type:\n- BOT: 541\n- SHIELD: 97\n");
        assertThat(ResultTree.valueOf(ResultTree.rows(r, "/rules").get(0), "wouldBlock")).as("the figure a ticked item's words name").isEqualTo(5.0);
        List<JsonNode> types = ResultTree.rows(r, "/byType");
        assertThat(types).hasSize(2);
        assertThat(ResultTree.keyOf(types.get(0), "type")).isEqualTo("BOT");
        assertThat(ResultTree.valueOf(types.get(1), "wouldBlock")).isEqualTo(97.0);
        // Only inside the name: "per rule" is not /rules's "per … rule", and a longer first or last word is another list.
        assertThat(ResultTree.at(r, "/byRuleTypeName").isMissingNode()).isTrue();
    }

    @Test
    void aListedRequestsDecidingRuleIsReadFromItsSentenceNeverItsOwnId() {
        JsonNode listed = read("Found 2 requests for site `site_1` (newest first):\n\n"
                + "• `req_1_a` at 2026-11-25T14:00:00Z: GET /api/login\n  - Decision: DENY (RATE_LIMIT) by rule `rule_prod_ratelimit`\n  - Client: 1.2.3.4, country US\n"
                + "• `req_1_b` at 2026-11-25T13:59:00Z: GET /\n  - Decision: ALLOW (NONE)\n  - Client: 5.6.7.8, country DE\n");
        List<JsonNode> rows = ResultTree.rows(listed, "/requests");
        assertThat(ResultTree.keyOf(rows.get(0), "ruleId")).isEqualTo("rule_prod_ratelimit");
        assertThat(ResultTree.keyOf(rows.get(1), "ruleId")).as("no rule stated: unknown").isNull();
    }

    @Test
    void bulletListsWithIdsInBackticksAreItems() {
        JsonNode teams = read("Available teams:\n• Acme (ID: `team_01jx`) [default]\n• Globex (ID: `team_01m8`)\n");
        List<JsonNode> rows = ResultTree.rows(teams, "/teams");
        assertThat(rows).extracting(t -> ResultTree.text(ResultTree.at(t, "id"))).containsExactly("team_01jx", "team_01m8");
        assertThat(ResultTree.text(ResultTree.at(rows.get(0), "name"))).isEqualTo("Acme");
        JsonNode sites = read("Sites in team `team_01jx`:\n• acme-prod (ID: `site_01k7`)\n  - Environment: production\n");
        JsonNode site = ResultTree.rows(sites, "/sites").get(0);
        assertThat(ResultTree.text(ResultTree.at(site, "environment"))).isEqualTo("production");
        assertThat(ResultTree.text(ResultTree.at(site, "name"))).isEqualTo("acme-prod");
    }

    @Test
    void aNetworkNameKeepsItsCommaAndAPercentageInsideWordsIsRead() {
        assertThat(ResultTree.Markdown.pieces("AS14061 DigitalOcean, LLC (HOSTING)")).contains(14061L, "DigitalOcean, LLC", "HOSTING");
        // A name with parentheses of its own keeps them: only the last, upper-case group is the network's type.
        assertThat(ResultTree.Markdown.pieces("AS396982 Google LLC (Cloud) (HOSTING)")).contains(396982L, "Google LLC (Cloud)", "HOSTING");
        assertThat(ResultTree.Markdown.pieces("AS45102 Alibaba (US) Technology (HOSTING)")).contains(45102L, "Alibaba (US) Technology", "HOSTING");
        assertThat(ResultTree.Markdown.pieces("STABLE (denial rate 12.03% now, 12.46% before)")).contains(12.03, 0.1203, 0.1246);
    }

    @Test
    void anIndexInsideCodeIsNotATag() {
        JsonNode errors = read("Errors:\n- `rules[0].input`: 'amount' is LOCAL [checked]\n");
        JsonNode first = ResultTree.rows(errors, "/errors").get(0);
        assertThat(ResultTree.text(ResultTree.at(first, "key"))).isEqualTo("rules[0].input");
        assertThat(ResultTree.text(ResultTree.at(first, "tags"))).isEqualTo("checked");
    }

    @Test
    void aPluralNameFindsASectionHeadedInTheSingular() {
        JsonNode explained = read("Rule breakdown:\n- `rule_prod_bot` (bot, LIVE): ALLOW\n- `rule_prod_shield` (shield, LIVE): ALLOW\n");
        assertThat(ResultTree.rows(explained, "/rules")).hasSize(2);
    }

    @Test
    void aNamedItemOfAListHoldsItsFigure() {
        JsonNode ip = read("Total requests: 558\nConclusions:\n- ALLOW: 41\n- DENY: 489\n");
        assertThat(ResultTree.number(ResultTree.at(ip, "/conclusions/DENY"))).isEqualTo(489.0);
    }

    @Test
    void aPackedValueAlsoGivesItsFactsOneByOne() {
        JsonNode r = read("Network: AS3320 Deutsche Telekom AG (RESIDENTIAL)\nUsed: 12,847 of 1,000,000 requests (1.28%)\n"
                + "Billing window: 2026-12-01T00:00:00Z to 2027-01-01T00:00:00Z\nConfig: match: /api/*; max: 60; window: 60s\nPlan: Pro\n");
        assertThat(ResultTree.at(r, "/networkParts")).extracting(JsonNode::asString)
                .contains("3320", "Deutsche Telekom AG", "RESIDENTIAL");
        assertThat(ResultTree.at(r, "/usedParts")).extracting(JsonNode::asString).contains("12847", "1000000", "1.28");
        assertThat(ResultTree.at(r, "/billingWindowParts")).extracting(JsonNode::asString)
                .containsExactly("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z");
        assertThat(ResultTree.at(r, "/configParts")).extracting(JsonNode::asString).contains("/api/*", "60", "60s");
        // One fact stays one field.
        assertThat(r.has("planParts")).isFalse();
        assertThat(ResultTree.text(ResultTree.at(r, "/network"))).isEqualTo("AS3320 Deutsche Telekom AG (RESIDENTIAL)");
    }

    @Test
    void jsonTextIsReadAsJson() {
        assertThat(ResultTree.number(ResultTree.at(read("{\"denied\": 12}"), "/denied"))).isEqualTo(12.0);
    }

    @Test
    void aTextValueThatLabelsItsPartsIsReadByThoseLabels() {
        JsonNode rule = read("""
                Rule `rule_prod_bot`
                - Type: bot
                - Config: allow: CATEGORY:SEARCH_ENGINE, CATEGORY:MONITOR, CATEGORY:PREVIEW
                """);
        JsonNode allow = ResultTree.at(rule, "/config/allow");
        assertThat(allow.isArray()).as(rule.toString()).isTrue();
        assertThat(ResultTree.rows(rule, "/config/allow")).extracting(ResultTree::text)
                .containsExactly("CATEGORY:SEARCH_ENGINE", "CATEGORY:MONITOR", "CATEGORY:PREVIEW");
        JsonNode limit = read("Config: max: 60; window: 60s");
        assertThat(ResultTree.text(ResultTree.at(limit, "/config/max"))).isEqualTo("60");
        assertThat(ResultTree.at(limit, "/config/burst").isMissingNode()).as("no part of that name").isTrue();
    }
}
