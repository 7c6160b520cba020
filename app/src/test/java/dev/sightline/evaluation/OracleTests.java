package dev.sightline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sightline.evaluation.EvaluationSet.Question;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.testing.SandboxProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The oracle against the running sandbox, checked by a second, independent route: the sandbox's
 * traffic regenerated here from the same seed and "now" and counted with plain streams. If both
 * agree, windows, pages, buckets, references and fan-out reach the tools as meant.
 */
class OracleTests {

    private static SandboxTools tools;
    private static Oracle oracle;
    private static List<RequestDecision> prod;

    @BeforeAll
    static void connect() {
        tools = SandboxTools.connect(URI.create(SandboxProcess.shared().mcpUrl()), "alice@example.com", true);
        oracle = new Oracle(tools, Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC), ZoneOffset.UTC);
        TrafficStore traffic = new TrafficStore(new SandboxWorld(Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC)),
                new TrafficGenerator(20261125L, 200_000, SandboxProcess.NOW));
        prod = traffic.of("acme-prod").stream().toList();
    }

    @AfterAll
    static void close() {
        tools.close();
    }

    static Expected expect(String expect) {
        JsonNode node = JsonMapper.shared().readTree(expect.replace('\'', '"'));
        return oracle.prepare(new Question("t", "A question about {ip}.", "test", "test", node, null)).expected();
    }

    static Instant midnight(int daysAgo) {
        return SandboxProcess.NOW.truncatedTo(ChronoUnit.DAYS).minus(daysAgo, ChronoUnit.DAYS);
    }

    static List<RequestDecision> between(Instant start, Instant end) {
        return prod.stream().filter(d -> !d.timestamp().isBefore(start) && d.timestamp().isBefore(end)).toList();
    }

    static long value(Expected e) {
        assertThat(e).as(e.describe()).isInstanceOf(Expected.Figure.class);
        return ((Expected.Figure) e).values().get(0).asLong();
    }

    @Test
    void aFigureOverTodayCountsWhatTheTrafficHolds() {
        long denied = between(midnight(0), SandboxProcess.NOW).stream().filter(RequestDecision::denied).count();
        assertThat(value(expect("{'answer':'figure','calls':[{'tool':'analyze-traffic','args':{'siteId':'acme-prod'}}],'value':'/denied','window':'today'}")))
                .isEqualTo(denied);
    }

    @Test
    void pagesAreFollowedToTheEnd() {
        Instant start = SandboxProcess.NOW.minus(24, ChronoUnit.HOURS);
        long ips = between(start, SandboxProcess.NOW).stream().filter(d -> d.path().equals("/api/login")).map(d -> d.ip().address()).distinct().count();
        assertThat(value(expect("{'answer':'figure','calls':[{'tool':'list-requests','args':{'siteId':'acme-prod','path':'/api/login','limit':100},"
                + "'paginate':true}],'value':'count(distinct(map(/requests, ip)))','window':'last(24h)'}"))).isEqualTo(ips);
    }

    @Test
    void eachDayIsItsOwnCall() {
        Expected e = expect("{'answer':'series','calls':[{'tool':'analyze-traffic','args':{'siteId':'acme-prod'}}],'each':'day','value':'/denied','window':'since(day(-3))'}");
        assertThat(e).isInstanceOf(Expected.Series.class);
        Expected.Series series = (Expected.Series) e;
        assertThat(series.buckets()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            Instant start = midnight(3 - i);
            Instant end = i == 3 ? SandboxProcess.NOW : midnight(2 - i);
            long denied = between(start, end).stream().filter(RequestDecision::denied).count();
            assertThat(series.candidates().get("value").get(i).asLong()).as(series.buckets().get(i)).isEqualTo(denied);
        }
        assertThat(series.buckets().get(0)).isEqualTo(LocalDate.ofInstant(midnight(3), ZoneOffset.UTC).toString());
    }

    @Test
    void bucketsOnACallAreTheSameAsOnTheExpectation() {
        Expected onExpectation = expect("{'answer':'series','calls':[{'tool':'analyze-traffic','args':{'siteId':'acme-prod'}}],'each':'hour',"
                + "'value':'/topDenialReasons[reason=\\\"SHIELD\\\"]/count','window':'last(12h)'}");
        Expected onCall = expect("{'answer':'series','window':'last(12h)','calls':[{'tool':'analyze-traffic','args':{'siteId':'acme-prod'},'each':'hour'}],"
                + "'value':'/*/topDenialReasons[reason=\\\"SHIELD\\\"]/count'}");
        List<JsonNode> a = ((Expected.Series) onExpectation).candidates().get("value");
        List<JsonNode> b = ((Expected.Series) onCall).candidates().get("value");
        // Twelve hours ending on the hour are twelve whole hours; ending at any other minute, the partial hours at both ends make thirteen.
        int hours = SandboxProcess.NOW.equals(SandboxProcess.NOW.truncatedTo(java.time.temporal.ChronoUnit.HOURS)) ? 12 : 13;
        assertThat(a).hasSize(hours).isEqualTo(b);
    }

    @Test
    void placeholdersAndReferencesFeedLaterCalls() {
        Oracle.Prepared filled = oracle.prepare(new Question("t", "How many requests came from {ip}?", "test", "test", JsonMapper.shared().readTree(
                ("{'answer':'figure','calls':[{'tool':'investigate-ip','args':{'siteId':'acme-prod','ip':'{ip}'}}],'value':'/totalRequests',"
                        + "'window':'last(30d)','fill':{'ip':{'tool':'analyze-traffic','args':{'siteId':'acme-prod','conclusion':'DENY'},"
                        + "'window':'last(7d)','value':'/topIps/0/ip'}}}").replace('\'', '"')), null));
        String ip = filled.text().replace("How many requests came from ", "").replace("?", "");
        // The filled IP is the most denied one of the last 7 days ...
        Map<String, Long> deniedByIp = between(SandboxProcess.NOW.minus(7, ChronoUnit.DAYS), SandboxProcess.NOW).stream().filter(RequestDecision::denied)
                .collect(Collectors.groupingBy(d -> d.ip().address(), Collectors.counting()));
        assertThat(deniedByIp.get(ip)).isEqualTo(deniedByIp.values().stream().max(Comparator.naturalOrder()).orElseThrow());
        // ... and the expectation counts its requests of the last 30 days.
        long fromIt = between(SandboxProcess.NOW.minus(30, ChronoUnit.DAYS), SandboxProcess.NOW).stream()
                .filter(d -> d.ip().address().equals(ip)).count();
        assertThat(value(filled.expected())).isEqualTo(fromIt);
        // The same through a reference to the first call's result.
        assertThat(value(expect("{'answer':'figure','calls':[{'tool':'analyze-traffic','args':{'siteId':'acme-prod','conclusion':'DENY'},'window':'last(7d)'},"
                + "{'tool':'investigate-ip','args':{'siteId':'acme-prod','ip':'$0/topIps/0/ip'},'window':'last(30d)'}],'value':'$1/totalRequests'}")))
                .isEqualTo(fromIt);
    }

    @Test
    void aStarFansACallOutOverEveryItem() {
        Expected e = expect("{'answer':'set','calls':[{'tool':'list-teams','args':{}},{'tool':'list-sites','args':{'teamId':'$0/teams/*/id'}}],"
                + "'value':'$1/*/sites','key':'id'}");
        assertThat(e).as(e.describe()).isInstanceOf(Expected.SetOf.class);
        Set<String> ids = ((Expected.SetOf) e).items().stream().map(s -> s.path("name").asString(s.path("id").asString())).collect(Collectors.toSet());
        assertThat(ids).contains("acme-prod", "acme-staging").doesNotContain("globex-web");
        // The sum over the fanned-out calls is the team's traffic.
        long sites = ((Expected.SetOf) e).items().size();
        Expected total = expect("{'answer':'figure','calls':[{'tool':'list-teams','args':{}},{'tool':'list-sites','args':{'teamId':'$0/teams/0/id'}},"
                + "{'tool':'analyze-traffic','args':{'siteId':'$1/sites/*/id'}}],'values':{'each':'$2/*/totalRequests'},'compute':'sum(each); count(each)',"
                + "'window':'last(24h)'}");
        assertThat(((Expected.Figure) total).values().get(1).asLong()).isEqualTo(sites);
        assertThat(((Expected.Figure) total).values().get(0).asLong())
                .isGreaterThanOrEqualTo(between(SandboxProcess.NOW.minus(24, ChronoUnit.HOURS), SandboxProcess.NOW).size());
    }

    @Test
    void aRankingByCountryFromEveryPageOfYesterday() {
        List<RequestDecision> yesterday = between(midnight(1), midnight(0));
        Map<String, Long> byCountry = yesterday.stream().collect(Collectors.groupingBy(d -> d.ip().country(), Collectors.counting()));
        Expected e = expect("{'answer':'top','calls':[{'tool':'list-requests','args':{'siteId':'acme-prod','limit':100},'paginate':true}],"
                + "'value':'countBy(/requests, country)','key':'key','n':3,'window':'yesterday'}");
        Expected.Top top = (Expected.Top) e;
        assertThat(top.rank()).isEqualTo("count");
        assertThat(top.items()).hasSize(byCountry.size());
        for (JsonNode item : top.items()) {
            assertThat(item.path("count").asLong()).as(item.path("key").asString()).isEqualTo(byCountry.get(item.path("key").asString()));
        }
    }

    @Test
    void aSiteTheUserCannotSeeLeavesNoExpectationButARefusalNeedsNone() {
        Expected unseen = expect("{'answer':'figure','calls':[{'tool':'analyze-traffic','args':{'siteId':'globex-web'}}],'value':'/denied','window':'today'}");
        assertThat(unseen).isInstanceOf(Expected.Unknown.class);
        assertThat(expect("{'answer':'refuse','reason':'site-not-visible'}")).isEqualTo(new Expected.Refuse("site-not-visible"));
    }

    @Test
    void writeToolsComeFromTheSandboxCatalog() {
        assertThat(tools.writeTools()).contains("create-rule", "delete-rule", "put-guard-policy").doesNotContain("list-rules", "get-site-key");
        assertThat(tools.takesWindow("analyze-traffic")).isTrue();
        assertThat(tools.takesWindow("list-rules")).isFalse();
    }

    /** Every line of every set the oracle can compute; only ids and reasons are printed. */
    @Test
    void everyLineOfTheSetsHasAnExpectation() {
        prepared().forEach((set, lines) -> assertThat(lines.stream().filter(p -> p.expected() instanceof Expected.Unknown)
                .map(p -> p.question().id() + ": " + ((Expected.Unknown) p.expected()).why()).toList()).as(set).isEmpty());
    }

    /**
     * A perfect answer to every line is judged right and the same answer spoiled is judged wrong:
     * no expectation asks for what no answer could give, and none is met by just anything.
     */
    @Test
    void theJudgeAcceptsAPerfectAnswerToEveryLineAndRefusesASpoiledOne() {
        Judge judge = new Judge(tools.writeTools());
        prepared().forEach((set, lines) -> {
            for (Oracle.Prepared p : lines) {
                JsonNode ideal = IdealAnswers.of(p.expected());
                Judge.Verdict right = judge.judge(p.expected(), ideal);
                assertThat(right.correct()).as(set + " " + p.question().id() + ": " + right.detail()).isTrue();
                assertThat(right.invented()).isZero();
                boolean somethingToSpoil = !ideal.path("figures").isEmpty() || !ideal.path("table").path("rows").isEmpty();
                if (ideal.path("outcome").path("kind").asString().equals("ANSWER") && somethingToSpoil) {
                    assertThat(judge.judge(p.expected(), IdealAnswers.spoiled(ideal)).correct()).as(set + " " + p.question().id() + " spoiled").isFalse();
                }
            }
        });
    }

    private static Map<String, List<Oracle.Prepared>> prepared;

    /** The sets' lines with their expectations, computed once for these tests. */
    static synchronized Map<String, List<Oracle.Prepared>> prepared() {
        if (prepared == null) {
            prepared = new java.util.LinkedHashMap<>();
            for (String set : List.of("held-out", "seen", "development")) {
                Path file = EvaluationSet.file(set);
                if (Files.exists(file)) {
                    prepared.put(set, EvaluationSet.read(file).questions().stream().map(oracle::prepare).toList());
                }
            }
        }
        return prepared;
    }
}
