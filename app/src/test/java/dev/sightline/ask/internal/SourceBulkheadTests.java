package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import dev.sightline.testing.TestMcpServer;
import dev.sightline.testing.TestMcpServer.Reply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One bad MCP server cannot hurt the others: sources that hang hold up only their own calls, a
 * source whose calls time out turns new work away at once, and it is used again once it answers.
 */
class SourceBulkheadTests extends McpServerFlowTest {

    private static final String LEDGER = "get-ledger";
    private static final String LEDGER_TOOL = "Ledger entries booked in a period";

    @Test
    void aHealthySourceAnswersWhileFourSourcesHang() throws Exception {
        TestMcpServer shop = server("count-signups", "Sign-ups counted per day",
                Reply.json(Map.of("days", List.of(Map.of("day", "2026-11-24", "signups", 12), Map.of("day", "2026-11-25", "signups", 9)))));
        long healthy = connect(shop, "Shop");
        List<TestMcpServer> stuck = new ArrayList<>();
        List<Long> stuckIds = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            stuck.add(server(LEDGER, LEDGER_TOOL, Reply.hang()));
            stuckIds.add(connect(stuck.get(i - 1), "Ledger " + i));
        }
        // Once before measuring: the first question loads the sentence model.
        assertThat(ask(healthy, "count the signups").path("status").asString()).isEqualTo("ANSWERED");

        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        // 16 people keep asking the hanging sources (4 each, each window its own call) while one asks the healthy one.
        AtomicBoolean measuring = new AtomicBoolean(true);
        ExecutorService people = Executors.newFixedThreadPool(16);
        List<Future<List<JsonNode>>> hanging = new ArrayList<>();
        for (long id : stuckIds) {
            for (int days = 1; days <= 4; days++) {
                String question = "get the ledger for the last " + days + " days";
                hanging.add(people.submit(() -> {
                    List<JsonNode> answers = new ArrayList<>();
                    do {
                        answers.add(ask(id, question));
                        Thread.sleep(200);
                    } while (measuring.get());
                    return answers;
                }));
            }
        }
        waitFor(() -> stuck.stream().allMatch(s -> s.calls(LEDGER) > 0), Duration.ofSeconds(60));

        List<Long> sources = new ArrayList<>(stuckIds);
        sources.add(healthy);
        List<Long> millis = new ArrayList<>();
        Map<Long, Integer> toolThreads = new HashMap<>();
        int jvmThreads = 0;
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            JsonNode answer = ask(healthy, "count the signups");
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("ANSWERED");
            assertThat(answer.path("steps").get(0).path("status").asString()).isEqualTo("OK");
            assertThat(answer.path("table").path("rows").size()).isEqualTo(2);
            for (long source : sources) {
                toolThreads.merge(source, threadsOf(source), Math::max);
            }
            jvmThreads = Math.max(jvmThreads, ManagementFactory.getThreadMXBean().getThreadCount());
        }
        measuring.set(false);
        List<JsonNode> stuckAnswers = new ArrayList<>();
        for (Future<List<JsonNode>> f : hanging) {
            stuckAnswers.addAll(f.get());
        }
        people.shutdown();

        Collections.sort(millis);
        System.out.printf("Healthy source while 4 sources hang: p50 %d ms, p95 %d ms, max %d ms over %d questions; "
                        + "%d questions to the hanging sources; tool-call threads per source at most %s; threads in the JVM %d before, at most %d during%n",
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(0.95 * millis.size()) - 1), millis.get(millis.size() - 1), millis.size(),
                stuckAnswers.size(), toolThreads, threadsBefore, jvmThreads);
        // Each source has its own few threads, whatever the others do.
        assertThat(toolThreads.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4));
        assertThat(stuckAnswers).allSatisfy(a -> {
            assertThat(a.path("status").asString()).isEqualTo("FAILED");
            assertThat(a.path("answer").path("text").asString()).containsAnyOf("did not answer within 15 s", "is not answering; try again later");
        });
    }

    @Test
    void aSourceWhoseCallsTimedOutIsTurnedAwayAtOnceUntilItAnswersAgain() throws Exception {
        TestMcpServer ledger = server(LEDGER, LEDGER_TOOL, Reply.hang());
        long id = connect(ledger, "Frozen ledger");

        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> askUnchecked(id, "get the ledger for the last 2 days"));
        CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> askUnchecked(id, "get the ledger for the last 3 days"));
        for (JsonNode timedOut : List.of(first.get(), second.get())) {
            assertThat(timedOut.path("status").asString()).isEqualTo("FAILED");
            assertThat(timedOut.path("answer").path("text").asString()).contains("Frozen ledger did not answer within 15 s.");
            assertThat(timedOut.path("steps").get(0).path("status").asString()).isEqualTo("TIMEOUT");
        }
        assertThat(ledger.calls(LEDGER)).isEqualTo(2);

        // New work fails at once, without a call reaching the server.
        JsonNode turnedAway = ask(id, "get the ledger for the last 4 days");
        assertThat(turnedAway.path("status").asString()).isEqualTo("FAILED");
        assertThat(turnedAway.path("answer").path("text").asString()).isEqualTo("I could not get the data: Frozen ledger is not answering; try again later.");
        assertThat(turnedAway.path("answer").path("confidence").isNull()).isTrue();
        assertThat(turnedAway.path("pinnable").asBoolean()).isFalse();
        assertThat(turnedAway.path("steps").get(0).path("status").asString()).isEqualTo("NOT_ANSWERING");
        assertThat(turnedAway.path("warnings").get(0).path("title").asString()).isEqualTo("Frozen ledger is not answering");
        assertThat(ledger.calls(LEDGER)).isEqualTo(2);

        // The Ask page shows the failure without a confidence or a pin.
        String page = pages.page("/ask?id=" + turnedAway.path("id").asString());
        assertThat(page).contains("Frozen ledger is not answering; try again later.").doesNotContain("% confidence").doesNotContain("Pin to dashboard");

        // It answers again: after the pause one probe goes through, and the source is used as before.
        ledger.tool(LEDGER, LEDGER_TOOL, Reply.rows(3));
        clock.moveForward(Duration.ofSeconds(31));
        JsonNode[] answered = new JsonNode[1];
        waitFor(() -> {
            answered[0] = askUnchecked(id, "get the ledger for the last 5 days");
            return "ANSWERED".equals(answered[0].path("status").asString());
        }, Duration.ofSeconds(60));
        assertThat(answered[0].path("table").path("rows").size()).isEqualTo(3);
        assertThat(ask(id, "get the ledger for the last 6 days").path("status").asString()).isEqualTo("ANSWERED");
    }

    private static int threadsOf(long dataSourceId) {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tool-call-" + dataSourceId + "-")).count();
    }

    @Test
    void aSourceWhoseQueueIsFullTurnsNewCallsAwayAtOnce() throws Exception {
        TestMcpServer ledger = server(LEDGER, LEDGER_TOOL, Reply.hang());
        long id = connect(ledger, "Busy ledger");

        // 4 calls run and 2 wait; the 7th finds the queue full.
        List<CompletableFuture<JsonNode>> questions = new ArrayList<>();
        for (int days = 1; days <= 7; days++) {
            String question = "get the ledger for the last " + days + " days";
            questions.add(CompletableFuture.supplyAsync(() -> askUnchecked(id, question)));
        }
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<JsonNode> question : questions) {
            JsonNode answer = question.get();
            assertThat(answer.path("status").asString()).isEqualTo("FAILED");
            outcomes.add(answer.path("steps").get(0).path("status").asString());
        }
        assertThat(outcomes).contains("NOT_ANSWERING").containsOnly("TIMEOUT", "NOT_ANSWERING");
        assertThat(ledger.calls(LEDGER)).isBetween(1, 6);
    }

    private JsonNode askUnchecked(long id, String question) {
        try {
            return ask(id, question);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls for an outcome, a little at a time, up to a generous bound. */
    private static void waitFor(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + atMost.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
