package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.sightline.sandbox.traffic.Conclusion;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.SignupsCsv;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Business data beside Arcjet's: the sandbox's sign-ups CSV uploaded as a file, then questions on
 * it alone and across both sources. The expected figures come from reading the CSV here and from
 * regenerating the sandbox's traffic (same seed, same "now"), never from the engine's code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:cross-source;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.data-dir=target/cross-source-data",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + CrossSourceTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSourceTests {

    static final String TOKEN = "cross-token-0123456789abcdefghijklmn";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    SightlineApi api;
    long file;
    /** The CSV's sign-ups by day, read here; the denial rate of acme-prod by UTC day, counted here. */
    final Map<LocalDate, Long> signups = new TreeMap<>();
    final Map<LocalDate, Double> denialRate = new TreeMap<>();
    LocalDate attackDay;

    @BeforeAll
    void connect() throws Exception {
        api = new SightlineApi(port, TOKEN);
        api.connectArcjet("alice@example.com", "Arcjet");
        SandboxProcess.shared();
        Path csv = Path.of("target", "sandbox-business", SignupsCsv.FILE_NAME);
        try (Reader reader = Files.newBufferedReader(csv)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                signups.put(LocalDate.parse(r.get("date")), Long.parseLong(r.get("signups")));
            }
        }
        TrafficGenerator generator = new TrafficGenerator(20261125L, 200_000, SandboxProcess.NOW);
        TrafficStore traffic = new TrafficStore(new SandboxWorld(Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC)), generator);
        Map<LocalDate, long[]> byDay = new TreeMap<>();
        for (RequestDecision d : traffic.of("acme-prod").stream().toList()) {
            long[] counts = byDay.computeIfAbsent(LocalDate.ofInstant(d.timestamp(), ZoneOffset.UTC), k -> new long[2]);
            counts[0]++;
            if (d.conclusion() == Conclusion.DENY) {
                counts[1]++;
            }
        }
        byDay.forEach((day, c) -> denialRate.put(day, c[1] * 100.0 / c[0]));
        attackDay = LocalDate.ofInstant(generator.incident().start(), ZoneOffset.UTC);
        file = upload(Files.readAllBytes(csv), SignupsCsv.FILE_NAME, "Acme sign-ups").path("id").asLong();
        // A second file with plans and revenue: the pro plan loses most of its sign-ups on the attack days.
        StringBuilder orders = new StringBuilder("day,plan,signups,revenue\n");
        for (LocalDate day : signups.keySet()) {
            long sinceAttack = day.toEpochDay() - attackDay.toEpochDay();
            boolean attacked = sinceAttack >= 0 && sinceAttack <= 2;
            for (String[] plan : new String[][] {{"free", "80", "0.8"}, {"pro", "40", "0.3"}, {"team", "15", "0.95"}}) {
                long n = Math.round(Long.parseLong(plan[1]) * (attacked ? Double.parseDouble(plan[2]) : 1.0) * (1 + day.getDayOfMonth() % 3 * 0.05));
                this.orders.add(new Order(day, plan[0], n, plan[0].equals("free") ? 0 : n * (plan[0].equals("pro") ? 29.5 : 89.0)));
                orders.append(day).append(',').append(plan[0]).append(',').append(n).append(',').append(this.orders.get(this.orders.size() - 1).revenue()).append('\n');
            }
        }
        upload(orders.toString().getBytes(StandardCharsets.UTF_8), "orders.csv", "Orders");
    }

    record Order(LocalDate day, String plan, long signups, double revenue) {
    }

    final List<Order> orders = new ArrayList<>();

    /** The whole days (today left out) whose denials stand more than 3.5 robust deviations above the median day: the attack, found here. */
    List<LocalDate> attackDays() {
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        Map<LocalDate, Long> denied = new TreeMap<>();
        TrafficGenerator generator = new TrafficGenerator(20261125L, 200_000, SandboxProcess.NOW);
        new TrafficStore(new SandboxWorld(Clock.fixed(SandboxProcess.NOW, ZoneOffset.UTC)), generator).of("acme-prod").stream()
                .filter(d -> d.conclusion() == Conclusion.DENY).forEach(d -> denied.merge(LocalDate.ofInstant(d.timestamp(), ZoneOffset.UTC), 1L, Long::sum));
        List<Map.Entry<LocalDate, Long>> days = denied.entrySet().stream().filter(e -> e.getKey().isBefore(today) && !e.getKey().isBefore(today.minusDays(29))).toList();
        List<Double> values = days.stream().map(e -> (double) e.getValue()).sorted().toList();
        double median = values.size() % 2 == 1 ? values.get(values.size() / 2) : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
        List<Double> deviations = values.stream().map(v -> Math.abs(v - median)).sorted().toList();
        double mad = deviations.size() % 2 == 1 ? deviations.get(deviations.size() / 2) : (deviations.get(deviations.size() / 2 - 1) + deviations.get(deviations.size() / 2)) / 2;
        return days.stream().filter(e -> 0.6745 * (e.getValue() - median) / mad > 3.5).map(Map.Entry::getKey).toList();
    }

    JsonNode ask(String question) throws Exception {
        return api.json("POST", "/api/analyses", JsonMapper.shared().writeValueAsString(Map.of("question", question)));
    }

    JsonNode upload(byte[] content, String fileName, String name) throws Exception {
        HttpResponse<String> response = uploadRaw(content, fileName, name, "/api/datasources/files");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JsonMapper.shared().readTree(response.body());
    }

    HttpResponse<String> uploadRaw(byte[] content, String fileName, String name, String path) throws Exception {
        String boundary = "----sightline" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        parts.add(content);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChangeOfSeveralColumnsWithOneThatDoesNotFitChangesNone() throws Exception {
        long ordersId = 0;
        for (JsonNode s : api.json("GET", "/api/datasources", null)) {
            if (s.path("name").asString().equals("Orders")) {
                ordersId = s.path("id").asLong();
            }
        }
        String path = "/api/datasources/" + ordersId + "/tables/orders";
        HttpResponse<String> refused = api.send("PATCH", path, "{\"columns\":{\"signups\":{\"type\":\"double\",\"synonyms\":[\"sign-ups\"]},"
                + "\"plan\":{\"type\":\"bigint\"}}}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("of column plan").contains("is not a whole number");
        JsonNode orders = api.json("GET", "/api/datasources/" + ordersId, null).path("tables").get(0);
        assertThat(orders.path("columns").findValuesAsString("type")).as("nothing changed").containsExactly("DATE", "VARCHAR", "BIGINT", "DOUBLE");
        assertThat(orders.toString()).doesNotContain("sign-ups");
        assertThat(api.send("PATCH", path, "{\"columns\":{\"no such column\":{\"synonyms\":[\"x\"]}}}").statusCode()).isEqualTo(400);
        // Other names too long or too many are refused, not dropped while "saved" is said.
        HttpResponse<String> tooLong = api.send("PATCH", path, "{\"columns\":{\"plan\":{\"synonyms\":[\"" + "p".repeat(61) + "\"]}}}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("longer than 60 characters");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"name ").append(i).append("\"");
        }
        assertThat(api.send("PATCH", path, "{\"columns\":{\"plan\":{\"synonyms\":[" + many + "]}}}").body()).contains("up to 20 other names");
    }

    @Test
    void theUploadIsADataSourceWithItsTypesRead() throws Exception {
        JsonNode source = api.json("GET", "/api/datasources/" + file, null);
        assertThat(source.path("kind").asString()).isEqualTo("file");
        JsonNode table = source.path("tables").get(0);
        assertThat(table.path("rows").asLong()).isEqualTo(signups.size());
        assertThat(table.path("timeColumn").asString()).isEqualTo("date");
        assertThat(table.path("columns").findValuesAsString("type")).containsExactly("DATE", "BIGINT", "BIGINT");
        List<String> kinds = new ArrayList<>();
        api.json("GET", "/api/datasources", null).forEach(s -> kinds.add(s.path("kind").asString()));
        assertThat(kinds).contains("mcp", "file");
    }

    @Test
    void signupsPerDayComeFromTheFile() throws Exception {
        JsonNode a = ask("signups per day in the last 7 days");
        assertThat(a.path("plan").path("query").path("type").asString()).isEqualTo("table");
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        long expected = signups.entrySet().stream().filter(e -> !e.getKey().isBefore(today.minusDays(6))).mapToLong(Map.Entry::getValue).sum();
        JsonNode rows = a.path("table").path("rows");
        long shown = 0;
        for (JsonNode row : rows) {
            assertThat(row.get(1).asLong()).isEqualTo(signups.get(LocalDate.parse(row.get(0).asString())));
            shown += row.get(1).asLong();
        }
        // "The last 7 days" ends now and starts seven days back, inside a day: a file of dates counts the seven whole dates, today's included.
        assertThat(shown).isEqualTo(expected);
        assertThat(a.path("answer").path("text").asString()).contains(Formats.number(expected));
        assertThat(a.path("steps").get(0).path("tool").asString()).isEqualTo("sql");
        // Orders has a signups column too: the answer says which one it took.
        assertThat(a.path("understood").toString()).contains("acme-signups.signups of Acme sign-ups", "also in orders.signups of Orders");
        assertThat(a.path("figures").get(0).path("provenance").path("arguments").path("statement").asString()).contains("sum(\"signups\")");
    }

    @Test
    void totalSignupsWithoutAPeriodCountEveryRow() throws Exception {
        JsonNode a = ask("How many sign-ups in total?");
        long all = signups.values().stream().mapToLong(Long::longValue).sum();
        assertThat(a.path("chart").path("metric").path("value").asLong()).isEqualTo(all);
    }

    @Test
    void revenueOnTheAttackDaysAgainstTheOtherDays() throws Exception {
        JsonNode a = ask("What was our revenue on the days we were attacked vs the other days?");
        assertThat(a.path("plan").path("query").path("relation").asString()).isEqualTo("split");
        List<LocalDate> attack = attackDays();
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        Map<LocalDate, Double> revenue = new TreeMap<>();
        orders.stream().filter(o -> o.day().isBefore(today)).forEach(o -> revenue.merge(o.day(), o.revenue(), Double::sum));
        double onAttack = attack.stream().mapToDouble(d -> revenue.getOrDefault(d, 0.0)).average().orElseThrow();
        double onOthers = revenue.entrySet().stream().filter(e -> !attack.contains(e.getKey())).mapToDouble(Map.Entry::getValue).average().orElseThrow();
        Map<String, Double> figures = new java.util.HashMap<>();
        a.path("figures").forEach(f -> figures.put(f.path("label").asString(), f.path("value").asDouble()));
        assertThat(figures.get("revenue per day on attack days")).isCloseTo(onAttack, org.assertj.core.data.Offset.offset(0.01));
        assertThat(figures.get("revenue per day on other days")).isCloseTo(onOthers, org.assertj.core.data.Offset.offset(0.01));
        assertThat(figures.get("attack days")).isEqualTo(attack.size());
    }

    @Test
    void thePlanWhoseSignupsFellMostDuringTheCampaign() throws Exception {
        JsonNode a = ask("which plan's signups dropped most during the campaign?");
        assertThat(a.path("plan").path("query").path("business").path("groupBy").asString()).isEqualTo("plan");
        List<LocalDate> attack = attackDays();
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        String fellMost = null;
        double worst = Double.MAX_VALUE;
        for (String plan : List.of("free", "pro", "team")) {
            double during = orders.stream().filter(o -> o.plan().equals(plan) && attack.contains(o.day())).mapToLong(Order::signups).average().orElseThrow();
            double usual = orders.stream().filter(o -> o.plan().equals(plan) && !attack.contains(o.day()) && o.day().isBefore(today))
                    .mapToLong(Order::signups).average().orElseThrow();
            if ((during - usual) / usual < worst) {
                worst = (during - usual) / usual;
                fellMost = plan;
            }
        }
        JsonNode first = a.path("figures").get(0);
        assertThat(first.path("label").asString()).isEqualTo("fell most");
        assertThat(first.path("value").asString()).isEqualTo(fellMost);
        assertThat(a.path("answer").path("text").asString()).contains(fellMost);
    }

    @Test
    void revenueThisQuarterByPlanIsAddedUpByTheEngine() throws Exception {
        JsonNode a = ask("total revenue this quarter by plan");
        assertThat(a.path("plan").path("query").path("groupBy").asString()).isEqualTo("plan");
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        LocalDate quarter = LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1);
        Map<String, Double> expected = new TreeMap<>();
        orders.stream().filter(o -> !o.day().isBefore(quarter) && !o.day().isAfter(today)).forEach(o -> expected.merge(o.plan(), o.revenue(), Double::sum));
        Map<String, Double> shown = new TreeMap<>();
        a.path("table").path("rows").forEach(r -> shown.put(r.get(0).asString(), r.get(1).asDouble()));
        assertThat(shown.keySet()).isEqualTo(expected.keySet());
        expected.forEach((plan, sum) -> assertThat(shown.get(plan)).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.01)));
        assertThat(a.path("chart").path("kind").asString()).isEqualTo("bar");
    }

    @Test
    void signupsBesideBotDenialsPerDay() throws Exception {
        JsonNode a = ask("signups vs bot denials per day");
        assertThat(a.path("plan").path("query").path("type").asString()).isEqualTo("paired");
        assertThat(a.path("plan").path("query").path("vendor").path("filters").path("reason").asString()).isEqualTo("BOT");
        for (JsonNode row : a.path("table").path("rows")) {
            assertThat(row.get(2).asLong()).isEqualTo(signups.get(LocalDate.parse(row.get(0).asString())));
        }
    }

    @Test
    void tilesOfBothKindsRefreshAndAFileAddedAgainKeepsItsTiles() throws Exception {
        JsonNode visits = upload("day,visits\n2026-11-20,10\n2026-11-21,20\n".getBytes(StandardCharsets.UTF_8), "visits.csv", "Visits");
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Attack and business\"}").path("id").asLong();
        JsonNode paired = ask("Did denial rates spike before the signup drop?");
        JsonNode total = ask("total visits");
        assertThat(total.path("chart").path("metric").path("value").asLong()).isEqualTo(30);
        for (JsonNode analysis : List.of(paired, total)) {
            api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + analysis.path("id").asString() + "\"}");
        }
        // The same file added again with other numbers: the source keeps its id, so the tile reads the new data.
        HttpResponse<String> again = uploadRaw("day,visits\n2026-11-20,5\n2026-11-21,7\n2026-11-22,100\n".getBytes(StandardCharsets.UTF_8), "visits.csv", "",
                "/api/datasources/" + visits.path("id").asLong() + "/file");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode tiles = api.json("POST", "/api/dashboards/" + dashboard + "/refresh", null).path("tiles");
        assertThat(tiles.size()).isEqualTo(2);
        JsonNode pairedTile = tiles.get(0).path("analysis");
        assertThat(pairedTile.path("status").asString()).isEqualTo("ANSWERED");
        assertThat(pairedTile.path("figures").findValuesAsString("label")).contains("spike day", "drop day");
        assertThat(pairedTile.path("steps").findValuesAsString("tool")).contains("analyze-traffic", "sql");
        assertThat(tiles.get(1).path("analysis").path("chart").path("metric").path("value").asLong()).isEqualTo(112);
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.sightline.source.DataSources dataSources;

    @Test
    void anotherWorkspacesUserReachesNeitherTheFileNorItsRows() throws Exception {
        // Another workspace's owner, as the security layer would hand them in: every lookup is by workspace and user.
        var stranger = new dev.sightline.account.SightlineUser(4242, 4242, "eve@example.com", "Eve", dev.sightline.account.Role.OWNER, "x");
        assertThat(dataSources.list(stranger)).isEmpty();
        assertThat(dataSources.find(stranger, file)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dataSources.aggregate(stranger, file,
                        new dev.sightline.source.DataSources.Aggregate("acme-signups", "signups", "sum", null, null, null, null, ZoneOffset.UTC)))
                .isInstanceOf(dev.sightline.source.DataSources.ToolCallException.class).hasMessageContaining("No such data source");
        // Its owner's API token reads it.
        assertThat(api.json("GET", "/api/datasources/" + file, null).path("kind").asString()).isEqualTo("file");
    }

    @Test
    void aDatabaseOnThisMachineOrAtTheCloudMetadataAddressIsRefused() throws Exception {
        for (String host : List.of("127.0.0.1", "localhost", "[::1]", "169.254.169.254")) {
            HttpResponse<String> refused = api.send("POST", "/api/datasources/databases", JsonMapper.shared().writeValueAsString(Map.of(
                    "host", host, "port", 5432, "database", "postgres", "user", "postgres", "password", "x", "sslMode", "disable")));
            assertThat(refused.statusCode()).as(host).isEqualTo(400);
            assertThat(refused.body()).as(host).contains("not allowed for a database");
        }
    }

    @Test
    void aBrokenFileIsRefusedWithItsRowAndNothingIsAdded() throws Exception {
        int before = api.json("GET", "/api/datasources", null).size();
        HttpResponse<String> ragged = uploadRaw("day,visits\n2026-11-20,10\n2026-11-21,20,5\n".getBytes(StandardCharsets.UTF_8), "ragged.csv", "Ragged",
                "/api/datasources/files");
        assertThat(ragged.statusCode()).isEqualTo(400);
        assertThat(ragged.body()).contains("Row 3 has 3 values", "Nothing was added");
        HttpResponse<String> binary = uploadRaw(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff, (byte) 0xfe}, "picture.csv", "Picture",
                "/api/datasources/files");
        assertThat(binary.statusCode()).isEqualTo(400);
        assertThat(binary.body()).contains("not UTF-8 text");
        assertThat(api.json("GET", "/api/datasources", null).size()).isEqualTo(before);
    }

    @Test
    void didDenialRatesSpikeBeforeTheSignupDrop() throws Exception {
        JsonNode a = ask("Did denial rates spike before the signup drop?");
        assertThat(a.path("plan").path("query").path("type").asString()).isEqualTo("paired");
        Map<String, JsonNode> figures = new java.util.HashMap<>();
        a.path("figures").forEach(f -> figures.put(f.path("label").asString(), f.path("value")));
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, ZoneOffset.UTC);
        // Counted here: the first whole day whose denial rate is more than twice the median day's, and the first day
        // whose sign-ups fall below three quarters of the median of the same kind of day (weekday, weekend) before it.
        List<Double> rates = denialRate.entrySet().stream().filter(e -> e.getKey().isBefore(today)).map(Map.Entry::getValue).sorted().toList();
        double medianRate = rates.get(rates.size() / 2);
        LocalDate spike = denialRate.entrySet().stream().filter(e -> e.getKey().isBefore(today) && e.getValue() > 2 * medianRate).findFirst().orElseThrow().getKey();
        LocalDate drop = null;
        for (LocalDate day : signups.keySet()) {
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            List<Long> before = signups.entrySet().stream().filter(e -> e.getKey().isBefore(day) && (e.getKey().getDayOfWeek().getValue() >= 6) == weekend)
                    .map(Map.Entry::getValue).sorted().toList();
            if (day.isBefore(today) && before.size() >= 3 && signups.get(day) < 0.75 * before.get(before.size() / 2)) {
                drop = day;
                break;
            }
        }
        assertThat(spike).isEqualTo(attackDay);
        assertThat(figures.get("spike day").asString()).isEqualTo(spike.toString());
        assertThat(figures.get("drop day").asString()).isEqualTo(String.valueOf(drop));
        assertThat(figures.get("lag in days").asLong()).isEqualTo(java.time.temporal.ChronoUnit.DAYS.between(spike, drop));
        assertThat(figures.get("correlation").asDouble()).isNegative();
        assertThat(figures.get("denial rate on the spike day").asDouble()).isCloseTo(denialRate.get(spike), org.assertj.core.data.Offset.offset(0.01));
        assertThat(figures.get("signups on the drop day").asLong()).isEqualTo(signups.get(drop));
        assertThat(a.path("chart").path("kind").asString()).isEqualTo("two-axes");
        // The table holds both columns per day, as counted here and as in the file.
        for (JsonNode row : a.path("table").path("rows")) {
            LocalDate day = LocalDate.parse(row.get(0).asString());
            assertThat(row.get(1).asDouble()).isCloseTo(denialRate.get(day), org.assertj.core.data.Offset.offset(0.01));
            assertThat(row.get(2).asLong()).isEqualTo(signups.get(day));
        }
        assertThat(a.path("answer").path("text").asString()).contains("spiked on", "dropped");
        assertThat(a.path("steps").findValuesAsString("tool")).contains("analyze-traffic", "sql");
        assertThat(a.path("pinnable").asBoolean()).isTrue();
    }
}
