package dev.sightline.ask.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Spikes in a series against a robust baseline: a bucket is a spike when it stands more than
 * {@link #THRESHOLD} scaled median absolute deviations above the median (and clearly above it in
 * absolute terms), so one extreme day cannot hide itself by inflating a mean and a standard deviation.
 */
final class Spikes {

    /** 3.5 robust z: the usual cut for outliers by the modified z-score. */
    static final double THRESHOLD = 3.5;

    private Spikes() {
    }

    static List<Integer> find(List<Double> values) {
        List<Integer> spikes = new ArrayList<>();
        if (values.size() < 5) {
            return spikes;
        }
        double median = median(values);
        double mad = median(values.stream().map(v -> Math.abs(v - median)).toList());
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            double z = mad == 0 ? (v > median ? Double.POSITIVE_INFINITY : 0) : 0.6745 * (v - median) / mad;
            if (z > THRESHOLD && v > median * 1.2) {
                spikes.add(i);
            }
        }
        return spikes;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
