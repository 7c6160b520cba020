package dev.sightline.sandbox.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The generated decisions of one site, sorted by time, eight bytes a request: its time, its client
 * address and its {@link RequestKind} by number. Twenty million requests fit in 160 MB. Counts
 * over time windows come from {@link HourBuckets}; the requests themselves are kept for the tools
 * that list or describe single requests, and for independent counts in tests.
 */
public final class SiteTraffic {

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final long ID_MULTIPLIER = 0x9E3779B1L;
    private static final long ID_INVERSE = modInverse(ID_MULTIPLIER);
    private static final int[] NONE = {};

    private final String siteId;
    private final String idPrefix;
    /** The start of the generated history; times are kept as milliseconds after it. */
    final long origin;
    final int size;
    /** Milliseconds after {@link #origin}, unsigned: 30 days of milliseconds need all 32 bits. */
    final int[] time;
    final char[] ip;
    final char[] kind;
    final RequestKind[] kinds;
    final List<String> paths;
    final List<IpProfile> ips;
    final List<String> agents;
    final List<Bot> bots;
    final List<String> rules;
    /** The clients' countries, and each client's by its index in that list. */
    final List<String> countries;
    final int[] countryOfIp;
    final HourBuckets buckets;
    private final Map<String, int[]> clientsByAddress = new HashMap<>();

    private SiteTraffic(String siteId, int siteNumber, long origin, int size, int[] time, char[] ip, char[] kind, List<RequestKind> kinds,
                        List<String> paths, List<IpProfile> ips, List<String> agents, List<Bot> bots, List<String> rules) {
        this.siteId = siteId;
        this.idPrefix = "req_" + Integer.toString(siteNumber, 36) + "_";
        this.origin = origin;
        this.size = size;
        this.time = time;
        this.ip = ip;
        this.kind = kind;
        this.kinds = kinds.toArray(RequestKind[]::new);
        this.paths = paths;
        this.ips = ips;
        this.agents = agents;
        this.bots = bots;
        this.rules = rules;
        this.countries = ips.stream().map(IpProfile::country).distinct().sorted().toList();
        this.countryOfIp = ips.stream().mapToInt(profile -> countries.indexOf(profile.country())).toArray();
        for (int i = 0; i < ips.size(); i++) {
            int[] same = clientsByAddress.getOrDefault(ips.get(i).address(), NONE);
            int[] more = Arrays.copyOf(same, same.length + 1);
            more[same.length] = i;
            clientsByAddress.put(ips.get(i).address(), more);
        }
        this.buckets = new HourBuckets(this);
    }

    public String siteId() {
        return siteId;
    }

    public int size() {
        return size;
    }

    long millis(int i) {
        return origin + Integer.toUnsignedLong(time[i]);
    }

    /** Index of the first request at or after {@code instant}. */
    public int indexAt(Instant instant) {
        return indexAt(instant.toEpochMilli());
    }

    int indexAt(long epochMillis) {
        long offset = epochMillis - origin;
        if (offset <= 0) {
            return 0;
        }
        if (offset > 0xFFFF_FFFFL) {
            return size;
        }
        int wanted = (int) offset;
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (Integer.compareUnsigned(time[middle], wanted) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    public RequestDecision get(int i) {
        RequestKind k = kinds[kind[i]];
        return new RequestDecision(requestId(i), Instant.ofEpochMilli(millis(i)), METHODS[k.method()], paths.get(k.path()),
                ips.get(ip[i]), agents.get(k.agent()), k.bot() < 0 ? null : bots.get(k.bot()), k.conclusion(), k.reason(),
                k.rule() < 0 ? null : rules.get(k.rule()), k.dryRunReason(), k.dryRunRule() < 0 ? null : rules.get(k.dryRunRule()),
                statusCode(k));
    }

    /** Every decision, for ground-truth checks and tests; tools count from the buckets instead. */
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

    /**
     * The requests in [{@code from}, {@code before}) that the filter lets through, newest first.
     * Hours without a match are skipped by their counts, so a rare match costs its hour, not the
     * whole window.
     */
    public PrimitiveIterator.OfInt newestFirst(RequestFilter filter, int from, int before) {
        boolean[] kindMatches = new boolean[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            kindMatches[k] = filter.matches(kinds[k], paths);
        }
        int[] matchingKinds = IntStream.range(0, kinds.length).filter(k -> kindMatches[k]).toArray();
        int[] addresses = filter.ip() == null ? null : indexesOfIp(filter.ip());
        return new PrimitiveIterator.OfInt() {
            private int next = find(before);

            private int find(int end) {
                if (addresses != null && addresses.length == 0) {
                    return -1;
                }
                int i = end - 1;
                while (i >= from) {
                    int hour = buckets.hourOf(i);
                    int hourStart = Math.max(from, buckets.first(hour));
                    if (i + 1 == buckets.first(hour + 1) && !buckets.anyIn(hour, matchingKinds, kindMatches, addresses)) {
                        i = hourStart - 1;
                        continue;
                    }
                    for (; i >= hourStart; i--) {
                        if (kindMatches[kind[i]] && (addresses == null || contains(addresses, ip[i]))) {
                            return i;
                        }
                    }
                }
                return -1;
            }

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public int nextInt() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                int found = next;
                next = find(found);
                return found;
            }
        };
    }

    /** The first client written exactly so (addresses are kept lower case), or -1. */
    int indexOfIp(String address) {
        int[] found = indexesOfIp(address);
        return found.length == 0 ? -1 : found[0];
    }

    /** Every client with an address: two clients may have drawn the same one, and a listing shows both. */
    int[] indexesOfIp(String address) {
        return clientsByAddress.getOrDefault(address, NONE);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    int statusCode(RequestKind k) {
        return switch (k.conclusion()) {
            case ALLOW -> k.method() == 1 && paths.get(k.path()).startsWith("/api/signup") ? 201 : 200;
            case DENY -> k.reason() == Reason.RATE_LIMIT ? 429 : 403;
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

    /**
     * Collects a site's requests in time order. Kinds are numbered as they first occur; the
     * capacity is a guess, grown when short, and never trimmed (a copy would double the memory
     * for a moment, the spare room is a few percent).
     */
    static final class Builder {

        private final long origin;
        private int[] time;
        private char[] ip;
        private char[] kind;
        private int size;
        private final List<RequestKind> kinds = new ArrayList<>();
        /** Open addressing from a kind's packed attributes to its number; 0 marks a free slot. */
        private long[] kindKeys = new long[1 << 12];
        private int[] kindNumbers = new int[1 << 12];

        Builder(long origin, int capacity) {
            this.origin = origin;
            this.time = new int[capacity];
            this.ip = new char[capacity];
            this.kind = new char[capacity];
        }

        void add(long epochMillis, int ipIndex, int path, int method, int agent, int bot, Conclusion conclusion, Reason reason, int rule,
                 Reason dryRunReason, int dryRunRule) {
            if (size == time.length) {
                int capacity = Math.max(16, size + (size >> 1));
                time = Arrays.copyOf(time, capacity);
                ip = Arrays.copyOf(ip, capacity);
                kind = Arrays.copyOf(kind, capacity);
            }
            time[size] = (int) (epochMillis - origin);
            ip[size] = (char) ipIndex;
            kind[size] = (char) kindNumber(ipIndex, path, method, agent, bot, conclusion, reason, rule, dryRunReason, dryRunRule);
            size++;
        }

        private int kindNumber(int ipIndex, int path, int method, int agent, int bot, Conclusion conclusion, Reason reason, int rule,
                               Reason dryRunReason, int dryRunRule) {
            if (path > 0xFFFF || method > 0xF || agent > 0xFFF || bot > 0xFE || rule > 0xFE || dryRunRule > 0xFE
                    || ipIndex > Character.MAX_VALUE || (dryRunRule >= 0) != (dryRunReason != Reason.NONE)) {
                throw new IllegalStateException("A request the traffic store cannot keep: address " + ipIndex + ", path " + path
                        + ", agent " + agent + ", bot " + bot + ", rule " + rule + ", dry-run rule " + dryRunRule + " (" + dryRunReason + ")");
            }
            long key = 1L + ((long) path << 48 | (long) method << 44 | (long) agent << 32 | (long) (bot + 1) << 24
                    | (long) RequestKind.verdict(conclusion, reason, dryRunReason) << 16 | (long) (rule + 1) << 8 | (dryRunRule + 1));
            int mask = kindKeys.length - 1;
            int slot = (int) (key ^ key >>> 29) * 0x9E3779B9 >>> 7 & mask;
            while (kindKeys[slot] != 0) {
                if (kindKeys[slot] == key) {
                    return kindNumbers[slot];
                }
                slot = slot + 1 & mask;
            }
            if (kinds.size() > Character.MAX_VALUE) {
                throw new IllegalStateException("More kinds of request than a site can keep");
            }
            kinds.add(new RequestKind(path, method, agent, bot, conclusion, reason, rule, dryRunReason, dryRunRule));
            kindKeys[slot] = key;
            kindNumbers[slot] = kinds.size() - 1;
            if (kinds.size() * 2 > kindKeys.length) {
                rehash();
            }
            return kinds.size() - 1;
        }

        private void rehash() {
            long[] keys = kindKeys;
            int[] numbers = kindNumbers;
            kindKeys = new long[keys.length * 2];
            kindNumbers = new int[keys.length * 2];
            int mask = kindKeys.length - 1;
            for (int s = 0; s < keys.length; s++) {
                if (keys[s] != 0) {
                    int slot = (int) (keys[s] ^ keys[s] >>> 29) * 0x9E3779B9 >>> 7 & mask;
                    while (kindKeys[slot] != 0) {
                        slot = slot + 1 & mask;
                    }
                    kindKeys[slot] = keys[s];
                    kindNumbers[slot] = numbers[s];
                }
            }
        }

        SiteTraffic build(String siteId, int siteNumber, List<String> paths, List<IpProfile> ips, List<String> agents, List<Bot> bots,
                          List<String> rules) {
            return new SiteTraffic(siteId, siteNumber, origin, size, time, ip, kind, kinds, List.copyOf(paths), List.copyOf(ips),
                    List.copyOf(agents), List.copyOf(bots), List.copyOf(rules));
        }
    }
}
