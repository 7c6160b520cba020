package dev.sightline.ask.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSources;
import dev.sightline.source.DataSources.ToolCallException;
import dev.sightline.source.DataSources.ToolResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one executor of tool calls. Identical calls within the cache time are served once (a
 * single-flight cache: a second caller waits for the first call instead of making its own).
 * Calls run in their data source's bulkhead ({@link SourceBulkheads}), so a hanging source
 * holds up only its own calls; each call has one time limit, queueing and retries included,
 * after which it is answered and abandoned. A source that could not be reached is tried again
 * with backoff within that limit; an answer, even an error, never is. Every call is written to
 * the audit log. The read-only policy is checked again inside the data source's session.
 */
@Component
class ToolRunner {

    private static final int RETRIES = 2;
    /** The audit log's column sizes. */
    private static final int AUDIT_TOOL_CHARS = 200;
    private static final int AUDIT_ARGUMENTS_CHARS = 10_000;
    private static final int AUDIT_STATUS_CHARS = 20;

    /**
     * A call's outcome as the analysis records it; {@code error} is fit to show a person, {@code readAt}
     * is when the call whose result this is started (earlier than this call's when it came from the cache).
     */
    record Outcome(ToolResult result, String status, long durationMs, boolean cached, String error, Instant readAt) {
        boolean ok() {
            return result != null && !result.error();
        }
    }

    /** A call in flight or done, and when it started: a "fresh" caller accepts only calls started after its own start. */
    private record Entry(long startedAt, CompletableFuture<ToolResult> result) {
    }

    private final Cache<String, Entry> cache;
    private final SourceBulkheads bulkheads;
    private final JdbcTemplate jdbc;
    private final Duration timeout;

    ToolRunner(JdbcTemplate jdbc, SourceBulkheads bulkheads, @Value("${sightline.ask.cache-ttl:60s}") Duration cacheTtl,
               @Value("${sightline.ask.call-timeout:30s}") Duration timeout) {
        this.jdbc = jdbc;
        this.bulkheads = bulkheads;
        this.timeout = timeout;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(2_000).build();
    }

    /**
     * Runs one call on the run's session of the data source. Identical calls share one result;
     * the run's {@code notBefore} (the dashboard's Refresh) accepts only calls started at or after
     * that moment, so a refresh bypasses older results but its own tiles still share their calls.
     * A {@code directory} call (the vendor's teams and sites, see {@link Calls#lookup}) is served
     * from the cache even then.
     */
    CompletableFuture<Outcome> call(RunSessions sessions, DataSources.DataSource source, String tool, Map<String, Object> arguments, boolean directory,
                                    Consumer<Audited> audit) {
        SightlineUser user = sessions.user();
        Long notBefore = directory ? null : sessions.notBefore();
        String canonicalArguments = canonical(arguments);
        String key = user.workspaceId() + ":" + user.id() + ":" + source.id() + ":" + tool + ":" + canonicalArguments;
        long started = System.nanoTime();
        boolean[] ran = {false};
        Entry entry = cache.asMap().compute(key, (k, old) -> {
            if (old != null && !old.result().isCompletedExceptionally() && (notBefore == null || old.startedAt() >= notBefore)) {
                return old;
            }
            ran[0] = true;
            return new Entry(System.currentTimeMillis(), start(sessions, source, tool, arguments));
        });
        return entry.result().handle((value, failure) -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            Instant readAt = Instant.ofEpochMilli(entry.startedAt());
            Outcome outcome;
            if (failure == null) {
                String error = value.error() ? message(ServerMessages.clean(value.text()), "The tool answered with an error.") : null;
                outcome = new Outcome(value, value.error() ? "TOOL_ERROR" : "OK", millis, !ran[0], error, readAt);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                cache.asMap().remove(key, entry);
                if (cause instanceof TimeoutException) {
                    outcome = new Outcome(null, "TIMEOUT", millis, false, source.name() + " did not answer within " + seconds(timeout) + ".", readAt);
                } else if (cause instanceof SourceBulkheads.NotAnswering) {
                    outcome = new Outcome(null, "NOT_ANSWERING", millis, false, cause.getMessage(), readAt);
                } else if (cause instanceof ToolCallException e) {
                    outcome = new Outcome(null, e.kind().name(), millis, false, message(ServerMessages.clean(e.getMessage()), "The call failed."), readAt);
                } else {
                    outcome = new Outcome(null, "FAILED", millis, false, "The call failed.", readAt);
                }
            }
            audit.accept(new Audited(user.workspaceId(), user.id(), source.id(), cap(tool, AUDIT_TOOL_CHARS), cap(canonicalArguments, AUDIT_ARGUMENTS_CHARS),
                    cap(outcome.status(), AUDIT_STATUS_CHARS), outcome.durationMs(), outcome.result() == null ? 0 : outcome.result().text().length(),
                    outcome.cached(), OffsetDateTime.now()));
            return outcome;
        });
    }

    private CompletableFuture<ToolResult> start(RunSessions sessions, DataSources.DataSource source, String tool, Map<String, Object> arguments) {
        AtomicReference<DataSources.ToolSession> inUse = new AtomicReference<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        return bulkheads.run(source.id(), source.name(), sessions.user().id(), () -> {
            for (int attempt = 0; ; attempt++) {
                DataSources.ToolSession session = sessions.of(source.id());
                inUse.set(session);
                try {
                    return session.call(tool, arguments);
                } catch (ToolCallException e) {
                    if (e.kind() != ToolCallException.Kind.UNAVAILABLE || attempt >= RETRIES || abandoned.get()) {
                        throw e;
                    }
                    sleep(200L * (1L << (2 * attempt)));
                    if (abandoned.get()) {
                        throw e;
                    }
                }
            }
        }, () -> {
            abandoned.set(true);
            DataSources.ToolSession session = inUse.get();
            if (session != null) {
                sessions.discard(source.id(), session);
            }
        }, timeout);
    }

    /** A call as the audit log keeps it, its texts already cut to their columns. */
    record Audited(long workspaceId, long userId, long dataSourceId, String tool, String arguments, String status, long durationMs,
                   long resultBytes, boolean cached, OffsetDateTime at) {
    }

    /**
     * Writes audit rows in one batch: a question's calls, cached ones included, are written
     * together when it is answered rather than one statement (and one commit) per call.
     */
    void audit(List<Audited> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO tool_call_audit (workspace_id, user_id, data_source_id, tool, arguments, status, duration_ms, result_bytes, cached, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, rows.size(), (statement, row) -> {
            statement.setLong(1, row.workspaceId());
            statement.setLong(2, row.userId());
            statement.setLong(3, row.dataSourceId());
            statement.setString(4, row.tool());
            statement.setString(5, row.arguments());
            statement.setString(6, row.status());
            statement.setLong(7, row.durationMs());
            statement.setLong(8, row.resultBytes());
            statement.setBoolean(9, row.cached());
            statement.setObject(10, row.at());
        });
    }

    static String canonical(Map<String, Object> arguments) {
        return JsonMapper.shared().writeValueAsString(new TreeMap<>(arguments));
    }

    /** A value cut to its column, marked as cut: a server's long names must not fail the insert. */
    private static String cap(String value, int chars) {
        return value.length() <= chars ? value : value.substring(0, chars - 1) + "…";
    }

    private static String message(String cleaned, String otherwise) {
        return cleaned == null ? otherwise : cleaned;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
