package dev.sightline.sandbox.traffic;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The generated decisions of one site, sorted by time and stored column by column: a few hundred
 * thousand requests fit in a few megabytes and a full scan takes about a millisecond.
 */
public final class SiteTraffic {

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final long ID_MULTIPLIER = 0x9E3779B1L;
    private static final long ID_INVERSE = modInverse(ID_MULTIPLIER);

    private final String siteId;
    private final String idPrefix;
    final long[] time;
    final short[] path;
    final int[] ip;
    final short[] agent;
    final short[] bot;
    final byte[] method;
    final byte[] conclusion;
    final byte[] reason;
    final short[] rule;
    final byte[] dryRunReason;
    final short[] dryRunRule;
    final List<String> paths;
    final List<IpProfile> ips;
    final List<String> agents;
    final List<Bot> bots;
    final List<String> rules;

    SiteTraffic(String siteId, int siteNumber, long[] time, short[] path, int[] ip, short[] agent, short[] bot, byte[] method,
                byte[] conclusion, byte[] reason, short[] rule, byte[] dryRunReason, short[] dryRunRule,
                List<String> paths, List<IpProfile> ips, List<String> agents, List<Bot> bots, List<String> rules) {
        this.siteId = siteId;
        this.idPrefix = "req_" + Integer.toString(siteNumber, 36) + "_";
        this.time = time;
        this.path = path;
        this.ip = ip;
        this.agent = agent;
        this.bot = bot;
        this.method = method;
        this.conclusion = conclusion;
        this.reason = reason;
        this.rule = rule;
        this.dryRunReason = dryRunReason;
        this.dryRunRule = dryRunRule;
        this.paths = paths;
        this.ips = ips;
        this.agents = agents;
        this.bots = bots;
        this.rules = rules;
    }

    public String siteId() {
        return siteId;
    }

    public int size() {
        return time.length;
    }

    /** Index of the first request at or after {@code instant}. */
    public int indexAt(Instant instant) {
        long t = instant.toEpochMilli();
        int i = Arrays.binarySearch(time, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && time[i - 1] == t) {
            i--;
        }
        return i;
    }

    public RequestDecision get(int i) {
        Conclusion c = Conclusion.values()[conclusion[i]];
        return new RequestDecision(requestId(i), Instant.ofEpochMilli(time[i]), METHODS[method[i]], paths.get(path[i]),
                ips.get(ip[i]), agents.get(agent[i]), bot[i] < 0 ? null : bots.get(bot[i]), c,
                Reason.values()[reason[i]], rule[i] < 0 ? null : rules.get(rule[i]),
                Reason.values()[dryRunReason[i]], dryRunRule[i] < 0 ? null : rules.get(dryRunRule[i]), statusCode(c, i));
    }

    /** Every decision, for ground-truth checks and tests; tools scan the columns instead. */
    public Stream<RequestDecision> stream() {
        return IntStream.range(0, size()).mapToObj(this::get);
    }

    public String requestId(int i) {
        return idPrefix + Long.toString((i * ID_MULTIPLIER) & 0xFFFFFFFFL, 36);
    }

    public Optional<Integer> indexOf(String requestId) {
        if (requestId == null || !requestId.startsWith(idPrefix)) {
            return Optional.empty();
        }
        try {
            long scrambled = Long.parseLong(requestId.substring(idPrefix.length()), 36);
            if (scrambled < 0 || scrambled > 0xFFFFFFFFL) {
                return Optional.empty();
            }
            long i = (scrambled * ID_INVERSE) & 0xFFFFFFFFL;
            return i < size() && requestId(((int) i)).equals(requestId) ? Optional.of((int) i) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private int statusCode(Conclusion c, int i) {
        return switch (c) {
            case ALLOW -> method[i] == 1 && paths.get(path[i]).startsWith("/api/signup") ? 201 : 200;
            case DENY -> reason[i] == Reason.RATE_LIMIT.ordinal() ? 429 : 403;
            case CHALLENGE -> 403;
            case ERROR -> 200;
        };
    }

    private static long modInverse(long a) {
        long inverse = 1;
        for (int k = 0; k < 5; k++) {
            inverse = (inverse * (2 - a * inverse)) & 0xFFFFFFFFL;
        }
        return inverse;
    }
}
