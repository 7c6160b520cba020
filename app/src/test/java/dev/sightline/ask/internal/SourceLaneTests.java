package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order calls of one source start in, and how many may run: lines take turns person by
 * person, and the limit grows with answers under demand and halves under strain. Each call here
 * starts only when the one before it finished (a limit of one), so the order is exact, whatever
 * the machine's load.
 */
class SourceLaneTests {

    private final ThreadPoolExecutor threads = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aQuestionWaitsForOneCallOfADashboardNotForAllOfThem() throws Exception {
        SourceLane lane = new SourceLane(threads, 1, 1, 100);
        List<String> started = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(7);
        long dashboard = 1;
        long question = 2;
        lane.offer(dashboard, () -> {
            started.add("tile 1");
            await(release);
            done.countDown();
        });
        for (int tile = 2; tile <= 5; tile++) {
            String name = "tile " + tile;
            lane.offer(dashboard, () -> {
                started.add(name);
                done.countDown();
            });
        }
        lane.offer(question, () -> {
            started.add("question");
            done.countDown();
        });
        lane.offer(dashboard, () -> {
            started.add("tile 6");
            done.countDown();
        });
        assertThat(lane.waiting()).isEqualTo(6);

        release.countDown();
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(started).containsExactly("tile 1", "tile 2", "question", "tile 3", "tile 4", "tile 5", "tile 6");
    }

    @Test
    void aFullQueueTurnsTheCallAwayAndAWithdrawnCallNeverStarts() throws Exception {
        SourceLane lane = new SourceLane(threads, 1, 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch replacement = new CountDownLatch(1);
        List<String> started = new CopyOnWriteArrayList<>();
        assertThat(lane.offer(1, () -> await(release))).isTrue();
        Runnable waiting = () -> started.add("withdrawn");
        assertThat(lane.offer(1, waiting)).isTrue();
        assertThat(lane.offer(2, () -> started.add("over the limit"))).isFalse();

        assertThat(lane.withdraw(1, waiting)).isTrue();
        assertThat(lane.offer(2, () -> {
            started.add("in its place");
            replacement.countDown();
        })).isTrue();
        release.countDown();
        // The lane hands the first call's thread on after that call returned: wait for the call
        // that should start, not for the first one to end.
        assertThat(replacement.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lane.waiting()).isZero();
        assertThat(started).containsExactly("in its place");
    }

    @Test
    void theLimitGrowsWithAnswersUnderDemandAndHalvesUnderStrain() {
        SourceLane lane = new SourceLane(threads, 4, 6, 100);
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            lane.offer(1, () -> await(never));
        }
        assertThat(lane.limit()).isEqualTo(4);
        assertThat(threads.getMaximumPoolSize()).isEqualTo(4);

        // Calls are waiting: every limit's worth of answers adds one, up to the maximum.
        for (int i = 0; i < 4; i++) {
            lane.record(SourceLane.Outcome.ANSWERED);
        }
        assertThat(lane.limit()).isEqualTo(5);
        for (int i = 0; i < 30; i++) {
            lane.record(SourceLane.Outcome.ANSWERED);
        }
        assertThat(lane.limit()).isEqualTo(6);
        assertThat(threads.getCorePoolSize()).isEqualTo(6);

        lane.record(SourceLane.Outcome.STRAINED);
        assertThat(lane.limit()).isEqualTo(3);
        lane.record(SourceLane.Outcome.STRAINED);
        lane.record(SourceLane.Outcome.STRAINED);
        lane.record(SourceLane.Outcome.STRAINED);
        assertThat(lane.limit()).isEqualTo(1);
        assertThat(threads.getMaximumPoolSize()).isEqualTo(1);
        never.countDown();
    }

    @Test
    void withoutWaitingCallsTheLimitStaysWhereItIs() {
        SourceLane lane = new SourceLane(threads, 2, 8, 100);
        for (int i = 0; i < 50; i++) {
            lane.record(SourceLane.Outcome.ANSWERED);
        }
        assertThat(lane.limit()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
