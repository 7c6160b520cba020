package dev.sightline.sandbox.traffic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Everything the read tools report about a site's requests in a time window, counted from the
 * site's {@link HourBuckets}: the cost depends on the number of kinds and addresses, not of
 * requests. Optional filters narrow the requests counted (a conclusion, a reason, an IP address).
 */
public final class TrafficScan {

    /**
     * {@code reason} counts a request decided for that reason or flagged for it by a DRY_RUN rule;
     * {@code ip} counts the first client with that address.
     */
    public record Filter(Conclusion conclusion, Reason reason, String ip) {
        public static final Filter NONE = new Filter(null, null, null);

        boolean matches(Conclusion c, Reason r, Reason dryRun) {
            return (conclusion == null || c == conclusion) && (reason == null || r == reason || dryRun == reason);
        }
    }

    /** A ranked item: a path, an IP, a bot... with its request and denial counts. */
    public record Count(String key, long requests, long denied) {
    }

    private final SiteTraffic traffic;
    private final Filter filter;
    private final HourBuckets.Split window;
    public final long total;
    public final long[] byConclusion = new long[Conclusion.values().length];
    public final long[] deniedByReason = new long[Reason.values().length];
    public final long[] dryRunByReason = new long[Reason.values().length];
    private final long[] byPath;
    private final long[] deniedByPath;
    private final long[] byBot;
    private final long[] dryRunByRule;
    private final Map<LocalDate, long[]> byDay = new TreeMap<>();
    /** The one address counted, or -1 when the scan counts all of them. */
    private final int ipFilter;
    private long count;
    private long flagged;
    /** The verdicts the filter lets through, and of those the denied and the flagged ones. */
    private final boolean[] counted = new boolean[256];
    private final boolean[] deniedVerdicts = new boolean[256];
    private final boolean[] flaggedVerdicts = new boolean[256];
    /** Per client, each counted on first use: only some tools rank clients, and each ranks them by one count. */
    private long[] byIp;
    private long[] deniedByIp;
    private long[] dryRunByIp;

    public TrafficScan(SiteTraffic traffic, Instant start, Instant end, Filter filter) {
        this.traffic = traffic;
        this.filter = filter;
        this.window = traffic.buckets.split(traffic.indexAt(start), traffic.indexAt(end));
        byPath = new long[traffic.paths.size()];
        deniedByPath = new long[traffic.paths.size()];
        byBot = new long[traffic.bots.size()];
        dryRunByRule = new long[traffic.rules.size()];
        for (int verdict = 0; verdict < 256; verdict++) {
            Conclusion conclusion = RequestKind.conclusionOf(verdict);
            Reason dryRunReason = RequestKind.dryRunReasonOf(verdict);
            counted[verdict] = filter.matches(conclusion, RequestKind.reasonOf(verdict), dryRunReason);
            deniedVerdicts[verdict] = counted[verdict] && conclusion == Conclusion.DENY;
            flaggedVerdicts[verdict] = counted[verdict] && dryRunReason != Reason.NONE;
        }
        if (filter.ip() == null) {
            ipFilter = -1;
            int[] kinds = traffic.buckets.kindCounts(window);
            for (int k = 0; k < kinds.length; k++) {
                if (kinds[k] > 0) {
                    add(traffic.kinds[k], kinds[k]);
                }
            }
        } else {
            ipFilter = traffic.indexOfIp(filter.ip().trim().toLowerCase(Locale.ROOT));
            if (ipFilter >= 0) {
                // Summed per kind first: the busiest client has thousands of entries, and some thirty kinds.
                long[] kinds = new long[traffic.kinds.length];
                Days days = new Days();
                traffic.buckets.forEachOfIp(ipFilter, window, (kind, day, requests) -> {
                    kinds[kind] += requests;
                    int verdict = traffic.kinds[kind].verdict();
                    if (counted[verdict]) {
                        days.add(day, requests, deniedVerdicts[verdict]);
                    }
                });
                for (int k = 0; k < kinds.length; k++) {
                    if (kinds[k] > 0) {
                        add(traffic.kinds[k], kinds[k]);
                    }
                }
                days.all.forEach((day, counts) -> byDay.put(LocalDate.ofEpochDay(day), counts));
            }
        }
        total = count;
    }

    private boolean add(RequestKind k, long requests) {
        if (!filter.matches(k.conclusion(), k.reason(), k.dryRunReason())) {
            return false;
        }
        count += requests;
        byConclusion[k.conclusion().ordinal()] += requests;
        byPath[k.path()] += requests;
        if (k.denied()) {
            deniedByReason[k.reason().ordinal()] += requests;
            deniedByPath[k.path()] += requests;
        }
        if (k.bot() >= 0) {
            byBot[k.bot()] += requests;
        }
        if (k.flagged()) {
            dryRunByRule[k.dryRunRule()] += requests;
            dryRunByReason[k.dryRunReason().ordinal()] += requests;
            flagged += requests;
        }
        return true;
    }

    /** Requests and denials per UTC day; the counts come day by day, mostly, so the day at hand is kept at hand. */
    private static final class Days {
        final Map<Long, long[]> all = new TreeMap<>();
        private long current = Long.MIN_VALUE;
        private long[] counts;

        void add(long day, long requests, boolean denied) {
            if (day != current) {
                current = day;
                counts = all.computeIfAbsent(day, d -> new long[2]);
            }
            counts[0] += requests;
            if (denied) {
                counts[1] += requests;
            }
        }
    }

    /** Requests per client of the verdicts marked; for a scan of one client, that client's own. */
    private long[] perClient(boolean[] verdicts, long ownCount) {
        if (filter.ip() == null) {
            return traffic.buckets.perClient(window, verdicts);
        }
        long[] counts = new long[traffic.ips.size()];
        if (ipFilter >= 0) {
            counts[ipFilter] = ownCount;
        }
        return counts;
    }

    private long[] byIp() {
        if (byIp == null) {
            byIp = perClient(counted, total);
        }
        return byIp;
    }

    private long[] deniedByIp() {
        if (deniedByIp == null) {
            deniedByIp = perClient(deniedVerdicts, denied());
        }
        return deniedByIp;
    }

    private long[] dryRunByIp() {
        if (dryRunByIp == null) {
            dryRunByIp = perClient(flaggedVerdicts, flagged);
        }
        return dryRunByIp;
    }

    public long count(Conclusion conclusion) {
        return byConclusion[conclusion.ordinal()];
    }

    public long denied() {
        return count(Conclusion.DENY);
    }

    public double denialRate() {
        return total == 0 ? 0 : (double) denied() / total;
    }

    public List<Count> topPaths(int limit) {
        return top(byPath, deniedByPath, traffic.paths::get, limit);
    }

    public List<Count> topIps(int limit) {
        return top(byIp(), deniedByIp(), i -> traffic.ips.get(i).address(), limit);
    }

    public List<Count> topDeniedIps(int limit) {
        return top(deniedByIp(), deniedByIp(), i -> traffic.ips.get(i).address(), limit);
    }

    /** The most denied clients among those whose address no request denied in the {@code earlier} scan. */
    public List<Count> topNewlyDeniedIps(TrafficScan earlier, int limit) {
        long[] denied = deniedByIp().clone();
        long[] deniedBefore = earlier.deniedByIp();
        for (int ip = 0; ip < denied.length; ip++) {
            if (denied[ip] > 0) {
                for (int same : traffic.indexesOfIp(traffic.ips.get(ip).address())) {
                    if (deniedBefore[same] > 0) {
                        denied[ip] = 0;
                    }
                }
            }
        }
        return top(denied, denied, i -> traffic.ips.get(i).address(), limit);
    }

    public List<Count> bots() {
        return top(byBot, new long[byBot.length], i -> traffic.bots.get(i).name(), Integer.MAX_VALUE);
    }

    public List<Count> dryRunByRule() {
        return top(dryRunByRule, dryRunByRule, traffic.rules::get, Integer.MAX_VALUE);
    }

    public List<Count> topDryRunIps(int limit) {
        return top(dryRunByIp(), dryRunByIp(), i -> traffic.ips.get(i).address(), limit);
    }

    /** Requests per country of the client, by country code. */
    public Map<String, Long> byCountry() {
        long[] perCountry;
        if (filter.ip() == null) {
            perCountry = traffic.buckets.perCountry(window, counted);
        } else {
            perCountry = new long[traffic.countries.size()];
            if (ipFilter >= 0) {
                perCountry[traffic.countryOfIp[ipFilter]] = total;
            }
        }
        Map<String, Long> byCountry = new TreeMap<>();
        for (int c = 0; c < perCountry.length; c++) {
            if (perCountry[c] > 0) {
                byCountry.put(traffic.countries.get(c), perCountry[c]);
            }
        }
        return byCountry;
    }

    /** Per UTC day: requests and denials; only filled when the scan is filtered to one IP. */
    public Map<LocalDate, long[]> byDay() {
        return byDay;
    }

    public Bot bot(String name) {
        return traffic.bots.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    }

    public IpProfile ip(String address) {
        int i = traffic.indexOfIp(address.trim().toLowerCase(Locale.ROOT));
        return i < 0 ? null : traffic.ips.get(i);
    }

    /** Among the requests counted, those a DRY_RUN rule would have blocked that look like people. */
    public long dryRunLikelyHuman() {
        long[] dryRunByIp = dryRunByIp();
        long humans = 0;
        for (int ip = 0; ip < dryRunByIp.length; ip++) {
            if (dryRunByIp[ip] > 0) {
                IpProfile profile = traffic.ips.get(ip);
                if (!profile.networkType().equals("HOSTING") && !profile.networkType().equals("TOR")) {
                    humans += dryRunByIp[ip];
                }
            }
        }
        return humans;
    }

    /**
     * The items with a count, most requests first, then by key, then by position (two addresses
     * can be the same text): a bounded heap, since ranking twenty thousand addresses to show ten
     * would cost more than counting them.
     */
    private static List<Count> top(long[] counts, long[] denied, IntFunction<String> key, int limit) {
        Comparator<Integer> order = (a, b) -> {
            if (counts[a] != counts[b]) {
                return counts[a] > counts[b] ? -1 : 1;
            }
            int byKey = key.apply(a).compareTo(key.apply(b));
            return byKey != 0 ? byKey : Integer.compare(a, b);
        };
        PriorityQueue<Integer> kept = new PriorityQueue<>(order.reversed());
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                if (kept.size() < limit) {
                    kept.add(i);
                } else if (order.compare(i, kept.peek()) < 0) {
                    kept.poll();
                    kept.add(i);
                }
            }
        }
        List<Integer> ranked = new ArrayList<>(kept);
        ranked.sort(order);
        List<Count> result = new ArrayList<>(ranked.size());
        for (int i : ranked) {
            result.add(new Count(key.apply(i), counts[i], denied[i]));
        }
        return result;
    }
}
