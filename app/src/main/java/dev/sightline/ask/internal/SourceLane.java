package dev.sightline.ask.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The calls one data source runs at once, and the order in which waiting calls start.
 * <p>
 * A call starts at once while fewer than the source's limit run; otherwise it waits in the line of
 * the person it is for, and the lines take turns: one person's dashboard of sixty calls cannot put
 * another person's question behind all of them, it waits for at most one call of each other line.
 * <p>
 * The limit follows how the source behaves (additive increase, multiplicative decrease): it starts
 * at the configured number, grows by one after a limit's worth of answers while calls were waiting,
 * and halves when the source says it is overloaded or cannot be reached, or a call times out; never
 * below one nor above the maximum. The threads follow the limit, so a source holds at most as many
 * threads as calls it may run.
 */
final class SourceLane {

    /** How a call ended, as far as the source's capacity is concerned. */
    enum Outcome { ANSWERED, STRAINED }

    private final ThreadPoolExecutor threads;
    private final int maxLimit;
    private final int maxWaiting;
    private final Map<Long, ArrayDeque<Runnable>> lines = new HashMap<>();
    /** The people with waiting calls, in the order they get their next turn. */
    private final ArrayDeque<Long> turns = new ArrayDeque<>();
    private int limit;
    private int running;
    private int waiting;
    private int answersSinceGrowth;

    /** {@code threads}: the source's own pool; its size is set here, to the limit. */
    SourceLane(ThreadPoolExecutor threads, int initialLimit, int maxLimit, int maxWaiting) {
        this.threads = threads;
        this.maxLimit = Math.max(1, maxLimit);
        this.maxWaiting = maxWaiting;
        this.limit = Math.max(1, Math.min(initialLimit, this.maxLimit));
        resize(this.limit);
    }

    /** Starts the call now or queues it in the person's line; false when the queue is full (nothing queued). */
    boolean offer(long person, Runnable call) {
        synchronized (this) {
            if (running >= limit) {
                if (waiting >= maxWaiting) {
                    return false;
                }
                ArrayDeque<Runnable> line = lines.computeIfAbsent(person, p -> new ArrayDeque<>());
                if (line.isEmpty()) {
                    turns.addLast(person);
                }
                line.addLast(call);
                waiting++;
                return true;
            }
            running++;
        }
        start(call);
        return true;
    }

    /** Takes a call out of its line (it timed out while waiting); false when it already started. */
    synchronized boolean withdraw(long person, Runnable call) {
        ArrayDeque<Runnable> line = lines.get(person);
        if (line == null || !line.remove(call)) {
            return false;
        }
        waiting--;
        if (line.isEmpty()) {
            lines.remove(person);
            turns.remove(person);
        }
        return true;
    }

    /** Adjusts the limit to how a call ended, and starts waiting calls the new limit leaves room for. */
    void record(Outcome outcome) {
        synchronized (this) {
            if (outcome == Outcome.STRAINED) {
                answersSinceGrowth = 0;
                setLimit(Math.max(1, limit / 2));
                return;
            }
            if (waiting == 0 || limit >= maxLimit || ++answersSinceGrowth < limit) {
                return;
            }
            answersSinceGrowth = 0;
            setLimit(limit + 1);
        }
        startWaiting();
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int waiting() {
        return waiting;
    }

    private void start(Runnable call) {
        threads.execute(() -> {
            try {
                call.run();
            } finally {
                finished();
            }
        });
    }

    /** A call's thread is free: the next line's call takes its place, unless the limit shrank below what runs. */
    private void finished() {
        synchronized (this) {
            running--;
        }
        startWaiting();
    }

    private void startWaiting() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (running >= limit || waiting == 0) {
                    return;
                }
                long person = turns.removeFirst();
                ArrayDeque<Runnable> line = lines.get(person);
                next = line.removeFirst();
                if (line.isEmpty()) {
                    lines.remove(person);
                } else {
                    turns.addLast(person);
                }
                waiting--;
                running++;
            }
            start(next);
        }
    }

    private void setLimit(int newLimit) {
        if (newLimit != limit) {
            limit = newLimit;
            resize(newLimit);
        }
    }

    /** Core and maximum together; the order keeps core at or below maximum at every step. */
    private void resize(int size) {
        if (size > threads.getMaximumPoolSize()) {
            threads.setMaximumPoolSize(size);
            threads.setCorePoolSize(size);
        } else {
            threads.setCorePoolSize(size);
            threads.setMaximumPoolSize(size);
        }
    }
}
