package dev.sightline.sandbox.traffic;

import java.util.Arrays;

/**
 * A site's requests counted per UTC hour, so that a window costs the same at any volume: the
 * whole hours inside it are the difference of two running totals, and only the requests in the
 * partial hours at its two ends are read one by one.
 *
 * <p>Three sets of counts, each for what the tools ask of it:
 * <ul>
 * <li>per {@link RequestKind}: running totals at every hour, a few thousand numbers a row;
 * every figure of a window except those per client address comes from them;</li>
 * <li>per client address and verdict (conclusion, reason, dry-run reason): running totals at
 * every hour too, for the top addresses of any window under any filter;</li>
 * <li>per address, hour and kind, address by address: what one address did, for
 * investigate-ip and for skipping hours when requests are listed by address.</li>
 * </ul>
 * Hours are UTC hours, so that days, which investigate-ip counts by, are whole hours.
 */
final class HourBuckets {

    static final long HOUR = 3_600_000L;

    private final SiteTraffic traffic;
    /** Start of the first hour. */
    private final long originHour;
    /** Index of the first request of each hour; the last entry is the number of requests. */
    private final int[] first;
    private final int hours;

    private final int kindCount;
    /** Row h: requests of each kind before hour h. */
    private final int[] kindRows;

    /** The verdicts each address has, 256 bits an address, to number its (address, verdict) pairs. */
    private final long[] verdictsOfIp;
    private final int[] firstPairOfIp;
    final int[] pairIp;
    final int[] pairVerdict;
    /** Row h: requests of each (address, verdict) pair before hour h. */
    private final int[] pairRows;

    /** Address by address, sorted by hour then kind: hour << 48 | kind << 32 | requests. */
    private final long[] entries;
    private final int[] firstEntryOfIp;

    HourBuckets(SiteTraffic traffic) {
        this.traffic = traffic;
        int size = traffic.size;
        this.originHour = Math.floorDiv(traffic.origin, HOUR) * HOUR;
        this.hours = size == 0 ? 0 : (int) ((traffic.millis(size - 1) - originHour) / HOUR) + 1;
        this.first = new int[hours + 1];
        for (int h = 1; h < hours; h++) {
            first[h] = traffic.indexAt(originHour + h * HOUR);
        }
        first[hours] = size;

        int[] verdictOfKind = new int[traffic.kinds.length];
        for (int k = 0; k < verdictOfKind.length; k++) {
            verdictOfKind[k] = traffic.kinds[k].verdict();
        }
        int ipCount = traffic.ips.size();
        this.verdictsOfIp = new long[ipCount * 4];
        for (int i = 0; i < size; i++) {
            int verdict = verdictOfKind[traffic.kind[i]];
            verdictsOfIp[traffic.ip[i] * 4 + (verdict >>> 6)] |= 1L << verdict;
        }
        this.firstPairOfIp = new int[ipCount + 1];
        for (int ip = 0; ip < ipCount; ip++) {
            int pairs = 0;
            for (int w = 0; w < 4; w++) {
                pairs += Long.bitCount(verdictsOfIp[ip * 4 + w]);
            }
            firstPairOfIp[ip + 1] = firstPairOfIp[ip] + pairs;
        }
        int pairCount = firstPairOfIp[ipCount];
        this.pairIp = new int[pairCount];
        this.pairVerdict = new int[pairCount];
        for (int ip = 0, p = 0; ip < ipCount; ip++) {
            for (int verdict = 0; verdict < 256; verdict++) {
                if ((verdictsOfIp[ip * 4 + (verdict >>> 6)] & 1L << verdict) != 0) {
                    pairIp[p] = ip;
                    pairVerdict[p++] = verdict;
                }
            }
        }

        this.kindCount = traffic.kinds.length;
        this.kindRows = new int[(hours + 1) * kindCount];
        this.pairRows = new int[(hours + 1) * pairCount];
        for (int h = 0; h < hours; h++) {
            System.arraycopy(kindRows, h * kindCount, kindRows, (h + 1) * kindCount, kindCount);
            System.arraycopy(pairRows, h * pairCount, pairRows, (h + 1) * pairCount, pairCount);
            int kindRow = (h + 1) * kindCount;
            int pairRow = (h + 1) * pairCount;
            for (int i = first[h]; i < first[h + 1]; i++) {
                int kind = traffic.kind[i];
                kindRows[kindRow + kind]++;
                pairRows[pairRow + pairOf(traffic.ip[i], verdictOfKind[kind])]++;
            }
        }

        // Requests grouped by address (a counting sort), then counted per hour and kind.
        int[] order = new int[size];
        this.firstEntryOfIp = new int[ipCount + 1];
        int[] next = new int[ipCount + 1];
        for (int i = 0; i < size; i++) {
            next[traffic.ip[i] + 1]++;
        }
        for (int ip = 0; ip < ipCount; ip++) {
            next[ip + 1] += next[ip];
        }
        int[] firstRequestOfIp = next.clone();
        for (int i = 0; i < size; i++) {
            order[next[traffic.ip[i]]++] = i;
        }
        int[] perKind = new int[kindCount];
        int[] seen = new int[kindCount];
        for (int ip = 0; ip < ipCount; ip++) {
            firstEntryOfIp[ip + 1] = firstEntryOfIp[ip] + group(order, firstRequestOfIp[ip], firstRequestOfIp[ip + 1], perKind, seen, null, 0);
        }
        this.entries = new long[firstEntryOfIp[ipCount]];
        for (int ip = 0; ip < ipCount; ip++) {
            group(order, firstRequestOfIp[ip], firstRequestOfIp[ip + 1], perKind, seen, entries, firstEntryOfIp[ip]);
        }
    }

    /** Counts one address's requests (indexes {@code order[from..to)}, in time order) per hour and kind; writes them when {@code out} is given. */
    private int group(int[] order, int from, int to, int[] perKind, int[] seen, long[] out, int at) {
        int written = 0;
        int j = from;
        while (j < to) {
            int hour = hourOf(order[j]);
            int end = first[hour + 1];
            int distinct = 0;
            for (; j < to && order[j] < end; j++) {
                int kind = traffic.kind[order[j]];
                if (perKind[kind]++ == 0) {
                    seen[distinct++] = kind;
                }
            }
            Arrays.sort(seen, 0, distinct);
            for (int s = 0; s < distinct; s++) {
                int kind = seen[s];
                if (out != null) {
                    out[at + written] = (long) hour << 48 | (long) kind << 32 | perKind[kind];
                }
                written++;
                perKind[kind] = 0;
            }
        }
        return written;
    }

    private int pairOf(int ip, int verdict) {
        int rank = 0;
        int word = verdict >>> 6;
        for (int w = 0; w < word; w++) {
            rank += Long.bitCount(verdictsOfIp[ip * 4 + w]);
        }
        return firstPairOfIp[ip] + rank + Long.bitCount(verdictsOfIp[ip * 4 + word] & ((1L << verdict) - 1));
    }

    int hours() {
        return hours;
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
        return Math.floorDiv(originHour + hour * HOUR, 86_400_000L);
    }

    int pairCount() {
        return pairIp.length;
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
        if (firstHour > endHour || firstHour > hours) {
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

    /** Requests of each (address, verdict) pair in a window; {@link #pairIp} and {@link #pairVerdict} say which pair. */
    int[] pairCounts(Split window) {
        int pairCount = pairCount();
        int[] counts = new int[pairCount];
        if (window.endHour > window.firstHour) {
            int later = window.endHour * pairCount;
            int earlier = window.firstHour * pairCount;
            for (int p = 0; p < pairCount; p++) {
                counts[p] = pairRows[later + p] - pairRows[earlier + p];
            }
        }
        for (int i = window.from; i < window.wholeFrom; i++) {
            counts[pairOf(traffic.ip[i], traffic.kinds[traffic.kind[i]].verdict())]++;
        }
        for (int i = window.wholeTo; i < window.to; i++) {
            counts[pairOf(traffic.ip[i], traffic.kinds[traffic.kind[i]].verdict())]++;
        }
        return counts;
    }

    /** Receives what one address did: requests of a kind on a UTC day. */
    @FunctionalInterface
    interface IpRequests {
        void add(int kind, long day, int requests);
    }

    /** What address {@code ip} did in a window, by kind and UTC day. */
    void forEachOfIp(int ip, Split window, IpRequests sink) {
        if (window.endHour > window.firstHour) {
            int end = firstEntryOfIp[ip + 1];
            for (int e = firstEntryAt(ip, window.firstHour); e < end && (int) (entries[e] >>> 48) < window.endHour; e++) {
                long entry = entries[e];
                sink.add((int) (entry >>> 32) & 0xFFFF, dayOf((int) (entry >>> 48)), (int) entry);
            }
        }
        for (int i = window.from; i < window.wholeFrom; i++) {
            if (traffic.ip[i] == ip) {
                sink.add(traffic.kind[i], Math.floorDiv(traffic.millis(i), 86_400_000L), 1);
            }
        }
        for (int i = window.wholeTo; i < window.to; i++) {
            if (traffic.ip[i] == ip) {
                sink.add(traffic.kind[i], Math.floorDiv(traffic.millis(i), 86_400_000L), 1);
            }
        }
    }

    /** The first of an address's entries in or after an hour. */
    private int firstEntryAt(int ip, int hour) {
        int low = firstEntryOfIp[ip];
        int high = firstEntryOfIp[ip + 1];
        while (low < high) {
            int middle = (low + high) >>> 1;
            if ((int) (entries[middle] >>> 48) < hour) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Whether an hour has a request of one of the kinds, from one of the addresses when given:
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
            for (int e = firstEntryAt(ip, hour); e < end && (int) (entries[e] >>> 48) == hour; e++) {
                if (kindMatches[(int) (entries[e] >>> 32) & 0xFFFF]) {
                    return true;
                }
            }
        }
        return false;
    }
}
