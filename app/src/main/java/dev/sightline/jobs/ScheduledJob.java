package dev.sightline.jobs;

import java.time.Duration;

/**
 * Work that runs every {@code every}, on one node of the installation at a time: once per period
 * however many nodes there are. {@code name} identifies it across nodes and restarts.
 */
public record ScheduledJob(String name, Duration every, Runnable work) {

    public ScheduledJob {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("A job's name is 1 to 100 characters.");
        }
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("A job runs every positive duration.");
        }
    }
}
