package dev.sightline.ask.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Two daily series read together, vendor-neutral: where one drops to a lower level, how strongly
 * the two move together and at which lag. Days without a value are null and left out.
 */
final class Pairing {

    /** The least fall from the usual level that counts as a drop. */
    static final double DROP = 0.2;
    /** The robust z a drop must pass against the days before it: day-to-day noise does not count. */
    static final double DROP_Z = 3.0;
    /** Days before a candidate drop that give the usual level. */
    static final int BEFORE = 5;

    private Pairing() {
    }

    /** A drop: its first day, the usual level before it and the level from it on (both per day, seasonality removed), its robust z. */
    record Drop(int index, double usual, double after, double z) {
        double fall() {
            return usual == 0 ? 0 : (usual - after) / usual;
        }
    }

    /**
     * The first day of a fall to a lower level: the mean of that day and the two after it against
     * the median of the days before, after dividing each day by its kind's median (weekdays and
     * weekends differ for most businesses); of the days that qualify, the first whose fall is near
     * the deepest. Null when no fall is both {@link #DROP} deep and {@link #DROP_Z} robust
     * deviations below the days before it.
     */
    static Drop drop(List<Double> values, List<Boolean> weekend) {
        List<Double> adjusted = seasonallyAdjusted(values, weekend);
        List<Drop> found = new ArrayList<>();
        for (int i = BEFORE; i < adjusted.size(); i++) {
            List<Double> before = present(adjusted.subList(0, i));
            List<Double> from = present(adjusted.subList(i, Math.min(adjusted.size(), i + 3)));
            // One low day at the end is not yet a lower level (a day half loaded, say): a drop needs a second day.
            if (before.size() < BEFORE || from.size() < 2 || adjusted.get(i) == null) {
                continue;
            }
            double usual = Spikes.median(before);
            double mad = Spikes.median(before.stream().map(v -> Math.abs(v - usual)).toList());
            double after = from.stream().mapToDouble(Double::doubleValue).average().orElse(usual);
            double z = mad == 0 ? (after < usual ? Double.NEGATIVE_INFINITY : 0) : 0.6745 * (after - usual) / mad;
            Drop candidate = new Drop(i, usual, after, z);
            if (candidate.fall() >= DROP && z <= -DROP_Z) {
                found.add(candidate);
            }
        }
        // A lower level is lower on each of its days: its first day is the drop, not the day it looks deepest against the days before.
        double deepest = found.stream().mapToDouble(Drop::fall).max().orElse(0);
        return found.stream().filter(d -> d.fall() >= 0.8 * deepest).findFirst().orElse(null);
    }

    /** Each day divided by the median of its kind (weekday or weekend) when the two kinds differ by a fifth or more; as is otherwise. */
    static List<Double> seasonallyAdjusted(List<Double> values, List<Boolean> weekend) {
        List<Double> weekdays = new ArrayList<>();
        List<Double> weekends = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                (weekend.get(i) ? weekends : weekdays).add(values.get(i));
            }
        }
        double wd = Spikes.median(weekdays);
        double we = Spikes.median(weekends);
        boolean seasonal = weekdays.size() >= 3 && weekends.size() >= 2 && wd > 0 && we > 0 && Math.abs(wd - we) / Math.max(wd, we) >= 0.2;
        if (!seasonal) {
            return values;
        }
        double overall = Spikes.median(present(values));
        List<Double> adjusted = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            adjusted.add(v == null ? null : v / (weekend.get(i) ? we : wd) * overall);
        }
        return adjusted;
    }

    /** Pearson's r over the days both have, the second series shifted {@code lag} days later; NaN with fewer than 5 such days. */
    static double correlation(List<Double> a, List<Double> b, int lag) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i + lag < b.size() && i < a.size(); i++) {
            if (i + lag >= 0 && a.get(i) != null && b.get(i + lag) != null) {
                pairs.add(new double[] {a.get(i), b.get(i + lag)});
            }
        }
        if (pairs.size() < 5) {
            return Double.NaN;
        }
        double ma = pairs.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double mb = pairs.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (double[] p : pairs) {
            cov += (p[0] - ma) * (p[1] - mb);
            va += (p[0] - ma) * (p[0] - ma);
            vb += (p[1] - mb) * (p[1] - mb);
        }
        return va == 0 || vb == 0 ? Double.NaN : cov / Math.sqrt(va * vb);
    }

    private static List<Double> present(List<Double> values) {
        return values.stream().filter(v -> v != null).toList();
    }
}
