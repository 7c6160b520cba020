package dev.sightline.ask.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.sightline.source.DataSources.ToolCallException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One bulkhead per data source, so a source that hangs can only hold up its own calls. Each has
 * its own few threads, as many as the calls it may run at once ({@link SourceLane}: a limit that
 * follows the source's behaviour, and waiting calls that take turns person by person), a bounded
 * queue (a full queue turns new calls away at once; it holds a dashboard refresh's burst, a dozen
 * tiles of month-long series at a few hundred calls), and a circuit breaker: once half of a
 * source's recent calls timed out, new calls fail at once with "… is not answering" for a pause,
 * then one call goes through as a probe, and its answer closes the breaker again.
 * <p>
 * The threads are a plain {@link ThreadPoolExecutor} rather than Resilience4j's
 * ThreadPoolBulkhead: its core threads never time out, so every source ever asked would keep
 * its threads; here an idle source has none.
 * <p>
 * A timed-out call is answered at once and its {@code abandon} action runs (the caller closes
 * the session the call is blocked on, which ends it); the thread is never interrupted, as it may
 * be writing to the database (an interrupt closes an H2 file channel).
 */
@Component
class SourceBulkheads {

    /** Why a call was not made: the source is paused after timeouts, or its queue is full. */
    static final class NotAnswering extends RuntimeException {
        NotAnswering(String source) {
            super(source + " is not answering; try again later.", null, false, false);
        }
    }

    private record Bulkhead(ThreadPoolExecutor threads, SourceLane lane, CircuitBreaker breaker) {
    }

    private final int concurrency;
    private final int maxConcurrency;
    private final int queue;
    private final CircuitBreakerConfig breakers;
    private final Cache<Long, Bulkhead> bulkheads;

    SourceBulkheads(@Value("${sightline.ask.calls-per-source:4}") int concurrency, @Value("${sightline.ask.max-calls-per-source:16}") int maxConcurrency,
                    @Value("${sightline.ask.queue-per-source:512}") int queue,
                    @Value("${sightline.ask.pause-after-timeouts:30s}") Duration pause, ObjectProvider<Clock> clock) {
        this.concurrency = concurrency;
        this.maxConcurrency = Math.max(concurrency, maxConcurrency);
        this.queue = queue;
        this.breakers = CircuitBreakerConfig.custom()
                .slidingWindow(4, 2, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                // Only a call that did not answer in time says the source hangs; an error is an answer.
                .recordException(e -> e instanceof TimeoutException)
                .waitDurationInOpenState(pause)
                // The pause is measured on the application's clock, so tests move it instead of waiting for it.
                .clock(clock.getIfAvailable(Clock::systemUTC))
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .build();
        // An unused bulkhead holds no thread; dropping it after an hour forgets deleted sources.
        this.bulkheads = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
                .<Long, Bulkhead>removalListener((id, bulkhead, cause) -> {
                    if (bulkhead != null && cause != RemovalCause.REPLACED) {
                        bulkhead.threads().shutdown();
                    }
                })
                .build();
    }

    /**
     * Runs {@code work} for {@code person} on the source's threads. The future fails with
     * {@link NotAnswering} at once when the source is paused or its queue is full, and with a
     * {@link TimeoutException} after {@code timeout} (queueing included), when {@code abandon} runs.
     */
    <T> CompletableFuture<T> run(long sourceId, String sourceName, long person, Callable<T> work, Runnable abandon, Duration timeout) {
        Bulkhead bulkhead = bulkheads.get(sourceId, this::create);
        if (!bulkhead.breaker().tryAcquirePermission()) {
            return CompletableFuture.failedFuture(new NotAnswering(sourceName));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        long started = System.nanoTime();
        if (!bulkhead.lane().offer(person, task)) {
            bulkhead.breaker().releasePermission();
            return CompletableFuture.failedFuture(new NotAnswering(sourceName));
        }
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            long took = System.nanoTime() - started;
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                bulkhead.breaker().onError(took, TimeUnit.NANOSECONDS, cause);
                bulkhead.lane().withdraw(person, task);
                bulkhead.lane().record(SourceLane.Outcome.STRAINED);
                abandon.run();
            } else {
                bulkhead.breaker().onSuccess(took, TimeUnit.NANOSECONDS);
                // Overloaded (429, 5xx) or unreachable: the source says it has too much to do.
                boolean strained = cause instanceof ToolCallException e && e.kind() == ToolCallException.Kind.UNAVAILABLE;
                bulkhead.lane().record(strained ? SourceLane.Outcome.STRAINED : SourceLane.Outcome.ANSWERED);
            }
        });
        return result;
    }

    private Bulkhead create(long sourceId) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "tool-call-" + sourceId + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // The lane hands the pool at most as many calls as it has threads; the queue only bridges a thread's turn-over.
        ThreadPoolExecutor threads = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        threads.allowCoreThreadTimeOut(true);
        return new Bulkhead(threads, new SourceLane(threads, concurrency, maxConcurrency, queue), CircuitBreaker.of("data-source-" + sourceId, breakers));
    }

    @PreDestroy
    void stop() {
        bulkheads.asMap().values().forEach(b -> b.threads().shutdown());
    }
}
