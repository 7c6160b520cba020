package dev.sightline.sandbox.traffic;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A site's requests counted per UTC hour, so that a window costs the same at any volume: the
 * whole hours inside it are the difference of two running totals, and only the requests in the
 * partial hours at its two ends are read one by one.
 *
 * <p>Counts are kept for what the tools ask:
 * <ul>
 * <li>per {@link RequestKind}: running totals at every hour, a few thousand numbers a row;
 * every figure of a window except those per client comes from them;</li>
 * <li>per client and verdict (conclusion, reason, dry-run reason), and per client country and
 * verdict: running totals at every hour too, for the top clients and the countries of any window
 * under any filter. Pairs are ordered by verdict, so ranking denied clients reads denied pairs
 * only;</li>
 * <li>per client, hour and kind, client by client: what one address did, for investigate-ip
 * and for skipping hours when requests are listed by address.</li>
 * </ul>
 * Hours are UTC hours, so that days, which investigate-ip counts by, are whole hours.
 */
final class HourBuckets {

    static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final int MOST_PER_ENTRY = 64;

    private final SiteTraffic traffic;
    /** Start of the first hour. */
    private final long originHour;
    /** Index of the first request of each hour; the last entry is the number of requests. */
    private final int[] first;
    private final int hours;
    private final int[] verdictOfKind;

    private final int kindCount;
    /** Row h: requests of each kind before hour h. */
    private final int[] kindRows;

    private final Tally clients;
    private final Tally countries;

    /**
     * Client by client, sorted by hour then kind, four bytes an entry: hour << 22 | kind << 6 |
     * (requests - 1). More than 64 requests of a kind in an hour take several entries.
     */
    private final int[] entries;
    private final int[] firstEntryOfIp;

    HourBuckets(SiteTraffic traffic) {
        this.traffic = traffic;
        int size = traffic.size;
        this.originHour = Math.floorDiv(traffic.origin, HOUR) * HOUR;
        this.hours = size == 0 ? 0 : (int) ((traffic.millis(size - 1) - originHour) / HOUR) + 1;
        if (hours > 1 << 10) {
            throw new IllegalStateException("More hours of traffic than the counts per client can hold: " + hours);
        }
        this.first = new int[hours + 1];
        for (int h = 1; h < hours; h++) {
            first[h] = traffic.indexAt(originHour + h * HOUR);
        }
        first[hours] = size;
        this.verdictOfKind = Arrays.stream(traffic.kinds).mapToInt(RequestKind::verdict).toArray();

        this.kindCount = traffic.kinds.length;
        this.kindRows = new int[(hours + 1) * kindCount];
        for (int h = 0; h < hours; h++) {
            int row = (h + 1) * kindCount;
            System.arraycopy(kindRows, h * kindCount, kindRows, row, kindCount);
            for (int i = first[h]; i < first[h + 1]; i++) {
                kindRows[row + traffic.kind[i]]++;
            }
        }
        int clientCount = traffic.ips.size();
        int[] self = new int[clientCount];
        Arrays.setAll(self, ip -> ip);
        // The largest count, made beside the others: generating a site leaves the second processor idle by then.
        CompletableFuture<Tally> byClient = CompletableFuture.supplyAsync(() -> new Tally(traffic, first, verdictOfKind, clientCount, self));
        this.countries = new Tally(traffic, first, verdictOfKind, traffic.countries.size(), traffic.countryOfIp);

        // Each request's hour and kind, grouped by client in time order (a counting sort), then counted.
        int[] byIp = new int[size];
        int[] next = new int[clientCount + 1];
        for (int i = 0; i < size; i++) {
            next[traffic.ip[i] + 1]++;
        }
        for (int ip = 0; ip < clientCount; ip++) {
            next[ip + 1] += next[ip];
        }
        int[] firstRequestOfIp = next.clone();
        for (int h = 0; h < hours; h++) {
            for (int i = first[h]; i < first[h + 1]; i++) {
                byIp[next[traffic.ip[i]]++] = h << 16 | traffic.kind[i];
            }
        }
        this.firstEntryOfIp = new int[clientCount + 1];
        int[] perKind = new int[kindCount];
        int[] seen = new int[kindCount];
        for (int ip = 0; ip < clientCount; ip++) {
            firstEntryOfIp[ip + 1] = firstEntryOfIp[ip] + count(byIp, firstRequestOfIp[ip], firstRequestOfIp[ip + 1], perKind, seen, null, 0);
        }
        this.entries = new int[firstEntryOfIp[clientCount]];
        for (int ip = 0; ip < clientCount; ip++) {
            count(byIp, firstRequestOfIp[ip], firstRequestOfIp[ip + 1], perKind, seen, entries, firstEntryOfIp[ip]);
        }
        this.clients = byClient.join();
    }

    /**
     * Counts one client's requests ({@code hour << 16 | kind}, in time order) per hour and kind
     * and returns the number of entries; writes them when {@code out} is given.
     */
    private static int count(int[] requests, int from, int to, int[] perKind, int[] seen, int[] out, int at) {
        int written = 0;
        int j = from;
        while (j < to) {
            int hour = requests[j] >>> 16;
            int distinct = 0;
            for (; j < to && requests[j] >>> 16 == hour; j++) {
                int kind = requests[j] & 0xFFFF;
                if (perKind[kind]++ == 0) {
                    seen[distinct++] = kind;
                }
            }
            if (distinct > 1) {
                Arrays.sort(seen, 0, distinct);
            }
            for (int s = 0; s < distinct; s++) {
                int kind = seen[s];
                for (int left = perKind[kind]; left > 0; left -= MOST_PER_ENTRY) {
                    if (out != null) {
                        out[at + written] = hour << 22 | kind << 6 | Math.min(left, MOST_PER_ENTRY) - 1;
                    }
                    written++;
                }
                perKind[kind] = 0;
            }
        }
        return written;
    }

    /**
     * Requests per (key, verdict) pair, where a request's key is looked up by its client (the
     * client itself, or its country): running totals at every hour, pairs ordered by verdict.
     */
    private static final class Tally {
        private final SiteTraffic traffic;
        private final int[] verdictOfKind;
        private final int keyCount;
        private final int[] keyOfIp;
        /** Pairs of verdict v are [firstPairOf[v], firstPairOf[v + 1]). */
        private final int[] firstPairOf = new int[257];
        private final int[] pairKey;
        private final int[] rows;

        Tally(SiteTraffic traffic, int[] first, int[] verdictOfKind, int keyCount, int[] keyOfIp) {
            this.traffic = traffic;
            this.verdictOfKind = verdictOfKind;
            this.keyCount = keyCount;
            int hours = first.length - 1;
            this.keyOfIp = keyOfIp;
            // Which verdicts each key has, 256 bits a key, then their pairs numbered verdict by verdict.
            long[] verdictsOfKey = new long[keyCount * 4];
            for (int i = 0; i < traffic.size; i++) {
                int verdict = verdictOfKind[traffic.kind[i]];
                verdictsOfKey[keyOfIp[traffic.ip[i]] * 4 + (verdict >>> 6)] |= 1L << verdict;
            }
            int[] firstSlotOfKey = new int[keyCount + 1];
            for (int key = 0; key < keyCount; key++) {
                int pairs = 0;
                for (int w = 0; w < 4; w++) {
                    pairs += Long.bitCount(verdictsOfKey[key * 4 + w]);
                }
                firstSlotOfKey[key + 1] = firstSlotOfKey[key] + pairs;
            }
            int pairCount = firstSlotOfKey[keyCount];
            pairKey = new int[pairCount];
            // A key's slots follow its verdicts in order; each slot holds the pair's number.
            int[] pairOfSlot = new int[pairCount];
            int[] filled = new int[keyCount];
            int p = 0;
            for (int verdict = 0; verdict < 256; verdict++) {
                firstPairOf[verdict] = p;
                for (int key = 0; key < keyCount; key++) {
                    if ((verdictsOfKey[key * 4 + (verdict >>> 6)] & 1L << verdict) != 0) {
                        pairKey[p] = key;
                        pairOfSlot[firstSlotOfKey[key] + filled[key]++] = p++;
                    }
                }
            }
            firstPairOf[256] = p;

            rows = new int[(hours + 1) * pairCount];
            for (int h = 0; h < hours; h++) {
                int row = (h + 1) * pairCount;
                System.arraycopy(rows, h * pairCount, rows, row, pairCount);
                for (int i = first[h]; i < first[h + 1]; i++) {
                    int key = keyOfIp[traffic.ip[i]];
                    int verdict = verdictOfKind[traffic.kind[i]];
                    rows[row + pairOfSlot[firstSlotOfKey[key] + rank(verdictsOfKey, key, verdict)]]++;
                }
            }
        }

        /** How many of a key's verdicts come before {@code verdict}. */
        private static int rank(long[] verdictsOfKey, int key, int verdict) {
            int rank = 0;
            int word = verdict >>> 6;
            for (int w = 0; w < word; w++) {
                rank += Long.bitCount(verdictsOfKey[key * 4 + w]);
            }
            return rank + Long.bitCount(verdictsOfKey[key * 4 + word] & ((1L << verdict) - 1));
        }

        /** Requests per key in a window, counting the verdicts marked. */
        long[] count(Split window, boolean[] verdicts) {
            long[] counts = new long[keyCount];
            int pairCount = pairKey.length;
            if (window.endHour > window.firstHour) {
                int later = window.endHour * pairCount;
                int earlier = window.firstHour * pairCount;
                for (int verdict = 0; verdict < 256; verdict++) {
                    if (verdicts[verdict]) {
                        for (int p = firstPairOf[verdict]; p < firstPairOf[verdict + 1]; p++) {
                            counts[pairKey[p]] += rows[later + p] - rows[earlier + p];
                        }
                    }
                }
            }
            for (int i = window.from; i < window.wholeFrom; i++) {
                if (verdicts[verdictOfKind[traffic.kind[i]]]) {
                    counts[keyOfIp[traffic.ip[i]]]++;
                }
            }
            for (int i = window.wholeTo; i < window.to; i++) {
                if (verdicts[verdictOfKind[traffic.kind[i]]]) {
                    counts[keyOfIp[traffic.ip[i]]]++;
                }
            }
            return counts;
        }
    }

    int first(int hour) {
        return first[hour];
    }

    /** The hour of request {@code i}. */
    int hourOf(int i) {
        int low = 0;
        int high = hours - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (first[middle] <= i) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** UTC day (days since the epoch) of an hour. */
    long dayOf(int hour) {
        return Math.floorDiv(originHour + hour * HOUR, DAY);
    }

    /**
     * A window of request indexes [{@code from}, {@code to}) split into whole hours
     * [{@code firstHour}, {@code endHour}) and the requests around them, [{@code from}, {@code
     * wholeFrom}) and [{@code wholeTo}, {@code to}). With no whole hour inside, all requests are
     * in the first part.
     */
    record Split(int from, int to, int firstHour, int endHour, int wholeFrom, int wholeTo) {
    }

    Split split(int from, int to) {
        int firstHour = Arrays.binarySearch(first, from);
        firstHour = firstHour < 0 ? -firstHour - 1 : lowest(firstHour);
        int endHour = Arrays.binarySearch(first, to);
        endHour = endHour < 0 ? -endHour - 2 : highest(endHour);
        if (firstHour > endHour) {
            return new Split(from, to, 0, 0, to, to);
        }
        return new Split(from, to, firstHour, endHour, first[firstHour], first[endHour]);
    }

    private int lowest(int hour) {
        while (hour > 0 && first[hour - 1] == first[hour]) {
            hour--;
        }
        return hour;
    }

    private int highest(int hour) {
        while (hour < hours && first[hour + 1] == first[hour]) {
            hour++;
        }
        return hour;
    }

    /** Requests of each kind in a window. */
    int[] kindCounts(Split window) {
        int[] counts = new int[kindCount];
        if (window.endHour > window.firstHour) {
            int later = window.endHour * kindCount;
            int earlier = window.firstHour * kindCount;
            for (int k = 0; k < kindCount; k++) {
                counts[k] = kindRows[later + k] - kindRows[earlier + k];
            }
        }
        for (int i = window.from; i < window.wholeFrom; i++) {
            counts[traffic.kind[i]]++;
        }
        for (int i = window.wholeTo; i < window.to; i++) {
            counts[traffic.kind[i]]++;
        }
        return counts;
    }

    /** Requests per client in a window, counting the verdicts marked. */
    long[] perClient(Split window, boolean[] verdicts) {
        return clients.count(window, verdicts);
    }

    /** Requests per country (by its index in the site's list) in a window, counting the verdicts marked. */
    long[] perCountry(Split window, boolean[] verdicts) {
        return countries.count(window, verdicts);
    }

    /** Receives what one client did: requests of a kind on a UTC day. */
    @FunctionalInterface
    interface IpRequests {
        void add(int kind, long day, int requests);
    }

    /** What client {@code ip} did in a window, by kind and UTC day. */
    void forEachOfIp(int ip, Split window, IpRequests sink) {
        if (window.endHour > window.firstHour) {
            int end = firstEntryOfIp[ip + 1];
            for (int e = firstEntryAt(ip, window.firstHour); e < end && entries[e] >>> 22 < window.endHour; e++) {
                int entry = entries[e];
                sink.add(entry >>> 6 & 0xFFFF, dayOf(entry >>> 22), (entry & MOST_PER_ENTRY - 1) + 1);
            }
        }
        for (int i = window.from; i < window.wholeFrom; i++) {
            if (traffic.ip[i] == ip) {
                sink.add(traffic.kind[i], Math.floorDiv(traffic.millis(i), DAY), 1);
            }
        }
        for (int i = window.wholeTo; i < window.to; i++) {
            if (traffic.ip[i] == ip) {
                sink.add(traffic.kind[i], Math.floorDiv(traffic.millis(i), DAY), 1);
            }
        }
    }

    /** The first of a client's entries in or after an hour. */
    private int firstEntryAt(int ip, int hour) {
        int low = firstEntryOfIp[ip];
        int high = firstEntryOfIp[ip + 1];
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (entries[middle] >>> 22 < hour) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Whether an hour has a request of one of the kinds, from one of the clients when given:
     * read from the counts, not the requests.
     */
    boolean anyIn(int hour, int[] kinds, boolean[] kindMatches, int[] ips) {
        if (ips == null) {
            int later = (hour + 1) * kindCount;
            int earlier = hour * kindCount;
            for (int k : kinds) {
                if (kindRows[later + k] != kindRows[earlier + k]) {
                    return true;
                }
            }
            return false;
        }
        for (int ip : ips) {
            int end = firstEntryOfIp[ip + 1];
            for (int e = firstEntryAt(ip, hour); e < end && entries[e] >>> 22 == hour; e++) {
                if (kindMatches[entries[e] >>> 6 & 0xFFFF]) {
                    return true;
                }
            }
        }
        return false;
    }
}
