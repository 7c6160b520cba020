package dev.sightline.sandbox.traffic;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * One pass over a site's requests in a time window, counting everything the read tools report.
 * Optional filters narrow the requests counted (a conclusion, a reason, a path, an IP address).
 */
public final class TrafficScan {

    public record Filter(Conclusion conclusion, Reason reason, String path, String ip) {
        public static final Filter NONE = new Filter(null, null, null, null);
    }

    /** A ranked item: a path, an IP, a bot... with its request and denial counts. */
    public record Count(String key, long requests, long denied) {
    }

    private final SiteTraffic traffic;
    public final long total;
    public final long[] byConclusion = new long[Conclusion.values().length];
    public final long[] deniedByReason = new long[Reason.values().length];
    private final long[] byPath;
    private final long[] deniedByPath;
    private final long[] byIp;
    private final long[] deniedByIp;
    private final long[] byBot;
    private final long[] dryRunByRule;
    private final long[] dryRunByIp;
    public final long[] dryRunByReason = new long[Reason.values().length];
    private final Map<String, Long> byCountry = new TreeMap<>();
    private final Map<LocalDate, long[]> byDay = new TreeMap<>();

    public TrafficScan(SiteTraffic traffic, Instant start, Instant end, Filter filter) {
        this.traffic = traffic;
        byPath = new long[traffic.paths.size()];
        deniedByPath = new long[traffic.paths.size()];
        byIp = new long[traffic.ips.size()];
        deniedByIp = new long[traffic.ips.size()];
        byBot = new long[traffic.bots.size()];
        dryRunByRule = new long[traffic.rules.size()];
        dryRunByIp = new long[traffic.ips.size()];
        int pathFilter = filter.path() == null ? -1 : traffic.paths.indexOf(filter.path());
        int ipFilter = filter.ip() == null ? -1 : indexOfIp(filter.ip());
        boolean impossible = (filter.path() != null && pathFilter < 0) || (filter.ip() != null && ipFilter < 0);
        long[] countryCounts = new long[traffic.ips.size()];
        long count = 0;
        int from = traffic.indexAt(start);
        int to = traffic.indexAt(end);
        for (int i = impossible ? to : from; i < to; i++) {
            if (filter.conclusion() != null && traffic.conclusion[i] != filter.conclusion().ordinal()) {
                continue;
            }
            if (filter.reason() != null && traffic.reason[i] != filter.reason().ordinal()
                    && traffic.dryRunReason[i] != filter.reason().ordinal()) {
                continue;
            }
            if (pathFilter >= 0 && traffic.path[i] != pathFilter) {
                continue;
            }
            if (ipFilter >= 0 && traffic.ip[i] != ipFilter) {
                continue;
            }
            count++;
            byConclusion[traffic.conclusion[i]]++;
            boolean denied = traffic.conclusion[i] == Conclusion.DENY.ordinal();
            byPath[traffic.path[i]]++;
            byIp[traffic.ip[i]]++;
            countryCounts[traffic.ip[i]]++;
            if (denied) {
                deniedByReason[traffic.reason[i]]++;
                deniedByPath[traffic.path[i]]++;
                deniedByIp[traffic.ip[i]]++;
            }
            if (traffic.bot[i] >= 0) {
                byBot[traffic.bot[i]]++;
            }
            if (traffic.dryRunRule[i] >= 0) {
                dryRunByRule[traffic.dryRunRule[i]]++;
                dryRunByIp[traffic.ip[i]]++;
                dryRunByReason[traffic.dryRunReason[i]]++;
            }
            if (ipFilter >= 0) {
                long[] day = byDay.computeIfAbsent(LocalDate.ofInstant(Instant.ofEpochMilli(traffic.time[i]), ZoneOffset.UTC), d -> new long[2]);
                day[0]++;
                if (denied) {
                    day[1]++;
                }
            }
        }
        total = count;
        for (int ip = 0; ip < countryCounts.length; ip++) {
            if (countryCounts[ip] > 0) {
                byCountry.merge(traffic.ips.get(ip).country(), countryCounts[ip], Long::sum);
            }
        }
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
        return top(byIp, deniedByIp, i -> traffic.ips.get(i).address(), limit);
    }

    public List<Count> topDeniedIps(int limit) {
        return top(deniedByIp, deniedByIp, i -> traffic.ips.get(i).address(), limit);
    }

    public List<Count> bots() {
        return top(byBot, new long[byBot.length], i -> traffic.bots.get(i).name(), Integer.MAX_VALUE);
    }

    public List<Count> dryRunByRule() {
        return top(dryRunByRule, dryRunByRule, traffic.rules::get, Integer.MAX_VALUE);
    }

    public List<Count> topDryRunIps(int limit) {
        return top(dryRunByIp, dryRunByIp, i -> traffic.ips.get(i).address(), limit);
    }

    public Map<String, Long> byCountry() {
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
        int i = indexOfIp(address);
        return i < 0 ? null : traffic.ips.get(i);
    }

    /** Among the requests counted, those a DRY_RUN rule would have blocked that look like people. */
    public long dryRunLikelyHuman() {
        long humans = 0;
        for (int ip = 0; ip < dryRunByIp.length; ip++) {
            IpProfile profile = traffic.ips.get(ip);
            if (dryRunByIp[ip] > 0 && !profile.networkType().equals("HOSTING") && !profile.networkType().equals("TOR")) {
                humans += dryRunByIp[ip];
            }
        }
        return humans;
    }

    private int indexOfIp(String address) {
        String wanted = address.trim().toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < traffic.ips.size(); i++) {
            if (traffic.ips.get(i).address().equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Count> top(long[] counts, long[] denied, IntFunction<String> key, int limit) {
        List<Count> result = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                result.add(new Count(key.apply(i), counts[i], denied[i]));
            }
        }
        result.sort(Comparator.comparingLong(Count::requests).reversed().thenComparing(Count::key));
        return result.size() > limit ? result.subList(0, limit) : result;
    }
}
