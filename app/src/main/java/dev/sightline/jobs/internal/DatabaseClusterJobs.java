package dev.sightline.jobs.internal;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.sightline.jobs.ClusterJobs;
import dev.sightline.jobs.ScheduledJob;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs each declared job once per period across every node. A job's row holds when it is next
 * due; a node claims a run with one conditional UPDATE that moves that time forward, and only the
 * node whose UPDATE changed the row runs it (the database serializes the UPDATEs, on H2 and on
 * PostgreSQL alike, so two nodes can never both see the old time). The period starts at the claim:
 * a run that fails is not repeated before the next period, and a node that dies mid-run holds the
 * job for at most one period.
 */
@Component
class DatabaseClusterJobs implements ClusterJobs {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClusterJobs.class);
    /** How often a node looks for due jobs at most: a job runs at most this late. */
    private static final Duration LOOK_EVERY = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, ScheduledJob> jobs = new LinkedHashMap<>();
    /** The jobs whose row this node has seen made: from then on a look is one UPDATE. */
    private final java.util.Set<String> declared = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final String node;
    private final ScheduledExecutorService scheduler;

    DatabaseClusterJobs(JdbcClient jdbc, List<ScheduledJob> declared, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        declared.forEach(job -> {
            if (jobs.putIfAbsent(job.name(), job) != null) {
                throw new IllegalStateException("Two scheduled jobs are named " + job.name());
            }
        });
        // Which node ran a job last, for whoever looks at the table: the JVM's pid@host.
        this.node = ManagementFactory.getRuntimeMXBean().getName();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scheduled-jobs");
            t.setDaemon(true);
            return t;
        });
    }

    /** Jobs start once the node serves requests, so a node still starting up never holds one. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        for (ScheduledJob job : jobs.values()) {
            long every = Math.min(job.every().toMillis(), LOOK_EVERY.toMillis());
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    runIfDue(job.name());
                } catch (RuntimeException e) {
                    log.warn("Scheduled job {} failed: {}", job.name(), e.toString());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    @Override
    public boolean runIfDue(String name) {
        ScheduledJob job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("No scheduled job is named " + name);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!declared.contains(name)) {
            declare(job, now);
            declared.add(name);
        }
        boolean claimed = claim(job, now);
        if (claimed) {
            job.work().run();
        }
        return claimed;
    }

    private boolean claim(ScheduledJob job, OffsetDateTime now) {
        return jdbc.sql("UPDATE scheduled_job SET next_run_at = ?, last_run_by = ?, last_run_at = ?, runs = runs + 1 "
                        + "WHERE name = ? AND next_run_at <= ?")
                .params(now.plus(job.every()), node, now, job.name(), now).update() == 1;
    }

    @Override
    public List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    /** The job's row, due now, unless a node made it already. */
    private void declare(ScheduledJob job, OffsetDateTime now) {
        if (jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE name = ?").param(job.name()).query(Integer.class).single() > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO scheduled_job (name, next_run_at) VALUES (?, ?)").params(job.name(), now).update();
        } catch (DuplicateKeyException e) {
            // Another node made it at the same moment: the row is there, which is all this wanted.
        }
    }
}
