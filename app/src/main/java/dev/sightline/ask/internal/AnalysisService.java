package dev.sightline.ask.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.sightline.account.SightlineUser;
import dev.sightline.account.Workspaces;
import dev.sightline.ask.Analyses;
import dev.sightline.ask.Analysis;
import dev.sightline.ask.AnalysisPlan;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;
import dev.sightline.source.DataSources;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plans a question over the user's data sources, runs the plan through the executor, composes and stores the answer. */
@Service
class AnalysisService implements Analyses {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The analysis table's question column. */
    private static final int QUESTION_CHARS = 2_000;
    private final DataSources dataSources;
    private final Workspaces workspaces;
    private final ToolRunner runner;
    private final ToolRanker ranker;
    private final JdbcClient jdbc;
    /** The application's clock, where one is configured (tests stop it at their vendor's "now"); the system's otherwise. */
    private final Clock clock;
    /** Closes runs' sessions in the background: a hanging server's goodbye holds up no answer. */
    private final ThreadPoolExecutor closer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "session-close");
        t.setDaemon(true);
        return t;
    });

    AnalysisService(DataSources dataSources, Workspaces workspaces, ToolRunner runner, ToolRanker ranker, JdbcClient jdbc, ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.dataSources = dataSources;
        this.workspaces = workspaces;
        this.runner = runner;
        this.ranker = ranker;
        this.jdbc = jdbc;
        closer.allowCoreThreadTimeOut(true);
    }

    @Override
    public Analysis ask(SightlineUser user, String question, List<Long> dataSourceIds, boolean fresh, Progress progress) {
        String q = question == null ? "" : question.strip();
        Instant now = clock.instant();
        ZoneId zone = workspaces.timeZone(user.workspaceId());
        progress.update("planning", Map.of("question", q));
        List<DataSources.DataSource> sources = dataSources.list(user).stream()
                .filter(s -> dataSourceIds == null || dataSourceIds.isEmpty() || dataSourceIds.contains(s.id())).toList();
        long started = System.nanoTime();
        Analysis analysis;
        if (q.isEmpty() || q.length() > 1000) {
            analysis = message(q, "Ask a question of up to 1,000 characters, such as \"How many requests did we deny for rate limiting this week?\"", now);
        } else if (sources.isEmpty()) {
            analysis = message(q, "There is no connected data source to answer from. Connect one under Data Sources → Add data source, then ask again.", now);
        } else {
            AnalysisPlan plan = plan(q, sources, zone, now, ranker);
            long planned = System.nanoTime();
            // "Fresh" compares wall-clock start times of cached calls, never the application's clock, which may be stopped.
            try (RunSessions sessions = new RunSessions(dataSources, user, fresh ? System.currentTimeMillis() : null, closer)) {
                analysis = execute(user, plan, sessions, progress, newId(), now, zone);
            }
            long done = System.nanoTime();
            analysis = analysis.withTimings(new Analysis.Timings((planned - started) / 1_000_000, (done - planned) / 1_000_000, (done - started) / 1_000_000));
        }
        store(user, analysis);
        progress.update("done", Map.of("id", analysis.id()));
        return analysis;
    }

    @Override
    public Analysis run(SightlineUser user, AnalysisPlan plan, boolean fresh) {
        return runAll(user, List.of(plan), fresh).get(0);
    }

    /** Several plans at once (a dashboard): in parallel, one session per data source, identical calls made once. */
    @Override
    public List<Analysis> runAll(SightlineUser user, List<AnalysisPlan> plans, boolean fresh) {
        Instant now = clock.instant();
        ZoneId zone = workspaces.timeZone(user.workspaceId());
        RunSessions sessions = new RunSessions(dataSources, user, fresh ? System.currentTimeMillis() : null, closer);
        try {
            List<CompletableFuture<Analysis>> runs = plans.stream()
                    .map(plan -> CompletableFuture.supplyAsync(() -> execute(user, plan, sessions, Progress.NONE, "run-" + newId(), now, zone), PLANS))
                    .toList();
            return runs.stream().map(CompletableFuture::join).toList();
        } finally {
            sessions.close();
        }
    }

    private static final ExecutorService PLANS = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "plan-run");
        t.setDaemon(true);
        return t;
    });

    /** Picks the source and the planner: a connector profile when one fits, else the generic planner. */
    static AnalysisPlan plan(String question, List<DataSources.DataSource> sources, ZoneId zone, Instant now, ToolRanker ranker) {
        String phrase = TimeWindows.find(question, zone, now).map(TimeWindows.Window::phrase).orElse(null);
        String lower = question.toLowerCase(Locale.ROOT);
        DataSources.DataSource source = sources.stream().filter(s -> lower.contains(s.name().toLowerCase(Locale.ROOT))
                || (s.site() != null && lower.contains(s.site()))).findFirst()
                .or(() -> sources.stream().filter(ArcjetQuestions::fits).findFirst())
                .orElse(sources.get(0));
        return ArcjetQuestions.fits(source) ? ArcjetQuestions.plan(question, source, phrase) : GenericQuestions.plan(question, source, phrase, ranker);
    }

    private Analysis execute(SightlineUser user, AnalysisPlan plan, RunSessions sessions, Progress progress, String id, Instant now, ZoneId zone) {
        TimeWindows.Window window = plan.window() == null ? TimeWindows.defaultWindow(now) : TimeWindows.resolve(plan.window(), zone, now);
        if (plan.window() == null) {
            window = new TimeWindows.Window(null, window.start(), window.end());
        }
        Analysis.Period period = new Analysis.Period(window.phrase() == null ? "last 7 days" : window.phrase(), window.start(), window.end());
        int confidence = (int) Math.round(plan.confidence() * 100);
        if ("UNCLEAR".equals(plan.intent())) {
            return new Analysis(id, plan.question(), Analysis.Status.ANSWERED, new Analysis.Answer("I'm not sure what you mean. Did you want one of these?", confidence, plan.readings()),
                    ChartSpec.table("No answer"), Dataset.of(List.of()), List.of(), List.of(), plan, period, now, null);
        }
        if ("MISSING_DATA".equals(plan.intent())) {
            String missing = String.join(" and ", plan.missing());
            return new Analysis(id, plan.question(), Analysis.Status.ANSWERED, new Analysis.Answer("I can't answer that: no connected data source has " + missing
                    + ". Connect the " + missing + " data (a file or a database) under Data Sources, then ask again.", confidence,
                    List.of("How many requests did we deny this week?", "Did denial rates spike in the last 30 days?")),
                    ChartSpec.table("No answer"), Dataset.of(List.of()), List.of(),
                    List.of(new Analysis.Warning("Missing data: " + missing, "No connected source records " + missing + ".",
                            "Add it as a data source (Data Sources → Add data source).")), plan, period, now, null);
        }
        Optional<DataSources.DataSource> source = dataSources.find(user, plan.dataSourceId());
        RecordingCalls calls = new RecordingCalls(source.orElse(null), sessions, progress);
        try {
            if (source.isEmpty()) {
                throw new Calls.CallFailed("NOT_FOUND", "The data source of this question is no longer connected.");
            }
            ArcjetQuestions.Composed composed;
            if (ArcjetQuestions.CONNECTOR.equals(plan.connector()) && !"TOOL".equals(plan.intent())) {
                composed = ArcjetQuestions.answer(plan, window, zone, calls);
            } else {
                DataSources.AllowedTool tool = source.get().tools().stream().filter(t -> t.name().equals(plan.tool())).findFirst()
                        .orElseThrow(() -> new Calls.CallFailed("REFUSED", "The tool " + plan.tool() + " is not available on this data source any more."));
                composed = GenericQuestions.answer(plan, window, calls, tool);
            }
            progress.update("composing", Map.of());
            return new Analysis(id, plan.question(), Analysis.Status.ANSWERED, new Analysis.Answer(composed.text(), confidence, composed.followUps()),
                    composed.chart(), composed.table(), calls.steps(), composed.warnings(), plan, period, now, null);
        } catch (Calls.CallFailed e) {
            String name = source.map(DataSources.DataSource::name).orElse("The data source");
            return new Analysis(id, plan.question(), Analysis.Status.FAILED, new Analysis.Answer("I could not get the data: " + e.getMessage(), null, List.of()),
                    ChartSpec.table("No answer"), Dataset.of(List.of()), calls.steps(), List.of(warning(e, name, plan.dataSourceId())), plan, period, now, null);
        }
    }

    /** What went wrong, in the words of the failure, and what to do about it. */
    private static Analysis.Warning warning(Calls.CallFailed failure, String source, long dataSourceId) {
        String page = "/sources/" + dataSourceId;
        return switch (failure.status) {
            case "NEEDS_REAUTH" -> new Analysis.Warning("Re-authenticate", failure.getMessage(), "Open the data source and click Re-authenticate.", page);
            case "NOT_ANSWERING" -> new Analysis.Warning(source + " is not answering", failure.getMessage(),
                    "Its recent calls timed out, so new ones are turned away for a while and other sources are not held up. Sightline tries it "
                            + "again by itself shortly; if it persists, use Test connection on the data source.", page);
            case "SERVER_ERROR" -> new Analysis.Warning(source + " answered with an error", failure.getMessage(),
                    "The server refused this call, so asking again will not help until that changes; check the data source or the vendor's status.",
                    page);
            case "TOOL_ERROR" -> new Analysis.Warning("The tool answered with an error", failure.getMessage(),
                    "Try the question with other words or a shorter period; if it persists, check the data source.");
            default -> new Analysis.Warning("The data source did not answer", failure.getMessage(),
                    "Try again; if it persists, use Test connection on the data source.", page);
        };
    }

    /** Calls through the executor on the run's session of the plan's source, each call recorded as a step. */
    private final class RecordingCalls implements Calls {
        private final DataSources.DataSource source;
        private final RunSessions sessions;
        private final Progress progress;
        private final List<Analysis.Step> steps = Collections.synchronizedList(new ArrayList<>());

        RecordingCalls(DataSources.DataSource source, RunSessions sessions, Progress progress) {
            this.source = source;
            this.sessions = sessions;
            this.progress = progress;
        }

        @Override
        public JsonNode call(String tool, Map<String, Object> arguments) {
            return callAll(tool, List.of(arguments)).get(0);
        }

        @Override
        public List<JsonNode> callAll(String tool, List<Map<String, Object>> argumentsList) {
            List<CompletableFuture<ToolRunner.Outcome>> futures = new ArrayList<>();
            for (Map<String, Object> arguments : argumentsList) {
                progress.update("tool-start", Map.of("tool", tool, "arguments", arguments));
                futures.add(runner.call(sessions, source, tool, arguments).whenComplete((outcome, failure) -> {
                    if (outcome != null) {
                        steps.add(new Analysis.Step(source.id(), tool, arguments, outcome.status(), outcome.durationMs(), outcome.cached()));
                        progress.update("tool-end", Map.of("tool", tool, "status", outcome.status(), "durationMs", outcome.durationMs()));
                    }
                }));
            }
            List<JsonNode> results = new ArrayList<>();
            for (CompletableFuture<ToolRunner.Outcome> future : futures) {
                ToolRunner.Outcome outcome = future.join();
                if (!outcome.ok()) {
                    throw new CallFailed(outcome.status(), outcome.error() == null ? "The call failed." : outcome.error());
                }
                results.add(json(outcome.result()));
            }
            return results;
        }

        List<Analysis.Step> steps() {
            return List.copyOf(steps);
        }
    }

    private static JsonNode json(DataSources.ToolResult result) {
        if (result.structured() != null) {
            return JsonMapper.shared().valueToTree(result.structured());
        }
        try {
            return JsonMapper.shared().readTree(result.text());
        } catch (RuntimeException e) {
            return JsonMapper.shared().createObjectNode().put("text", result.text());
        }
    }

    private static Analysis message(String question, String text, Instant now) {
        return new Analysis(newId(), question, Analysis.Status.ANSWERED, new Analysis.Answer(text, 0, List.of()), ChartSpec.table("No answer"), Dataset.of(List.of()),
                List.of(), List.of(), null, null, now, null);
    }

    // ---- storage ----

    private void store(SightlineUser user, Analysis analysis) {
        jdbc.sql("INSERT INTO analysis (id, workspace_id, user_id, question, plan, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(analysis.id(), user.workspaceId(), user.id(), cap(analysis.question(), QUESTION_CHARS), JsonMapper.shared().writeValueAsString(analysis.plan()),
                        JsonMapper.shared().writeValueAsString(analysis), OffsetDateTime.now())
                .update();
    }

    @Override
    public Optional<Analysis> find(SightlineUser user, String id) {
        return jdbc.sql("SELECT result FROM analysis WHERE workspace_id = ? AND user_id = ? AND id = ?").params(user.workspaceId(), user.id(), id)
                .query(String.class).optional().map(json -> JsonMapper.shared().readValue(json, Analysis.class));
    }

    @Override
    public List<Asked> recent(SightlineUser user, int limit) {
        return jdbc.sql("SELECT id, question, created_at FROM analysis WHERE workspace_id = ? AND user_id = ? ORDER BY created_at DESC LIMIT ?")
                .params(user.workspaceId(), user.id(), limit)
                .query((rs, n) -> new Asked(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant())).list();
    }

    private static String cap(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars - 1) + "…";
    }

    @PreDestroy
    void stop() {
        closer.shutdown();
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
