package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.sightline.ask.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The parser on its own: questions in, typed queries out, with the Arcjet semantics and a fixed list of sites. */
class QuestionParserTests {

    static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");
    static final Semantics ARCJET = Semantics.of("arcjet").orElseThrow();

    /** Answers the two site-listing calls the way a vendor would; any other call is a test failure. */
    static final class SiteListing implements Calls {
        int calls;

        @Override
        public JsonNode call(String tool, Map<String, Object> arguments) {
            calls++;
            return switch (tool) {
                case "list-teams" -> JsonMapper.shared().readTree("{\"teams\":[{\"id\":\"team_01\",\"name\":\"Acme\"}]}");
                case "list-sites" -> JsonMapper.shared().readTree("{\"sites\":[{\"id\":\"site_prod\",\"name\":\"acme-prod\",\"environment\":\"production\"},"
                        + "{\"id\":\"site_stg\",\"name\":\"acme-staging\",\"environment\":\"staging\"}]}");
                // The site's paths, for a path named in words ("the checkout endpoint").
                case "analyze-traffic" -> JsonMapper.shared().readTree("{\"topPaths\":[{\"path\":\"/api/checkout\"},{\"path\":\"/api/login\"},"
                        + "{\"path\":\"/login\"},{\"path\":\"/pricing\"},{\"path\":\"/api/signup\"},{\"path\":\"/signup\"},{\"path\":\"/docs/getting-started\"},{\"path\":\"/docs/api-reference\"}]}");
                default -> throw new AssertionError("unexpected call " + tool);
            };
        }

        @Override
        public List<JsonNode> callAll(String tool, List<Map<String, Object>> arguments) {
            return arguments.stream().map(a -> call(tool, a)).toList();
        }
    }

    static QuestionParser.Reading read(String question) {
        return read(question, new SiteListing());
    }

    static QuestionParser.Reading read(String question, SiteListing calls) {
        return new QuestionParser(ARCJET, new SiteCatalog(ARCJET, calls, "site_prod"), ZoneId.of("UTC"), NOW).read(question);
    }

    @Test
    void aReasonsDenialsAreReadFromItsOwnRow() {
        Query q = read("How many requests did we deny for rate limiting this week?").query();
        assertThat(q).isEqualTo(new Query.Metric(null, "denied", Map.of(), "thisWeek", new Query.Subject("reason", "RATE_LIMIT"), null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "disable the bot rule                          | read-only",
            "can you change the rate limit to 50 please    | read-only",
            "kill the tor filter on prod                   | read-only",
            "switch the email policy from dry run to live  | read-only",
            "pls add CATEGORY:AI to the alow list          | read-only",
            "show me the site key for prod                 | secret",
            "what's our ARCJET_KEY                         | secret",
            "how many denials on globex-web today          | site-not-visible",
            "how many signups did we get yesterday         | missing-data",
            "banana                                        | unclear",
            "turn of the ratelimit on prod for an hour     | read-only",
            "can you check the thing from before?          | unclear",
            "Hmm, numbers look weird again. Thoughts?      | unclear",
            "how much revnue did we loose from blocked checkout requests this month | missing-data",
            "switch the VPN checkout rule from test mode over to the real thing | read-only",
            "Add a filter rule on prod that denies everything from 167.99.0.0/16. That range keeps hammering /api/login. | read-only",
            "Is the site slower today with all this traffic? What's our latency looking like? | missing-data"})
    void refusalsAndUnanswerableQuestionsCallNothing(String question, String reason) {
        SiteListing calls = new SiteListing();
        Query q = read(question, calls).query();
        assertThat(q).isInstanceOf(Query.Unanswerable.class);
        assertThat(((Query.Unanswerable) q).reason()).isEqualTo(reason);
        if (!reason.equals("site-not-visible") && !reason.equals("unclear")) {
            assertThat(calls.calls).as("calls for " + question).isZero();
        }
    }

    @Test
    void aSiteNamedInWordsIsResolvedFromTheLiveList() {
        Query q = read("how many requests were denied on staging yesterday").query();
        assertThat(q).isInstanceOf(Query.Metric.class);
        assertThat(((Query.Metric) q).site()).isEqualTo("site_stg");
        assertThat(((Query.Metric) q).window()).isEqualTo("yesterday");
    }

    @Test
    void recentRequestsToAPathAreListed() {
        assertThat(read("Show recent requests to /api/signup").query())
                .isEqualTo(new Query.Listing(null, Map.of("path", "/api/signup"), null, 10));
    }

    @Test
    void theTopItemThenItsDetailsIsAChainNotTwoParts() {
        Query q = read("Take the IP with the most denials in the last 24h and give me its ASN and network type.").query();
        assertThat(q).isInstanceOf(Query.Chain.class);
        assertThat(((Query.Chain) q).entity()).isEqualTo("ip");
    }

    @Test
    void countsOneSummaryStatesAreThatSummaryAndOtherListsAreParts() {
        assertThat(read("Summarise yesterday's traffic for me: total, allowed, denied, challenged and errors.").query()).as("one call states them all")
                .isEqualTo(new Query.Report(null, "traffic", "yesterday"));
        Query q = read("how many requests and denials yesterday?").query();
        assertThat(q).isInstanceOf(Query.Parts.class);
        assertThat(((Query.Parts) q).parts()).extracting(p -> ((Query.Metric) p).measure()).containsExactly("requests", "denied");
    }

    @Test
    void aPathNamedInWordsIsTheSitesPathWithThatWord() {
        SiteListing calls = new SiteListing();
        assertThat(read("how many uniqe IPs hit the chekout endpoint today", calls).query()).as("typos forgiven, an API path for 'endpoint'")
                .isEqualTo(new Query.Distinct(null, "ip", Map.of("path", "/api/checkout"), "today"));
        assertThat(read("requests to the login page yesterday").query()).as("a page is not under /api/")
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "yesterday", new Query.Subject("path", "/login"), null));
        assertThat(read("traffic on the docs pages").query()).as("two paths share the word: none is picked")
                .isNotEqualTo(new Query.Metric(null, "requests", Map.of(), null, new Query.Subject("path", "/docs/getting-started"), null));
        SiteListing refused = new SiteListing();
        read("block the login page", refused);
        assertThat(refused.calls).as("a refusal lists nothing").isZero();
    }

    @Test
    void whoIsTheClientsAndABareCountAfterATopRowIsThatRowsFigure() {
        assertThat(read("who got denied the most in the last 24 hrs and how many times lol").query())
                .isEqualTo(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(24h)", 1, null));
        assertThat(read("Top 3 source countries of DENY decisions over the last 3h").query()).as("'source' only says which countries")
                .isEqualTo(new Query.Breakdown(null, "country", "denied", Map.of("conclusion", "DENY"), "last(3h)", 3, null));
    }

    @Test
    void aPeriodSaidInALaterSentenceBelongsToTheLaterPartsAndTheirFiguresToTheSameRow() {
        Query q = read("Take the IP we blocked the most yesterday. Over the last 30 days, how many requests has it sent in total, and how many of those were denied?").query();
        Query.Breakdown top = new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "yesterday", 1, null);
        assertThat(((Query.Parts) q).parts()).containsSubsequence(
                new Query.Chain(top, null, new Query.Metric(null, "requests", Map.of(), "last(30d)", null, null)),
                new Query.Chain(top, null, new Query.Metric(null, "denied", Map.of(), "last(30d)", null, null)));
        assertThat(read("Who was the most active visitor yesterday, going by IP address, and did any of their requests get blocked?").query())
                .as("'their': the top row's own count of another measure")
                .isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "requests", Map.of(), "yesterday", 1, null), null,
                        new Query.Metric(null, "denied", Map.of(), "yesterday", null, null)));
    }

    @Test
    void everySiteNamedAnyWayIsEverySiteAndATopicReportWinsOverAGeneralOne() {
        assertThat(read("total requests across both acme sites, last 24h").query()).isInstanceOf(Query.Comparison.class);
        assertThat(read("Please list all guard policies which are in dry run mode, over all our sites.").query())
                .isEqualTo(new Query.Parts(List.of(new Query.Report("site_prod", "policies", null, "DRY_RUN", null),
                        new Query.Report("site_stg", "policies", null, "DRY_RUN", null))));
        assertThat(read("gimme the rundown on the dry run stuff on prod for last week").query()).isEqualTo(new Query.Report(null, "dryRun", "lastWeek"));
        assertThat(read("give me the rundown for prod").query()).isEqualTo(new Query.Report(null, "briefing", null));
    }

    @Test
    void missingDataIsNamedInTheAskersWordsTooAndOrdersWithANumberAreRefused() {
        assertThat(((Query.Unanswerable) read("how much money came in through donations this week?").query()).missing()).containsExactly("revenue (donations)");
        assertThat(((Query.Unanswerable) read("How many new sign-ups did we get yesterday?").query()).missing()).containsExactly("signups");
        assertThat(((Query.Unanswerable) read("could you bump the /api/* rate limit up to 200 requests a minute?").query()).reason()).isEqualTo("read-only");
        assertThat(read("acme-prod's total request count for yesterday and, separately, how many of those requests were denied").query())
                .isInstanceOf(Query.Parts.class);
    }

    @Test
    void theRowWhereANumberIsHighestIsThatRowsOrderAndItsDetailsFollow() {
        Query.Report mostRevised = new Query.Report(null, "policies", null, null, null, "version", null);
        assertThat(read("which policy has the most revisions").query()).isEqualTo(mostRevised);
        assertThat(read("which guard policy has been revised the most times + what rules r in it").query())
                .isEqualTo(new Query.Chain(mostRevised, null, new Query.Lookup(null, "policy", null, null, "/rules")));
    }

    @Test
    void theSitesPathsUnderAWordAreMeasuredSideBySide() {
        assertThat(read("how many requests did the docs pages get yesterday").query()).isEqualTo(new Query.Comparison(List.of(
                new Query.Metric(null, "requests", Map.of(), "yesterday", new Query.Subject("path", "/docs/api-reference"), null),
                new Query.Metric(null, "requests", Map.of(), "yesterday", new Query.Subject("path", "/docs/getting-started"), null))));
    }

    @Test
    void botsAskedForBesideTheBotRuleAreTheBotsAndRegisteredUnderIsNotSignUps() {
        assertThat(read("List the bots prod allowed through over the last 12h").query())
                .isEqualTo(new Query.Breakdown(null, "bot", "allowed", Map.of("conclusion", "ALLOW"), "last(12h)", 50, "nonzero"));
        assertThat(read("Which bots are getting flagged by the bot rule on staging in last 3 days?").query()).isInstanceOf(Query.Breakdown.class);
        assertThat(read("When was the staging site created, and what environment is it registered under?").query()).isInstanceOf(Query.Report.class);
        assertThat(read("wen did shield last block somthing on prod").query())
                .isEqualTo(new Query.Listing(null, Map.of("conclusion", "DENY", "reason", "SHIELD"), null, 1));
    }

    @Test
    void aPolicyNamedByWhatItsAgentMayDoIsLookedUp() {
        Query q = read("What's the biggest refund our billing agent can issue on its own before a person has to step in?").query();
        assertThat(q).isInstanceOf(Query.Lookup.class);
        assertThat(((Query.Lookup) q).entity()).isEqualTo("policy");
        assertThat(((Query.Lookup) q).section()).isEqualTo("/rules");
    }

    @Test
    void aTopicWithNothingAskedIsUnclearAndWhatABriefingShouldHoldIsNotAQuestion() {
        assertThat(read("I want to know about the traffic, please give me.").query()).isInstanceOf(Query.Unanswerable.class);
        assertThat(read("Could you pull together a quick security briefing for prod? Rules, recent traffic, that kind of thing.").query())
                .isEqualTo(new Query.Report(null, "briefing", null));
    }

    @Test
    void aStoryToldBeforeTheQuestionIsNotPartOfIt() {
        assertThat(read("We had a complaint from a customer on a VPN. How many different IPs sent requests to /api/checkout yesterday?").query())
                .as("'complaint' names no data asked for").isEqualTo(new Query.Distinct(null, "ip", Map.of("path", "/api/checkout"), "yesterday"));
        assertThat(read("Our signup page got hammered six days ago. Which IPs were behind it?").query()).as("a question pointing back keeps the story")
                .isInstanceOf(Query.Breakdown.class);
    }

    @Test
    void aCountryNamedInTheSecondPartIsThatPartsOnly() {
        Query q = read("how many requests came in yesterday, and how many of those came from the United States?").query();
        assertThat(q).isEqualTo(new Query.Parts(List.of(new Query.Metric(null, "requests", Map.of(), "yesterday", null, null),
                new Query.Metric(null, "requests", Map.of(), "yesterday", new Query.Subject("country", "US"), null))));
    }

    @Test
    void twoListsNamedTogetherAreTwoPartsAndAWeeklyDeckIsNotAWeeklySeries() {
        assertThat(read("staging's rules and guard policies").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Report("site_stg", "rules", null), new Query.Report("site_stg", "policies", null))));
        Query series = read("For my weekly deck I need a day-by-day table of denied requests last week").query();
        assertThat(((Query.Series) series).grain()).isEqualTo("day");
    }

    @Test
    void aReportComparedAcrossTwoSitesIsThatReportForEachAndARateInADayIsPerDay() {
        assertThat(read("compair the would-be blocks from dry run rules on staging vs prod for the last 7 days").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Report("site_prod", "dryRun", "last(7d)"), new Query.Report("site_stg", "dryRun", "last(7d)"))));
        assertThat(read("Roughly how many requests does staging handle in a day? Base it on the last 30 days.").query())
                .isEqualTo(new Query.Metric("site_stg", "requests", Map.of(), "last(30d)", null, "day"));
        assertThat(read("The bot campaign kicked off six days ago, I think. How many requests did prod get on that day?").query())
                .as("the story gives only the day").isEqualTo(new Query.Metric(null, "requests", Map.of(), "day(-6)", null, null));
    }

    @Test
    void aFloorOnARankedFigureKeepsTheRowsAtOrAboveIt() {
        assertThat(read("prod paths with 100+ denials in last 24h").query())
                .isEqualTo(new Query.Breakdown(null, "path", "denied", Map.of("conclusion", "DENY"), "last(24h)", 50, "atLeast:100"));
        assertThat(((Query.Breakdown) read("which IPs sent more than 200 requests yesterday").query()).only()).as("'more than' is strict").isEqualTo("atLeast:201");
        assertThat(((Query.Breakdown) read("the 10 IPs with the most requests").query()).only()).as("a top N is no floor").isNull();
    }

    @Test
    void aPastedDocumentGoesToTheToolThatChecksIt() {
        Query q = read("Would this validate on acme-prod? {\"label\":\"chat.reply\",\"rules\":[]}").query();
        assertThat(q).isInstanceOf(Query.ToolQuery.class);
        assertThat(((Query.ToolQuery) q).tool()).isEqualTo("validate-guard-policy");
        assertThat(((Query.ToolQuery) q).arguments()).containsEntry("siteId", "site_prod");
    }

    @Test
    void aShareOfDenialsIsARatioOverDenials() {
        Query q = read("bot share of denials this week").query();
        assertThat(q).isEqualTo(new Query.Ratio(new Query.Metric(null, "denied", Map.of(), "thisWeek", new Query.Subject("reason", "BOT"), null),
                new Query.Metric(null, "denied", Map.of(), "thisWeek", null, null)));
    }

    @Test
    void twoPeriodsMakeAComparison() {
        Query q = read("denials this week vs last week").query();
        assertThat(q).isInstanceOf(Query.Comparison.class);
        assertThat(((Query.Comparison) q).sides()).extracting(Query.Metric::window).containsExactly("thisWeek", "lastWeek");
    }

    @Test
    void aListOnOneSiteButNotTheOtherIsASetDifference() {
        Query q = read("Which rule types do we run on prod that staging doesn't have at all?").query();
        assertThat(q).isEqualTo(new Query.SetOperation(Query.SetOperation.MINUS, new Query.Report("site_prod", "rules", null, null, null, null, "type"),
                new Query.Report("site_stg", "rules", null, null, null, null, "type"), "type"));
    }

    @Test
    void aListInOnePeriodButNotTheOtherIsASetDifferenceOfFullBreakdowns() {
        Query q = read("which paths were denied today but not yesterday").query();
        Map<String, String> denied = Map.of("conclusion", "DENY");
        assertThat(q).isEqualTo(new Query.SetOperation(Query.SetOperation.MINUS,
                new Query.Breakdown(null, "path", "denied", denied, "today", 50, "nonzero"),
                new Query.Breakdown(null, "path", "denied", denied, "yesterday", 50, "nonzero"), null));
        assertThat(((Query.SetOperation) read("which IPs were denied both today and yesterday").query()).operation())
                .isEqualTo(Query.SetOperation.BOTH);
    }

    @Test
    void aQuestionAboutTheTopRowIsAChainToTheListItAsksFor() {
        Query q = read("Who was the worst offender by denials in the last 24 hours, and which paths was it going after?").query();
        assertThat(q).isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(24h)", 1, null), null,
                new Query.Lookup(null, "ip", null, "last(24h)", "/targetedPaths")));
        Query reasons = read("Which path got denied most often yesterday? And for that path, what were the reasons behind the denials?").query();
        assertThat(reasons).isInstanceOf(Query.Chain.class);
        assertThat(((Query.Chain) reasons).then()).isInstanceOf(Query.Breakdown.class);
        assertThat(((Query.Breakdown) ((Query.Chain) reasons).then()).dimension()).isEqualTo("reason");
    }

    @Test
    void aFigureAboutTheTopRowIsAChainToThatRow() {
        Query q = read("In the last 48 hours, how big a slice of total traffic came from our single busiest IP?").query();
        Query.Metric all = new Query.Metric(null, "requests", Map.of(), "last(48h)", null, null);
        assertThat(q).isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "requests", Map.of(), "last(48h)", 1, null), null,
                new Query.Ratio(all, all)));
        Query.Ratio narrowed = (Query.Ratio) QueryEngine.narrowed(ARCJET, ((Query.Chain) q).then(), ((Query.Chain) q).first(), "203.0.113.7");
        assertThat(narrowed.numerator().subject()).isEqualTo(new Query.Subject("ip", "203.0.113.7"));
        assertThat(narrowed.denominator().subject()).as("the share is of all traffic").isNull();
    }

    @Test
    void eachOfTheTopRowsIsLookedUpAndARowsListIsReadFromItsLookup() {
        assertThat(read("For each of the top 3 denied IPs in the past 24h, give the network type.").query()).isEqualTo(new Query.Chain(
                new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(24h)", 3, null), "ip"));
        assertThat(read("For the IP which was blocked the most yesterday, show me on which days it was active in the last month.").query())
                .isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "yesterday", 1, null), null,
                        new Query.Lookup(null, "ip", null, "last(30d)", "/timeline")));
        assertThat(read("top ip adresses hitting /api/checkout this month").query()).as("many IPs, not the top one looked up")
                .isInstanceOf(Query.Breakdown.class);
    }

    @Test
    void aRatePerDayIsEachDaysRateAndACountPerDayKeepsItsAverage() {
        assertThat(read("denial rate per day this week").query())
                .isEqualTo(new Query.Series(null, "denialRate", Map.of(), "thisWeek", "day", null));
        assertThat(read("What was the average daily denial rate last week?").query()).as("the mean of each day's rate, never a rate divided by days")
                .isInstanceOf(Query.Series.class);
        assertThat(read("average denials per day last week").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of(), "lastWeek", null, "day"));
        assertThat(read("a per-day view of blocked traffic over last weekend").query()).isInstanceOf(Query.Series.class);
    }

    @Test
    void aColumnNamedInThePluralBeforeTheListIsItsDistinctValues() {
        assertThat(read("Which types of rule are still only in dry run on prod?").query())
                .isEqualTo(new Query.Report(null, "rules", null, "DRY_RUN", null, null, "type"));
        assertThat(read("list the rules on prod and their modes").query()).as("the rules themselves, with their modes")
                .isEqualTo(new Query.Report(null, "rules", null, null, null, null, null));
        assertThat(read("Which Guard policies are enforcing right now (live, not dry run)?").query())
                .isEqualTo(new Query.Report(null, "policies", null, "LIVE", null));
    }

    @Test
    void aListedRowIsLookedUpByTheEntityALaterPartNames() {
        assertThat(read("latest blocked request on /api/login: what ip was it, and how many times has that ip been blocked this month?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY", "path", "/api/login"), "thisMonth", 1), null,
                        new Query.Lookup(null, "ip", null, "thisMonth", null)));
        assertThat(read("The top new threat in the last 24 hours — how many requests has it sent us over the past 30 days?").query())
                .isEqualTo(new Query.Chain(new Query.Report(null, "anomalies", "last(24h)", null, "/newThreats"), null,
                        new Query.Lookup(null, "ip", null, "last(30d)", null)));
        assertThat(read("For the last request that was denied, which network is the IP in?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY"), null, 1), null, new Query.Lookup(null, "ip", null, null, null)));
    }

    @Test
    void aSetOverOnePeriodAndTheOneBeforeItIsReadNotFailed() {
        Map<String, String> rateLimited = Map.of("conclusion", "DENY", "reason", "RATE_LIMIT");
        // IPs are too many for a ranked list (50 at most): each period's every IP, from its requests.
        assertThat(read("wich IPs got rate limitted both yesterday and the day before?").query()).isEqualTo(new Query.SetOperation(Query.SetOperation.BOTH,
                new Query.Distinct(null, "ip", rateLimited, "yesterday"), new Query.Distinct(null, "ip", rateLimited, "day(-2)"), null));
        // "yesterday AND the day before", without "both", is the same set.
        assertThat(read("Any IP addresses that got blocked yesterday AND the day before? List them").query()).isInstanceOf(Query.SetOperation.class);
        // Paths under one reason but not another: the same rows, two reasons.
        assertThat(read("which paths did bots get blocked on last week that the rate limiter never touched").query()).isInstanceOf(Query.SetOperation.class);
    }

    @Test
    void oneFieldAcrossListedRowsIsAColumnOfThoseRows() {
        assertThat(read("wich contries do our 10 busiest IPs from the last 30 days come from?").query())
                .isEqualTo(new Query.Column(new Query.Breakdown(null, "ip", "requests", Map.of(), "last(30d)", 10, null), "country"));
        assertThat(read("which countries send the most traffic?").query()).as("a ranking of countries, not a field of other rows")
                .isInstanceOf(Query.Breakdown.class);
    }

    @Test
    void aSiteNamedByItsIdIsThatSiteAndAnIdTheUserCannotSeeIsDeclined() {
        String prod = "site_01k72rzxrpfsdr96s8deh1e8d5";
        String staging = "site_01knpqaa4bf7qv5ebwt1ra1bkx";
        Calls typeIds = new Calls() {
            @Override
            public JsonNode call(String tool, Map<String, Object> arguments) {
                return switch (tool) {
                    case "list-teams" -> JsonMapper.shared().readTree("{\"teams\":[{\"id\":\"team_01jxjmma4ye4xap38v8js2sa8m\",\"name\":\"Acme\"}]}");
                    case "list-sites" -> JsonMapper.shared().readTree("{\"sites\":[{\"id\":\"" + prod + "\",\"name\":\"acme-prod\",\"environment\":\"production\"},"
                            + "{\"id\":\"" + staging + "\",\"name\":\"acme-staging\",\"environment\":\"staging\"}]}");
                    // The site's paths, for a path named in words ("the checkout endpoint").
                case "analyze-traffic" -> JsonMapper.shared().readTree("{\"topPaths\":[{\"path\":\"/api/checkout\"},{\"path\":\"/api/login\"},"
                        + "{\"path\":\"/login\"},{\"path\":\"/pricing\"},{\"path\":\"/api/signup\"},{\"path\":\"/signup\"},{\"path\":\"/docs/getting-started\"},{\"path\":\"/docs/api-reference\"}]}");
                default -> throw new AssertionError("unexpected call " + tool);
                };
            }

            @Override
            public List<JsonNode> callAll(String tool, List<Map<String, Object>> arguments) {
                return arguments.stream().map(a -> call(tool, a)).toList();
            }
        };
        QuestionParser parser = new QuestionParser(ARCJET, new SiteCatalog(ARCJET, typeIds, prod), ZoneId.of("UTC"), NOW);
        assertThat(parser.read("total requests on " + staging + " over the last 7d").query())
                .isEqualTo(new Query.Metric(staging, "requests", Map.of(), "last(7d)", null, null));
        Query unseen = parser.read("total requests on site_01aaaaaaaaaaaaaaaaaaaaaaaa over the last 7d").query();
        assertThat(unseen).isInstanceOf(Query.Unanswerable.class);
        assertThat(((Query.Unanswerable) unseen).reason()).isEqualTo("site-not-visible");
    }

    @Test
    void whatALimitLetsThroughIsTheRulesSettingNotTraffic() {
        assertThat(read("prod api rate limit — how many requests per minute?").query()).isInstanceOf(Query.Lookup.class)
                .extracting(q -> ((Query.Lookup) q).section()).isEqualTo("/config/max");
        assertThat(read("how many requests per minute did the api rate limit block yesterday?").query()).isInstanceOf(Query.Metric.class);
    }

    @Test
    void aSectionsRowsAreNarrowedByTheValueTheWordsPick() {
        assertThat(read("which inputs in the prod email guard policy never leave the app?").query())
                .extracting(q -> ((Query.Lookup) q).section()).isEqualTo("/inputs?exposure=LOCAL");
        assertThat(read("which inputs of the refund policy get sent to arcjet?").query())
                .extracting(q -> ((Query.Lookup) q).section()).isEqualTo("/inputs?exposure=SERVER");
    }

    @Test
    void aLaterPartAboutTheTopRowChainsToIt() {
        assertThat(read("top deny reason this week and the rule behind it").query()).isEqualTo(new Query.Chain(
                new Query.Breakdown(null, "reason", "denied", Map.of("conclusion", "DENY"), "thisWeek", 1, null), "rule"));
        Query listed = read("Path with the most bot denials this week: list the 5 latest denied requests on it.").query();
        assertThat(listed).isInstanceOf(Query.Chain.class);
        assertThat(((Query.Chain) listed).then()).isEqualTo(new Query.Listing(null, Map.of("conclusion", "DENY"), "thisWeek", 5));
        // The ranking is by the first part's measure, not by a later part's.
        Query ip = read("Take the IP with most requests on prod yesterday: what is its risk level and how many of its requests we denied in the last 30 days?").query();
        assertThat(((Query.Chain) ip).first()).isEqualTo(new Query.Breakdown(null, "ip", "requests", Map.of(), "yesterday", 1, null));
    }

    @Test
    void rowsWithTrafficButNoneOfOneReasonAreASetDifference() {
        assertThat(read("which prod paths got traffic in the last 7d without a single rate-limit denial?").query()).isEqualTo(new Query.SetOperation(
                Query.SetOperation.MINUS, new Query.Breakdown(null, "path", "requests", Map.of(), "last(7d)", 50, null),
                new Query.Breakdown(null, "path", "denied", Map.of("conclusion", "DENY", "reason", "RATE_LIMIT"), "last(7d)", 50, null), null));
    }

    @Test
    void everySiteAddsUpAndALaterCountOfTheListKeepsTheList() {
        assertThat(read("Across all of our sites, how many requests came in over the last 24 hours?").query()).isInstanceOf(Query.Comparison.class)
                .extracting(q -> ((Query.Comparison) q).sides().size()).isEqualTo(2);
        assertThat(read("how many rules we got on prod, and how many are actually live?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Report(null, "rules", null, null, null), new Query.Report(null, "rules", null, "LIVE", null))));
        assertThat(read("How much of this month's quota have we used, and how many requests have we got left?").query()).isInstanceOf(Query.Report.class);
    }

    @Test
    void aCountryNamedInWordsIsCountedFromTheListedRequests() {
        Query.Subject germany = new Query.Subject("country", "DE");
        assertThat(read("how many requets came from germany to prod yesterday, and how many of those got denyed?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Metric(null, "requests", Map.of(), "yesterday", germany, null), new Query.Metric(null, "denied", Map.of(), "yesterday", germany, null))));
        assertThat(read("bot denials from north korea last week").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of("reason", "BOT"), "lastWeek", new Query.Subject("country", "KP"), null));
        assertThat(read("what's the denial rate for chinese traffic this week").query()).extracting(q -> ((Query.Metric) q).subject())
                .isEqualTo(new Query.Subject("country", "CN"));
        // "us" the pronoun names no country; "the US" typed in capitals does.
        assertThat(read("are we seeing bots from us?").query()).extracting(q -> ((Query.Metric) q).subject()).isNotEqualTo(new Query.Subject("country", "US"));
        assertThat(read("how many requests from the US today").query()).extracting(q -> ((Query.Metric) q).subject())
                .isEqualTo(new Query.Subject("country", "US"));
    }

    @Test
    void laterPartsAboutTheFirstOnesTopRowEachChainToIt() {
        Query.Breakdown topIp = new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(24h)", 1, null);
        Query three = read("find the ip that got denyed the most on prod in the past 24 hours and tell me how many requets it sent in total and why it got blocked").query();
        assertThat(three).isInstanceOf(Query.Parts.class);
        List<Query> parts = ((Query.Parts) three).parts();
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo(topIp);
        // Every request of that IP, not only the denials it was ranked by.
        assertThat(parts.get(1)).isEqualTo(new Query.Chain(topIp, null, new Query.Metric(null, "requests", Map.of(), "last(24h)", null, null)));
        assertThat(((Query.Chain) parts.get(2)).then()).isInstanceOf(Query.Breakdown.class).extracting(q -> ((Query.Breakdown) q).dimension()).isEqualTo("reason");
    }

    @Test
    void anIpsLatestDenialAndWhyIsThatRequestExplained() {
        assertThat(read("Their IP is 73.162.167.77. Can you pull their most recent denied request on prod and tell me why it was blocked?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("ip", "73.162.167.77", "conclusion", "DENY"), null, 1), "request"));
        assertThat(read("show me the 3 latest requests from 1.2.3.4").query()).isEqualTo(new Query.Listing(null, Map.of("ip", "1.2.3.4"), null, 3));
    }

    @Test
    void twoDaysOfLastWeekAreBothLastWeeks() {
        assertThat(read("Which IPs did the Tor/North Korea filter block on both the Monday and the Tuesday of last week?").query()).isEqualTo(new Query.SetOperation(
                Query.SetOperation.BOTH, new Query.Distinct(null, "ip", Map.of("reason", "FILTER", "conclusion", "DENY"), "weekday(MONDAY,week-1)"),
                new Query.Distinct(null, "ip", Map.of("reason", "FILTER", "conclusion", "DENY"), "weekday(TUESDAY,week-1)"), null));
    }

    @Test
    void aStatementOfIntentBeforeTheQuestionIsNotAQuestion() {
        assertThat(read("I think the bot campaign has calmed down but I want to be sure before I tell the team. How does prod's denial rate over the last 24 hours "
                + "compare with the 24 hours before that?").query()).isInstanceOf(Query.Comparison.class);
    }

    @Test
    void moneyLostToBlocksAndTheUsernamesTriedAreDataTheVendorLacks() {
        assertThat(read("How much revenue did we lose to bot blocks last week?").query()).isInstanceOf(Query.Unanswerable.class)
                .extracting(q -> ((Query.Unanswerable) q).missing()).isEqualTo(List.of("revenue"));
        assertThat(read("Which usernames did the bots try when they attacked /api/login on prod?").query()).isInstanceOf(Query.Unanswerable.class)
                .extracting(q -> ((Query.Unanswerable) q).missing()).isEqualTo(List.of("usernames"));
    }

    @Test
    void aHealthCheckListingAFigureOnlyTheDryRunHasReadsBothReports() {
        assertThat(read("Give me a staging health check: how many rules are in dry run there, how many requests they would have blocked over the last 7 days, "
                + "and the top recommendation.").query()).isEqualTo(new Query.Parts(List.of(
                        new Query.Report("site_stg", "briefing", "last(7d)", null, null), new Query.Report("site_stg", "dryRun", "last(7d)", null, null))));
    }

    @Test
    void smallerWordingsOfSeriesSharesAndPolicies() {
        assertThat(read("denial rate for each day on prod lsat week pls, mon thru sun").query())
                .isEqualTo(new Query.Series(null, "denialRate", Map.of(), "lastWeek", "day", null));
        assertThat(read("How many requests came to acme-prod in every hour of today until now?").query())
                .isEqualTo(new Query.Series(null, "requests", Map.of(), "today", "hour", null));
        assertThat(read("In this month until now, which part of the denied requests came from rate limiting? In percent please.").query())
                .extracting(q -> ((Query.Ratio) q).denominator().measure()).isEqualTo("denied");
        assertThat(read("The Guard policy on prod which was changed most recently, what it is checking?").query()).isInstanceOf(Query.Chain.class)
                .extracting(q -> ((Query.Chain) q).then()).isEqualTo(new Query.Lookup(null, "policy", null, null, "/rules"));
        assertThat(read("sensitive-info entities the prod email policy denies that the staging copy doesn't").query()).isInstanceOf(Query.SetOperation.class)
                .extracting(q -> ((Query.SetOperation) q).operation()).isEqualTo(Query.SetOperation.MINUS);
    }

    @Test
    void aListOfFiguresIsOnePartEachTheTotalEveryRequest() {
        assertThat(read("prod last 24h: total, denied, top path, top IP").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Metric(null, "requests", Map.of(), "last(24h)", null, null), new Query.Metric(null, "denied", Map.of(), "last(24h)", null, null),
                new Query.Breakdown(null, "path", "requests", Map.of(), "last(24h)", 1, null), new Query.Breakdown(null, "ip", "requests", Map.of(), "last(24h)", 1, null))));
        assertThat(read("staging, 7d: requests, would-block, false-positive share").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Metric("site_stg", "requests", Map.of(), "last(7d)", null, null), new Query.Report("site_stg", "dryRun", "last(7d)", null, null))));
        // "How many are live" counts what the piece before it lists; a scope ("all of our sites") is not a list asked for.
        assertThat(read("Please give a short status of staging: how many rules, how many are live, and how much traffic it had in last 24 hours.").query())
                .isInstanceOf(Query.Parts.class).extracting(q -> ((Query.Parts) q).parts().size()).isEqualTo(3);
        assertThat(read("Across all of our sites combined, how many requests came in over the last 7 days?").query()).isInstanceOf(Query.Comparison.class);
    }

    @Test
    void setsAcrossSitesDaysOfAWeekendAndATypedPath() {
        assertThat(read("Which of staging's paths also show up on prod over the last 7 days?").query()).isInstanceOf(Query.SetOperation.class)
                .extracting(q -> ((Query.SetOperation) q).operation()).isEqualTo(Query.SetOperation.BOTH);
        assertThat(read("Any IPs that got blocked yesterday and are still getting blocked today? List them.").query()).isEqualTo(new Query.SetOperation(
                Query.SetOperation.BOTH, new Query.Distinct(null, "ip", Map.of("conclusion", "DENY"), "yesterday"),
                new Query.Distinct(null, "ip", Map.of("conclusion", "DENY"), "today"), null));
        assertThat(read("Which IPs got denied on /api/login both yesterday and today on prod?").query()).isEqualTo(new Query.SetOperation(
                Query.SetOperation.BOTH, new Query.Distinct(null, "ip", Map.of("conclusion", "DENY", "path", "/api/login"), "yesterday"),
                new Query.Distinct(null, "ip", Map.of("conclusion", "DENY", "path", "/api/login"), "today"), null));
        assertThat(read("List the IPs the filter rule blocked on acme-prod on both Saturday and Sunday of last weekend.").query()).isEqualTo(new Query.SetOperation(
                Query.SetOperation.BOTH, new Query.Distinct(null, "ip", Map.of("reason", "FILTER", "conclusion", "DENY"), "weekday(SATURDAY,week-1)"),
                new Query.Distinct(null, "ip", Map.of("reason", "FILTER", "conclusion", "DENY"), "weekday(SUNDAY,week-1)"), null));
        assertThat(read("How many different IPs got denied on prod on both the Saturday and the Sunday of the weekend before last?").query())
                .extracting(q -> AnalysisService.windowOf(((Query.SetOperation) q).right())).isEqualTo("weekday(SUNDAY,week-2)");
    }

    @Test
    void theDryRunsTopRuleAndTheRuleOnlyLoggingAreRowsOfTheirLists() {
        assertThat(read("Which dry-run rule on staging would block the most requests if we flipped it on, and what's its configuration?").query())
                .isEqualTo(new Query.Chain(new Query.Report("site_stg", "dryRun", null, null, "/rules"), null, new Query.Lookup("site_stg", "rule", null, null, null)));
        assertThat(read("Which of staging's dry-run rules would block the most traffic if we turned it on, and what does it let through?").query())
                .extracting(q -> ((Query.Chain) q).then()).isEqualTo(new Query.Lookup("site_stg", "rule", null, null, "/config/allow"));
        assertThat(read("We've got one rule on prod that's only logging. Which one is it, and if we'd switched it on 7 days ago how many requests would it have stopped?")
                .query()).isEqualTo(new Query.Chain(new Query.Report(null, "rules", "last(7d)", "DRY_RUN", null), null, new Query.Report(null, "dryRun", "last(7d)", null, null)));
        assertThat(read("Over the last 7d on acme-prod: total would-block across DRY_RUN rules, and which rule accounts for it?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Report(null, "dryRun", "last(7d)", null, null), new Query.Report(null, "dryRun", "last(7d)", null, "/rules"))));
    }

    @Test
    void moreWaysToNameDaysWeeksLimitsAndSettings() {
        assertThat(read("Can you give me bot denials per day for six, five and four days ago?").query())
                .isEqualTo(new Query.Series(null, "denied", Map.of("conclusion", "DENY", "reason", "BOT"), "span(day(-6)|day(-4))", "day", null));
        assertThat(read("I need prod's total requests week by week: this week so far plus the three weeks before it.").query())
                .isEqualTo(new Query.Series(null, "requests", Map.of(), "sinceWeek(-3)", "week", null));
        assertThat(read("hourly reqeust counts on prod since midnite").query()).isEqualTo(new Query.Series(null, "requests", Map.of(), "today", "hour", null));
        assertThat(read("show me the 3 latest rate-limited hits on /api/search").query()).extracting(q -> ((Query.Listing) q).limit()).isEqualTo(3);
        assertThat(read("What exactly is the rate limit on prod configured to?").query()).isInstanceOf(Query.Lookup.class);
        assertThat(read("Promoting staging's rate limit to prod next sprint. How does staging's max per window compare with prod's?").query())
                .isInstanceOf(Query.Parts.class).extracting(q -> ((Query.Parts) q).parts().size()).isEqualTo(2);
        // "We're under attack" says why the asker asks: the ranking is of every denial, not of Shield's.
        assertThat(read("top 5 IPs by denails on prod, last 6h?? we're under atack").query())
                .isEqualTo(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(6h)", 5, null));
        assertThat(read("did we bounce more reqs yesterday than the day before or nah").query()).extracting(q -> ((Query.Comparison) q).sides().get(0).measure())
                .isEqualTo("denied");
        assertThat(read("What was the open rate on last week's newsletter email?").query()).isInstanceOf(Query.Unanswerable.class);
        assertThat(read("What will Arcjet charge us this month, in pounds?").query()).isInstanceOf(Query.Unanswerable.class);
    }

    @Test
    void aRelativeClauseIsAStoryAndRatherThanNamesWhatIsNotAsked() {
        assertThat(read("Writing up the post-mortem for the bot campaign, which kicked off six days ago and ran for a couple of days. "
                + "Can you give me bot denials per day for six, five and four days ago?").query())
                .extracting(q -> ((Query.Series) q).window()).isEqualTo("span(day(-6)|day(-4))");
        assertThat(read("For the audit pack I need the proportion of all requests over the last 30 days that were challenged rather than allowed or denied.").query())
                .isEqualTo(new Query.Ratio(new Query.Metric(null, "challenged", Map.of(), "last(30d)", null, null),
                        new Query.Metric(null, "requests", Map.of(), "last(30d)", null, null)));
        assertThat(read("which Guard policy on acme-prod is in DRY_RUN, and what rule types does it contain?").query())
                .isEqualTo(new Query.Chain(new Query.Report(null, "policies", null, "DRY_RUN", null), null, new Query.Lookup(null, "policy", null, null, "/rules")));
    }

    @Test
    void anHourlySeriesLongerThanAWeekIsReadDayByDayAndSaysSo() {
        QuestionParser.Reading month = read("hourly requests on prod over the last 30 days");
        assertThat(month.query()).isEqualTo(new Query.Series(null, "requests", Map.of(), "calendarDays(30)", "day", null));
        assertThat(month.understood()).anyMatch(u -> u.contains("not per hour: that would be 720 calls"));
        assertThat(read("requests per hour for the last 3 days").query()).extracting(q -> ((Query.Series) q).grain()).isEqualTo("hour");
    }

    @Test
    void aWellKnownBotNamedAsPeopleNameItIsThatBotsListedRequests() {
        Query.Subject google = new Query.Subject("bot", "GOOGLE_CRAWLER");
        assertThat(read("How many times did our production site block Googlebot this week?").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of(), "thisWeek", google, null));
        assertThat(read("How many requests did Googlebot make to prod yesterday, and how many of those got denied?").query())
                .isEqualTo(new Query.Parts(List.of(new Query.Metric(null, "requests", Map.of(), "yesterday", google, null),
                        new Query.Metric(null, "denied", Map.of(), "yesterday", google, null))));
        // Ranked rows of another dimension are counted from that bot's listed requests.
        assertThat(read("Which three pages did Googlebot crawl the most on prod yesterday?").query())
                .isEqualTo(new Query.Breakdown(null, "path", "requests", Map.of("bot", "GOOGLE_CRAWLER"), "yesterday", 3, null));
        // "Which bots": the word names the rows, every request with a bot name, not the bot rule's decisions only.
        assertThat(read("which bots are hammering prod hardest rn? top 3 by request count over the last 6 hours").query())
                .isEqualTo(new Query.Breakdown(null, "bot", "requests", Map.of(), "last(6h)", 3, null));
        assertThat(read("How our Google search ranking has changed this month?").query()).isInstanceOf(Query.Unanswerable.class)
                .extracting(q -> ((Query.Unanswerable) q).missing()).isEqualTo(List.of("search rankings"));
    }

    @Test
    void aPathNamedByItsWordBeforeRequestsAndCarriedToTheCountAfterIt() {
        Query.Subject checkout = new Query.Subject("path", "/api/checkout");
        assertThat(read("How many checkout requests did we turn away on prod over the past fortnight?").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of(), "last(14d)", checkout, null));
        // Two paths have "login": what is requested and denied is the API's, not the page's.
        assertThat(read("how many login requests were denied yesterday").query()).extracting(q -> ((Query.Metric) q).subject())
                .isEqualTo(new Query.Subject("path", "/api/login"));
        Query.Subject signup = new Query.Subject("path", "/api/signup");
        assertThat(read("For /api/signup on prod last week: total requests, and how many were denied?").query())
                .isEqualTo(new Query.Parts(List.of(new Query.Metric(null, "requests", Map.of(), "lastWeek", signup, null),
                        new Query.Metric(null, "denied", Map.of(), "lastWeek", signup, null))));
    }

    @Test
    void sharesOfTheBlockingOrdersInALaterSentenceAndListsAskedTwice() {
        assertThat(read("Bottom line for the board: of all the blocking on our live site this month, what share came from bot protection?").query())
                .isEqualTo(new Query.Ratio(new Query.Metric(null, "denied", Map.of(), "thisMonth", new Query.Subject("reason", "BOT"), null),
                        new Query.Metric(null, "denied", Map.of(), "thisMonth", null, null)));
        assertThat(read("The VPN checkout filter on prod has been in dry run long enough. Promote it to live.").query())
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("read-only");
        assertThat(read("Block rate on prod yesterday?").query()).isInstanceOf(Query.Metric.class);
        assertThat(read("Which of prod's Guard policies are actually enforced, and which are only running in dry run?").query())
                .isEqualTo(new Query.Parts(List.of(new Query.Report(null, "policies", null, "LIVE", null), new Query.Report(null, "policies", null, "DRY_RUN", null))));
        assertThat(read("how many rules are live on prod and how many are in dry run").query()).isEqualTo(new Query.Report(null, "rules", null, null, null));
        assertThat(read("Which actions of our AI agents are covered by a Guard policy on prod?").query())
                .isEqualTo(new Query.Report(null, "policies", null, null, null, null, "label"));
        assertThat(read("Where are we on our monthly allowance? I need the percent used and how many requests we have left.").query())
                .isEqualTo(new Query.Report(null, "quota", null, null, null));
        assertThat(read("Which path the attackers are hitting most in prod in last 7 days? I mean the ones shield is blocking.").query())
                .isEqualTo(new Query.Breakdown(null, "path", "denied", Map.of("conclusion", "DENY", "reason", "SHIELD"), "last(7d)", 1, null));
        // "of the requests of today were blocked": a share of the requests, the day's words taken out.
        assertThat(read("Which proportion of the requests of today were blocked because they are bots?").query())
                .extracting(q -> ((Query.Ratio) q).denominator().measure()).isEqualTo("requests");
        assertThat(read("What was the most recent request prod denied, and what kind of rule denied it?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY"), null, 1), "request"));
        assertThat(read("Could I see prod's denials week by week, this week and the three before it?").query())
                .extracting(q -> ((Query.Series) q).window()).isEqualTo("calendarWeeks(4)");
    }

    @Test
    void theShopIsOurOwnSiteAndAnotherCompanyIsNot() {
        assertThat(read("what % of the shop's traffic last week was bots getting bounced").query()).isInstanceOf(Query.Ratio.class)
                .extracting(q -> ((Query.Ratio) q).numerator().site()).isNull();
        assertThat(read("yo what are globex's top paths looking like").query()).extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("site-not-visible");
        assertThat(read("how many bot requets did globex get this week").query()).extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("site-not-visible");
        assertThat(read("did googlebot get blocked this week").query()).isInstanceOf(Query.Metric.class);
        assertThat(read("gimme the rundown on the shop's rules, how many are live and how many are just dry running").query())
                .isEqualTo(new Query.Report(null, "rules", null, null, null));
    }

    @Test
    void pathsNamedByTheirWordAreTheApisForRequestsAndDenials() {
        Query.Subject login = new Query.Subject("path", "/api/login");
        assertThat(read("Could you show me login denials on production day by day since Monday?").query())
                .extracting(q -> ((Query.Series) q).subject()).isEqualTo(login);
        assertThat(read("how many unqiue IPs hit checkout on the shop in the last 12 hrs").query())
                .isEqualTo(new Query.Distinct(null, "ip", Map.of("path", "/api/checkout"), "last(12h)"));
        // The bot campaign names the day; its bots are not what is counted.
        assertThat(read("On the day of the bot campaign six days ago, what proportion of login requests were refused?").query())
                .isEqualTo(new Query.Ratio(new Query.Metric(null, "denied", Map.of(), "day(-6)", login, null), new Query.Metric(null, "requests", Map.of(), "day(-6)", login, null)));
        QuestionParser.Reading distinct = read("how many diffrent IPs hit /api/login on prod in the last 24 hrs, and how many of those got denied at least once?");
        assertThat(distinct.query()).isEqualTo(new Query.Parts(List.of(new Query.Distinct(null, "ip", Map.of("path", "/api/login"), "last(24h)"),
                new Query.Distinct(null, "ip", Map.of("path", "/api/login", "conclusion", "DENY"), "last(24h)"))));
        assertThat(distinct.confidence()).as("a path the answer uses costs no confidence").isGreaterThan(0.7);
    }

    @Test
    void rankedRowsThenAPartAboutThemAndPeriodsNamedAgainstThePrevious() {
        assertThat(read("Which three bots did prod deny most often yesterday?").query())
                .isEqualTo(new Query.Breakdown(null, "bot", "denied", Map.of("conclusion", "DENY", "reason", "BOT"), "yesterday", 3, null));
        assertThat(read("bots blocked on prod yesterday and how many got challenged instead").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Metric(null, "denied", Map.of(), "yesterday", new Query.Subject("reason", "BOT"), null),
                new Query.Metric(null, "challenged", Map.of(), "yesterday", null, null))));
        assertThat(read("Take whichever IP hit the rate limiter most on prod over the last 7 days. What paths was it calling?").query())
                .isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY", "reason", "RATE_LIMIT"), "last(7d)", 1, null), null,
                        new Query.Lookup(null, "ip", null, "last(7d)", "/targetedPaths")));
        assertThat(read("which country was the worst offender for denied hits on /api/login yesterday").query())
                .extracting(q -> ((Query.Breakdown) q).dimension()).isEqualTo("country");
        assertThat(read("Can you find the latest denied /api/login request on prod and tell me which rules ran on it?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY", "path", "/api/login"), null, 1), null,
                        new Query.Lookup(null, "request", null, null, "/rules")));
        assertThat(read("Has prod's denial rate gone up or down compared with the previous 24 hours?").query())
                .isEqualTo(new Query.Comparison(List.of(new Query.Metric(null, "denialRate", Map.of(), "last(24h)", null, null),
                        new Query.Metric(null, "denialRate", Map.of(), "ago(48h,24h)", null, null))));
        assertThat(read("total requests on prod week by week, starting three weeks back and including this week so far").query())
                .extracting(q -> ((Query.Series) q).window()).isEqualTo("calendarWeeks(4)");
    }

    @Test
    void changesAndDataNoSourceHas() {
        assertThat(read("Please amend the refund policy so the agent can refund up to 500 without a person.").query())
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("read-only");
        assertThat(read("Finance is asking, what's our Arcjet invoice going to come to this month, in dollars?").query())
                .extracting(q -> ((Query.Unanswerable) q).missing()).asList().contains("invoice");
        assertThat(read("Which user accounts were behind the denied logins on prod yesterday?").query())
                .extracting(q -> ((Query.Unanswerable) q).missing()).isEqualTo(List.of("user accounts"));
        assertThat(read("how many signups were rejected by the email check yesterday").query()).isInstanceOf(Query.Metric.class);
        assertThat(read("Which kinds of sensitive data is the support email agent barred from sending on production?").query())
                .extracting(q -> ((Query.Lookup) q).section()).isEqualTo("/rules/*/deny");
    }

    @Test
    void asidesAroundTheQuestionAreNotWhatItAsks() {
        // A plan in the lead-in, a remark after the question, a reason for asking: none of them is counted.
        assertThat(read("Pen-testing the API next week: what's the cap on the prod rate limit rule, i.e. how many requests per window per IP before it starts denying?").query())
                .extracting(q -> ((Query.Lookup) q).section()).isEqualTo("/config/max");
        assertThat(read("Can you chart what 73.162.165.218 has been up to day by day over the past month? They're one of our biggest customers.").query())
                .isEqualTo(new Query.Lookup(null, "ip", "73.162.165.218", "last(30d)", "/timeline"));
        assertThat(read("Mean requests per minute on prod over the last hour - need a baseline before we tune the limiter.").query())
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "last(1h)", null, "minute"));
        assertThat(read("What's the weather looking like for launch day on Friday? Want to plan the team lunch.").query())
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("unclear");
        assertThat(read("checkout today: how many reqs and how many got bounced?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Metric(null, "requests", Map.of(), "today", new Query.Subject("path", "/api/checkout"), null),
                new Query.Metric(null, "denied", Map.of(), "today", new Query.Subject("path", "/api/checkout"), null))));
        assertThat(read("staging: # of rules, # live?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Report("site_stg", "rules", null, null, null), new Query.Report("site_stg", "rules", null, "LIVE", null))));
    }

    @Test
    void periodsNamedByTheirEdges() {
        assertThat(read("how many requests did production get the Saturday before last").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("weekday(SATURDAY,before)");
        assertThat(read("Show me the denial rate of production for each of the past seven days, day by day, not counting today.").query())
                .extracting(q -> ((Query.Series) q).window()).isEqualTo("wholeDays(7)");
        assertThat(read("What was the average of blocked requests per day on the production site in the last week (Monday to Sunday)?").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("lastWeek");
        assertThat(read("Did the share of traffic we block go up or down compared with the 7 days before?").query())
                .isEqualTo(new Query.Comparison(List.of(new Query.Metric(null, "denialRate", Map.of(), "last(7d)", null, null),
                        new Query.Metric(null, "denialRate", Map.of(), "ago(14d,7d)", null, null))));
    }

    @Test
    void chainsFromATopRow() {
        assertThat(read("Over the past month, which protection has done the most blocking on prod - and what does that rule actually let through?").query())
                .isEqualTo(new Query.Chain(new Query.Breakdown(null, "reason", "denied", Map.of("conclusion", "DENY"), "last(30d)", 1, null), null,
                        new Query.Lookup(null, "rule", null, null, "/config/allow")));
        assertThat(read("which path are bots hammering hardest on prod today? then gimme the 5 newest bot denials on it").query())
                .isInstanceOf(Query.Chain.class).extracting(q -> ((Query.Chain) q).then()).isInstanceOf(Query.Listing.class);
        Query.Metric all = new Query.Metric(null, "requests", Map.of(), "yesterday", null, null);
        assertThat(read("what slice of prod's traffic yesterday came from our single busiest IP?").query())
                .isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "requests", Map.of(), "yesterday", 1, null), null, new Query.Ratio(all, all)));
        assertThat(read("how many diffrent paths got hit on staging yesterday?").query()).isEqualTo(new Query.Distinct("site_stg", "path", Map.of(), "yesterday"));
        assertThat(read("429s on prod, trailing 12h - count?").query()).extracting(q -> ((Query.Metric) q).subject())
                .isEqualTo(new Query.Subject("reason", "RATE_LIMIT"));
    }

    @Test
    void signUpAttemptsAreRequestsAndAccountsAreNot() {
        Query.Subject signup = new Query.Subject("path", "/api/signup");
        assertThat(read("How many sign-up attempts on /api/signup were denied this week so far?").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of(), "thisWeek", signup, null));
        assertThat(read("How many sign-up attempts did we block yesterday, and what was the main reason they were blocked?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Metric(null, "denied", Map.of(), "yesterday", signup, null),
                new Query.Breakdown(null, "reason", "denied", Map.of("path", "/api/signup", "conclusion", "DENY"), "yesterday", 1, null))));
        assertThat(read("how many signups did we get yesterday").query()).isInstanceOf(Query.Unanswerable.class);
        assertThat(read("how many of my customers' accounts got locked out this week lol").query()).isInstanceOf(Query.Unanswerable.class);
        assertThat(read("Which user account sent request req_1_vu7q0? I need the customer's account email to look them up.").query())
                .extracting(q -> ((Query.Unanswerable) q).missing()).isEqualTo(List.of("user accounts"));
        assertThat(read("Which websites do I have set up in Arcjet?").query()).isEqualTo(new Query.Report(null, "sites", null, null, null));
    }

    @Test
    void moreComparisonsAndPeriods() {
        assertThat(read("Is today's denial rate on prod any different from yesterday's?").query())
                .isEqualTo(new Query.Comparison(List.of(new Query.Metric(null, "denialRate", Map.of(), "today", null, null),
                        new Query.Metric(null, "denialRate", Map.of(), "yesterday", null, null))));
        assertThat(read("How many requests did prod take from ten days back up to three days ago?").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("ago(10d,3d)");
        assertThat(read("Which percent of the requests to the checkout API was blocked since the month began?").query())
                .extracting(q -> ((Query.Ratio) q).numerator().window()).isEqualTo("thisMonth");
        assertThat(read("Bot blocks on last Friday compare to the Friday before it - how big is the difference?").query())
                .extracting(q -> ((Query.Comparison) q).sides().get(1).window()).isEqualTo("weekday(FRIDAY,before)");
        assertThat(read("who's the busiest IP on prod this week and what slice of all traffic is it").query())
                .isInstanceOf(Query.Chain.class).extracting(q -> ((Query.Chain) q).then()).isInstanceOf(Query.Ratio.class);
    }

    @Test
    void devicesNamedAsPeopleNameThem() {
        // A device is a part of the user agent: "iPhone" is a name, not a field written as "i phone".
        Query.Subject iphone = new Query.Subject("userAgent", "iPhone");
        assertThat(read("how many iPhones got blocked on prod yesterday?").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of(), "yesterday", iphone, null));
        Query.Metric android = new Query.Metric(null, "requests", Map.of(), "thisWeek", new Query.Subject("userAgent", "Android"), null);
        assertThat(read("what percentage of this week's traffic came from android phones").query())
                .isEqualTo(new Query.Ratio(android, android.withSubject(null)));
        assertThat(read("which pages do iphone users hit the most today").query())
                .extracting(q -> ((Query.Breakdown) q).filters()).isEqualTo(Map.of("userAgent", "iPhone"));
    }

    @Test
    void leadInsNetworksAndNegationsAreNotWhatIsAsked() {
        // "For the quota forecast:" says what the answer is for; the question after it is about requests.
        assertThat(read("For the board forecast: what were prod's average daily requests over the past 14 days?").query())
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "last(14d)", null, "day"));
        // A carrier is not a site the user cannot see.
        assertThat(read("how many requests over T-Mobile yesterday").query()).isNotInstanceOf(Query.Unanswerable.class);
        // "haven't had a single request denied": the rows with none.
        assertThat(read("which endpoints on staging haven't had one request blocked this week?").query())
                .extracting(q -> ((Query.Breakdown) q).only()).isEqualTo("zero");
        assertThat(read("yo could u just nuke the rate limit rule on staging").query())
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("read-only");
        assertThat(read("how many people sign up last week?").query()).extracting(q -> ((Query.Unanswerable) q).missing().get(0)).isEqualTo("signups");
    }

    @Test
    void partsThatOnlyNarrowThePartBefore() {
        assertThat(read("rank the bots we blocked yesterday and just give me the top 4").query())
                .isEqualTo(new Query.Breakdown(null, "bot", "denied", Map.of("conclusion", "DENY", "reason", "BOT"), "yesterday", 4, null));
        assertThat(read("what was the block rate on prod last week, and what was it the week before?").query())
                .isEqualTo(new Query.Comparison(List.of(new Query.Metric(null, "denialRate", Map.of(), "lastWeek", null, null),
                        new Query.Metric(null, "denialRate", Map.of(), "week(-2)", null, null))));
        assertThat(read("which IPs got hit by both shield and the rate limiter today").query()).isInstanceOf(Query.SetOperation.class)
                .extracting(q -> ((Query.SetOperation) q).operation()).isEqualTo(Query.SetOperation.BOTH);
        assertThat(read("in the run-up to Tuesday's board review: prod requests Tue-Thu of last week?").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("weekdays(TUESDAY,THURSDAY,-1)");
        assertThat(read("how many got denied since yesterday").query()).extracting(q -> ((Query.Metric) q).window()).isEqualTo("sinceDay(-1)");
    }

    @Test
    void aWeekSaidBesideItsDaysAndWhoWasLast() {
        assertThat(read("were there more blocks on Monday or on Tuesday this week?").query()).isEqualTo(new Query.Comparison(List.of(
                new Query.Metric(null, "denied", Map.of(), "weekday(MONDAY,week-0)", null, null),
                new Query.Metric(null, "denied", Map.of(), "weekday(TUESDAY,week-0)", null, null))));
        assertThat(read("who got blocked on /api/cart most recently, and where are they from?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY", "path", "/api/cart"), null, 1), null,
                        new Query.Lookup(null, "ip", null, null, null)));
    }

    @Test
    void aFigureOverTheBusiestDayAndWordsThatAreNotSlips() {
        assertThat(read("Which day had the most traffic last week on prod, and how many denials were there that day?").query())
                .isEqualTo(new Query.Chain(new Query.Series(null, "requests", Map.of(), "lastWeek", "day"), null,
                        new Query.Metric(null, "denied", Map.of(), "lastWeek", null, null)));
        // "burst" is a word of its own, not a slip of a word the engine knows.
        assertThat(read("how many requests did staging see in the last burst of traffic today").understood()).noneMatch(u -> u.contains("burn"));
    }

    @Test
    void storiesTicketsAndRangesOfDays() {
        // "it" after the question's own IP points at that IP, so the story's "weekend" is not the period.
        assertThat(read("Big sale weekend here. Find the IP with the most denials on prod this week and show me the paths it's been hitting.").query())
                .extracting(q -> ((Query.Chain) q).first()).extracting(q -> ((Query.Breakdown) q).window()).isEqualTo("thisWeek");
        assertThat(read("how many requests were denied on prod 12 to 9 days ago").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("ago(12d,9d)");
        assertThat(read("I was away from the 3rd and just got back. How many bot blocks since then?").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("since(day 3)");
        assertThat(read("top 3 IPs on /api/login today - we think it's credential stuffing").query()).isInstanceOf(Query.Breakdown.class);
        assertThat(read("could you get someone to switch all the staging rules to live tonight?").query())
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("read-only");
    }

    @Test
    void comparisonsKeepTheirReasonAndTheirChange() {
        assertThat(read("bot denials on /api/search vs /api/cart this week").query()).isEqualTo(new Query.Comparison(List.of(
                new Query.Metric(null, "denied", Map.of("reason", "BOT"), "thisWeek", new Query.Subject("path", "/api/search"), null),
                new Query.Metric(null, "denied", Map.of("reason", "BOT"), "thisWeek", new Query.Subject("path", "/api/cart"), null))));
        assertThat(read("compare prod requests: today vs yesterday - what's the difference?").query()).isInstanceOf(Query.Comparison.class);
        assertThat(read("which paths got blocked yesterday but had none the day before?").query()).isInstanceOf(Query.SetOperation.class);
        assertThat(read("which country did we deny most this week, then which paths did that country go after?").query())
                .isInstanceOf(Query.Chain.class);
    }

    @Test
    void eachOfTheSitesListedBefore() {
        assertThat(read("run through our sites and tell me how many denials each one had yesterday").query()).isEqualTo(new Query.Comparison(List.of(
                new Query.Metric("site_prod", "denied", Map.of(), "yesterday", null, null),
                new Query.Metric("site_stg", "denied", Map.of(), "yesterday", null, null))));
    }

    @Test
    void aTopRowsDaysThePeakDayItselfAndRowsThatHadNoneOfAKind() {
        // "its day-by-day activity": the top IP's own timeline, not a ranking read day by day (where it may be below the cut).
        assertThat(read("Could you find the IP with the most blocked requests on prod over the last 30 days and show me its day-by-day activity?").query())
                .isEqualTo(new Query.Chain(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(30d)", 1, null), null,
                        new Query.Lookup(null, "ip", null, "last(30d)", "/timeline")));
        assertThat(read("What was our busiest day last week, and how many requests did it get?").query()).isEqualTo(new Query.Chain(
                new Query.Series(null, "requests", Map.of(), "lastWeek", "day"), null, new Query.Metric(null, "requests", Map.of(), "lastWeek", null, null)));
        assertThat(read("Tuesday was our episode drop. What was the deny rate that day?").query())
                .extracting(q -> ((Query.Metric) q).window()).isEqualTo("weekday(TUESDAY)");
        assertThat(read("Which day in the past week (not counting today) had the most traffic?").query())
                .extracting(q -> ((Query.Series) q).window()).isEqualTo("wholeDays(7)");
        assertThat(read("lemme see bot blocks day by day since last monday").query()).extracting(q -> ((Query.Series) q).window()).isEqualTo("sinceWeek(-1)");
        assertThat(read("What was our denial rate yesterday? Also, how many requests came in overall?").query())
                .extracting(q -> ((Query.Parts) q).parts().size()).isEqualTo(2);
        assertThat(read("Quick one - on average how many hits an hour did we get yesterday? Trying to size things before the next drop").query())
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "yesterday", null, "hour"));
        assertThat(read("which paths havent had a single bot block this week").query()).isEqualTo(new Query.SetOperation(Query.SetOperation.MINUS,
                new Query.Breakdown(null, "path", "requests", Map.of(), "thisWeek", 50, "nonzero"),
                new Query.Breakdown(null, "path", "denied", Map.of("reason", "BOT", "conclusion", "DENY"), "thisWeek", 50, "nonzero"), null));
        assertThat(read("Which of our sites still have rules running in dry-run mode?").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Report("site_prod", "rules", null, "DRY_RUN", null), new Query.Report("site_stg", "rules", null, "DRY_RUN", null))));
        assertThat(read("What will be the weather tomorrow in Madrid?").query()).extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("unclear");
        assertThat(read("Did blocking the scrapers improve our booking conversion rate last week?").query())
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("missing-data");
    }

    @Test
    void theNewestRequestsIpAndPathCountedOverTheirOwnPeriod() {
        assertThat(read("yo whoever got bot-blocked last on prod, how many reqs has that IP thrown at us over the whole 30 days?").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("reason", "BOT", "conclusion", "DENY"), "last(30d)", 1), null,
                        new Query.Lookup(null, "ip", null, "last(30d)", null)));
        assertThat(read("find the last request blocked by the rate limit, then tell me how many denials its path had in the last 24 hours").query())
                .isEqualTo(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY", "reason", "RATE_LIMIT"), "last(24h)", 1), null,
                        new Query.Metric(null, "denied", Map.of(), "last(24h)", new Query.Subject("path", null), null)));
        assertThat(read("Find yesterday's busiest IP and tell me how many requests it has sent us over the last 30 days, and how many of those got denied.").query())
                .extracting(q -> ((Query.Parts) q).parts().get(2)).extracting(q -> ((Query.Metric) ((Query.Chain) q).then()).window()).isEqualTo("last(30d)");
        assertThat(read("Of today's denials, what fraction came from the rate limiter?").query()).isEqualTo(new Query.Ratio(
                new Query.Metric(null, "denied", Map.of(), "today", new Query.Subject("reason", "RATE_LIMIT"), null),
                new Query.Metric(null, "denied", Map.of(), "today", null, null)));
        assertThat(read("thursday or friday, which day got hammered harder with blocks?").query()).isInstanceOf(Query.Comparison.class);
    }

    @Test
    void theNewestOnesAfterARankingAndEachFigureOnBothSites() {
        // "the 3 most recent requests denied for that reason": of the ranking's day, as a later part keeps the period before it.
        assertThat(read("What was the top denial reason on production yesterday, and what are the three most recent requests denied for that reason?").query())
                .extracting(q -> ((Query.Listing) ((Query.Chain) q).then()).window()).isEqualTo("yesterday");
        assertThat(read("whos the sketchiest ip in the anomalies rn and where's it from").understood()).noneMatch(u -> u.contains("denied"));
        assertThat(read("Compare production and staging over the past 7 days - total requests and denials for each.").query()).isEqualTo(new Query.Parts(List.of(
                new Query.Comparison(List.of(new Query.Metric("site_prod", "requests", Map.of(), "last(7d)", null, null),
                        new Query.Metric("site_stg", "requests", Map.of(), "last(7d)", null, null))),
                new Query.Comparison(List.of(new Query.Metric("site_prod", "denied", Map.of(), "last(7d)", null, null),
                        new Query.Metric("site_stg", "denied", Map.of(), "last(7d)", null, null))))));
        assertThat(read("who's the sketchiest IP hitting prod in the last day").query()).extracting(q -> ((Query.Breakdown) ((Query.Chain) q).first()).measure())
                .isEqualTo("denied");
    }

    @Test
    void aBusinesssOwnKeysAreNotSecrets() {
        assertThat(read("How many hits has our key-redemption endpoint (/api/orders) taken on prod over the past fortnight?").query())
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "last(14d)", new Query.Subject("path", "/api/orders"), null));
        assertThat(((Query.Unanswerable) read("how many keys actually got redeemed this week? not the blocked junk").query()).reason()).isEqualTo("missing-data");
        assertThat(((Query.Unanswerable) read("what's the site key for prod").query()).reason()).isEqualTo("secret");
    }

    @Test
    void aSentenceNamingADayToComeAsksForNoForecast() {
        assertThat(read("How many requests did we deny yesterday? The board meets tomorrow.").query())
                .isEqualTo(new Query.Metric(null, "denied", Map.of(), "yesterday", null, null));
        assertThat(((Query.Unanswerable) read("How many requests will we get tomorrow?").query()).reason()).isEqualTo("missing-data");
    }

    @Test
    void theHomePageIsTheRootPath() {
        assertThat(read("how many requests did the home page get yesterday").query())
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "yesterday", new Query.Subject("path", "/"), null));
    }

    @Test
    void aSiteNamedInTwoWordsBeforeACommaIsNotAMode() {
        assertThat(read("how many rules have we got on the live site, and are any of them still in testing mode?").query())
                .isEqualTo(new Query.Parts(List.of(new Query.Report(null, "rules", null, null, null, null, null),
                        new Query.Report(null, "rules", null, "DRY_RUN", null, null, null))));
    }

    @Test
    void theRuleALatestRequestNamesIsLookedUp() {
        assertThat(read("Take the latest rate-limited request on prod: which rule denied it, and what's that rule's configured max?").query())
                .isEqualTo(new Query.Chain(new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY", "reason", "RATE_LIMIT"), null, 1), "request"), null,
                        new Query.Lookup(null, "rule", null, null, "/config/max")));
    }

    @Test
    void twoDaysJoinedByOrInAStillQuestionAreOnePeriod() {
        Query.Distinct weekend = new Query.Distinct(null, "ip", Map.of("conclusion", "DENY", "reason", "RATE_LIMIT"), "span(weekday(SATURDAY)|weekday(SUNDAY))");
        assertThat(read("Which of the IPs rate limited on Saturday or Sunday are still getting rate limited this week?").query())
                .isInstanceOf(Query.SetOperation.class).extracting(q -> ((Query.SetOperation) q).left()).isEqualTo(weekend);
        assertThat(read("was prod busier on Saturday or Sunday?").query()).isInstanceOf(Query.Comparison.class);
    }

    @Test
    void rowsAreKeptByTheirShareOrLeftOutByTheirNetwork() {
        assertThat(read("which paths on prod are copping more than a tenth of all the blocks? last 24 hours").query())
                .isEqualTo(new Query.Breakdown(null, "path", "denied", Map.of("conclusion", "DENY"), "last(24h)", 50, "shareAbove:0.1"));
        assertThat(read("acme-prod top-10 denied IPs this wk, excluding AS14061/AS16276").query())
                .isEqualTo(new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "thisWeek", 10, "except:asn:14061|16276"));
    }

    @Test
    void aCountOfSomethingNoSourceRecordsNamesItAsMissing() {
        assertThat(read("How many students have completed a course on our platform this week?").query()).isInstanceOf(Query.Unanswerable.class)
                .extracting(q -> ((Query.Unanswerable) q).reason()).isEqualTo("missing-data");
        assertThat(read("How many people visited my staging site yesterday?").query()).isInstanceOf(Query.Metric.class);
    }

    @Test
    void anAveragePerIpIsTheRequestsOverTheIpsThatSentThem() {
        assertThat(read("on average how many requests does one IP fire at prod? over the last day like").query())
                .isEqualTo(new Query.Metric(null, "requests", Map.of(), "last(24h)", null, "ip"));
    }

    @Test
    void theTopIpThenItsOwnLatestRequestExplained() {
        assertThat(read("most-denied ip 7d. its latest denied request: id + why").query()).isEqualTo(new Query.Chain(
                new Query.Breakdown(null, "ip", "denied", Map.of("conclusion", "DENY"), "last(7d)", 1, null), null,
                new Query.Chain(new Query.Listing(null, Map.of("conclusion", "DENY"), "last(7d)", 1), "request")));
    }
}
