package dev.sightline.sandbox.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.sandbox.world.Site;
import org.junit.jupiter.api.Test;

/**
 * The counts read from the hour buckets against plain counts over the requests, for random
 * windows: inside one hour, across many, on hour boundaries, one millisecond wide, and beyond the
 * data at either end.
 */
class HourBucketsTests {

    static final Instant NOW = Instant.parse("2026-11-20T15:30:07Z");
    static final SiteTraffic TRAFFIC = generate();
    static final List<RequestDecision> ALL = TRAFFIC.stream().toList();

    static SiteTraffic generate() {
        SandboxWorld world = new SandboxWorld(Clock.fixed(NOW, ZoneOffset.UTC));
        Site prod = world.allSites().get(0);
        return new TrafficGenerator(11, 40_000, NOW).generate(prod, world.initialRules(prod.id()), 1);
    }

    static List<Instant[]> windows() {
        SplittableRandom random = new SplittableRandom(5);
        Instant first = ALL.get(0).timestamp();
        Instant hour = first.plus(Duration.ofHours(30)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        List<Instant[]> windows = new ArrayList<>();
        windows.add(new Instant[] {first.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(1))});
        windows.add(new Instant[] {hour, hour.plus(Duration.ofHours(5))});
        windows.add(new Instant[] {hour.plusMillis(1), hour.plus(Duration.ofMinutes(59))});
        windows.add(new Instant[] {NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(40))});
        windows.add(new Instant[] {NOW, NOW.plus(Duration.ofHours(1))});
        Instant some = ALL.get(ALL.size() / 2).timestamp();
        windows.add(new Instant[] {some, some.plusMillis(1)});
        for (int i = 0; i < 60; i++) {
            long start = first.toEpochMilli() - 7_200_000 + random.nextLong(Duration.ofDays(31).toMillis());
            long length = i % 3 == 0 ? random.nextLong(7_200_000) : random.nextLong(Duration.ofDays(12).toMillis());
            windows.add(new Instant[] {Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + length)});
        }
        return windows;
    }

    static List<RequestDecision> between(Instant start, Instant end, Predicate<RequestDecision> filter) {
        return ALL.stream().filter(d -> !d.timestamp().isBefore(start) && d.timestamp().isBefore(end) && filter.test(d)).toList();
    }

    static <K> Map<K, Long> countBy(List<RequestDecision> requests, Function<RequestDecision, K> key) {
        return requests.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    /** Counts ranked per address or name, summed by key (two clients may share an address). */
    static Map<String, Long> summed(List<TrafficScan.Count> counts, Function<TrafficScan.Count, Long> value) {
        return counts.stream().collect(Collectors.groupingBy(TrafficScan.Count::key, TreeMap::new, Collectors.summingLong(value::apply)));
    }

    @Test
    void windowCountsMatchTheRequests() {
        Conclusion[] conclusions = {null, Conclusion.DENY, Conclusion.ALLOW, Conclusion.CHALLENGE};
        Reason[] reasons = {null, Reason.BOT, Reason.FILTER, Reason.RATE_LIMIT, Reason.NONE};
        int n = 0;
        for (Instant[] window : windows()) {
            Conclusion conclusion = conclusions[n % conclusions.length];
            Reason reason = reasons[n++ / conclusions.length % reasons.length];
            Predicate<RequestDecision> matches = d -> (conclusion == null || d.conclusion() == conclusion)
                    && (reason == null || d.reason() == reason || d.dryRunReason() == reason);
            List<RequestDecision> expected = between(window[0], window[1], matches);
            TrafficScan scan = new TrafficScan(TRAFFIC, window[0], window[1], new TrafficScan.Filter(conclusion, reason, null));
            String what = window[0] + ".." + window[1] + " " + conclusion + " " + reason;

            assertThat(scan.total).as(what).isEqualTo(expected.size());
            for (Conclusion c : Conclusion.values()) {
                assertThat(scan.count(c)).as(what).isEqualTo(expected.stream().filter(d -> d.conclusion() == c).count());
            }
            for (Reason r : Reason.values()) {
                assertThat(scan.deniedByReason[r.ordinal()]).as(what).isEqualTo(expected.stream().filter(d -> d.denied() && d.reason() == r).count());
                assertThat(scan.dryRunByReason[r.ordinal()]).as(what)
                        .isEqualTo(expected.stream().filter(d -> d.dryRunRuleId() != null && d.dryRunReason() == r).count());
            }
            List<RequestDecision> denied = expected.stream().filter(RequestDecision::denied).toList();
            List<RequestDecision> flagged = expected.stream().filter(d -> d.dryRunRuleId() != null).toList();
            assertThat(summed(scan.topPaths(Integer.MAX_VALUE), TrafficScan.Count::requests)).as(what).isEqualTo(countBy(expected, RequestDecision::path));
            assertThat(summed(scan.topPaths(Integer.MAX_VALUE), TrafficScan.Count::denied)).as(what)
                    .isEqualTo(withZeros(countBy(denied, RequestDecision::path), countBy(expected, RequestDecision::path)));
            assertThat(summed(scan.topIps(Integer.MAX_VALUE), TrafficScan.Count::requests)).as(what).isEqualTo(countBy(expected, d -> d.ip().address()));
            assertThat(summed(scan.topDeniedIps(Integer.MAX_VALUE), TrafficScan.Count::denied)).as(what).isEqualTo(countBy(denied, d -> d.ip().address()));
            assertThat(summed(scan.topDryRunIps(Integer.MAX_VALUE), TrafficScan.Count::requests)).as(what).isEqualTo(countBy(flagged, d -> d.ip().address()));
            assertThat(summed(scan.bots(), TrafficScan.Count::requests)).as(what)
                    .isEqualTo(countBy(expected.stream().filter(d -> d.bot() != null).toList(), d -> d.bot().name()));
            assertThat(summed(scan.dryRunByRule(), TrafficScan.Count::requests)).as(what).isEqualTo(countBy(flagged, RequestDecision::dryRunRuleId));
            assertThat(scan.byCountry()).as(what).isEqualTo(countBy(expected, d -> d.ip().country()));
            assertThat(scan.dryRunLikelyHuman()).as(what).isEqualTo(flagged.stream()
                    .filter(d -> !d.ip().networkType().equals("HOSTING") && !d.ip().networkType().equals("TOR")).count());
            List<TrafficScan.Count> top = scan.topIps(5);
            assertThat(top).as(what).isEqualTo(scan.topIps(Integer.MAX_VALUE).subList(0, Math.min(5, top.size())));
        }
    }

    static Map<String, Long> withZeros(Map<String, Long> counts, Map<String, Long> keys) {
        Map<String, Long> all = new TreeMap<>();
        keys.keySet().forEach(k -> all.put(k, counts.getOrDefault(k, 0L)));
        return all;
    }

    @Test
    void oneClientsCountsMatchItsRequests() {
        List<String> addresses = ALL.stream().map(d -> d.ip().address()).distinct()
                .filter(a -> TRAFFIC.indexesOfIp(a).length == 1).toList();
        List<Instant[]> windows = windows();
        for (int i = 0; i < 40; i++) {
            String address = addresses.get(i * 7919 % addresses.size());
            Instant[] window = windows.get(i % windows.size());
            List<RequestDecision> expected = between(window[0], window[1], d -> d.ip().address().equals(address));
            TrafficScan scan = new TrafficScan(TRAFFIC, window[0], window[1], new TrafficScan.Filter(null, null, address));
            String what = address + " " + window[0] + ".." + window[1];
            assertThat(scan.total).as(what).isEqualTo(expected.size());
            assertThat(scan.denied()).as(what).isEqualTo(expected.stream().filter(RequestDecision::denied).count());
            assertThat(summed(scan.topPaths(Integer.MAX_VALUE), TrafficScan.Count::requests)).as(what).isEqualTo(countBy(expected, RequestDecision::path));
            Map<LocalDate, Long> days = new TreeMap<>();
            scan.byDay().forEach((day, counts) -> days.put(day, counts[0]));
            assertThat(days).as(what).isEqualTo(countBy(expected, d -> LocalDate.ofInstant(d.timestamp(), ZoneOffset.UTC)));
        }
    }

    @Test
    void listingFindsEveryMatchNewestFirst() {
        String busy = ALL.get(ALL.size() / 3).ip().address();
        List<RequestFilter> filters = List.of(new RequestFilter(null, null, null, null), new RequestFilter(Conclusion.CHALLENGE, null, null, null),
                new RequestFilter(null, Reason.EMAIL, null, null), new RequestFilter(null, null, "/api/checkout", busy),
                new RequestFilter(null, null, null, busy), new RequestFilter(Conclusion.DENY, Reason.SHIELD, "/.env", null),
                new RequestFilter(null, null, null, "192.0.2.1"));
        for (RequestFilter filter : filters) {
            for (Instant[] window : windows().subList(0, 12)) {
                int from = TRAFFIC.indexAt(window[0]);
                int to = TRAFFIC.indexAt(window[1]);
                List<Integer> expected = new ArrayList<>();
                for (int i = to - 1; i >= from; i--) {
                    RequestDecision d = ALL.get(i);
                    if ((filter.conclusion() == null || d.conclusion() == filter.conclusion())
                            && (filter.reason() == null || d.reason() == filter.reason() || d.dryRunReason() == filter.reason())
                            && (filter.path() == null || d.path().equals(filter.path()))
                            && (filter.ip() == null || d.ip().address().equals(filter.ip()))) {
                        expected.add(i);
                    }
                }
                List<Integer> listed = new ArrayList<>();
                PrimitiveIterator.OfInt matches = TRAFFIC.newestFirst(filter, from, to);
                matches.forEachRemaining((int i) -> listed.add(i));
                assertThat(listed).as(filter + " " + window[0] + ".." + window[1]).isEqualTo(expected);
            }
        }
    }
}
