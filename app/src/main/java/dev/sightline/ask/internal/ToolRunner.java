package dev.sightline.ask.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSources;
import dev.sightline.source.DataSources.ToolCallException;
import dev.sightline.source.DataSources.ToolResult;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one executor of tool calls. Identical calls within the cache time are served once (a
 * single-flight cache: a second caller waits for the first call instead of making its own);
 * calls run in parallel, at most a few at a time per data source; each has a time limit;
 * transient failures retry with backoff; every call is written to the audit log. The read-only
 * policy is checked again inside the data source's session, before any traffic.
 */
@Component
class ToolRunner {

    private static final int PER_SOURCE = 4;
    private static final int RETRIES = 2;

    /** A call's outcome as the analysis records it. */
    record Outcome(ToolResult result, String status, long durationMs, boolean cached, String error) {
        boolean ok() {
            return result != null && !result.error();
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "tool-call");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Semaphore> perSource = new ConcurrentHashMap<>();
    /** A call in flight or done, and when it started: a "fresh" caller accepts only calls started after its own start. */
    private record Entry(long startedAt, CompletableFuture<ToolResult> result) {
    }

    private final Cache<String, Entry> cache;
    private final JdbcClient jdbc;
    private final Duration timeout;

    ToolRunner(JdbcClient jdbc, @Value("${sightline.ask.cache-ttl:60s}") Duration cacheTtl, @Value("${sightline.ask.call-timeout:30s}") Duration timeout) {
        this.jdbc = jdbc;
        this.timeout = timeout;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(2_000).build();
    }

    /**
     * Runs one call on a lazily opened session of the data source. Identical calls share one
     * result; {@code notBefore} (the dashboard's Refresh) accepts only calls started at or after
     * that moment, so a refresh bypasses older results but its own tiles still share their calls.
     */
    CompletableFuture<Outcome> call(SightlineUser user, long dataSourceId, Supplier<DataSources.ToolSession> session, String tool,
                                    Map<String, Object> arguments, Long notBefore) {
        String key = user.workspaceId() + ":" + user.id() + ":" + dataSourceId + ":" + tool + ":" + canonical(arguments);
        long started = System.nanoTime();
        boolean[] ran = {false};
        Entry entry = cache.asMap().compute(key, (k, old) -> old != null && !old.result().isCompletedExceptionally()
                && (notBefore == null || old.startedAt() >= notBefore) ? old
                : new Entry(System.currentTimeMillis(), CompletableFuture.supplyAsync(() -> {
                    ran[0] = true;
                    return invoke(dataSourceId, session, tool, arguments);
                }, pool)));
        CompletableFuture<ToolResult> result = entry.result();
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((value, failure) -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            Outcome outcome;
            if (failure == null) {
                outcome = new Outcome(value, value.error() ? "TOOL_ERROR" : "OK", millis, !ran[0], value.error() ? value.text() : null);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                cache.asMap().remove(key, entry);
                String status = cause instanceof TimeoutException ? "TIMEOUT"
                        : cause instanceof ToolCallException e ? e.kind().name() : "FAILED";
                String message = cause instanceof TimeoutException ? "The tool did not answer within " + timeout.toSeconds() + " s."
                        : cause instanceof ToolCallException ? cause.getMessage() : "The call failed.";
                outcome = new Outcome(null, status, millis, false, message);
            }
            audit(user, dataSourceId, tool, arguments, outcome);
            return outcome;
        });
    }

    private ToolResult invoke(long dataSourceId, Supplier<DataSources.ToolSession> session, String tool, Map<String, Object> arguments) {
        Semaphore slots = perSource.computeIfAbsent(dataSourceId, id -> new Semaphore(PER_SOURCE));
        slots.acquireUninterruptibly();
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    return session.get().call(tool, arguments);
                } catch (ToolCallException e) {
                    if (e.kind() != ToolCallException.Kind.UNAVAILABLE || attempt >= RETRIES) {
                        throw e;
                    }
                    sleep(200L * (1L << (2 * attempt)));
                }
            }
        } finally {
            slots.release();
        }
    }

    private void audit(SightlineUser user, long dataSourceId, String tool, Map<String, Object> arguments, Outcome outcome) {
        long size = outcome.result() == null ? 0 : outcome.result().text().length();
        jdbc.sql("""
                INSERT INTO tool_call_audit (workspace_id, user_id, data_source_id, tool, arguments, status, duration_ms, result_bytes, cached, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(user.workspaceId(), user.id(), dataSourceId, tool, canonical(arguments), outcome.status(), outcome.durationMs(), size,
                        outcome.cached(), OffsetDateTime.now())
                .update();
    }

    static String canonical(Map<String, Object> arguments) {
        return JsonMapper.shared().writeValueAsString(new TreeMap<>(arguments));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
