package dev.sightline.ask.internal;

import dev.sightline.dataset.ResultTree;

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
import dev.sightline.ask.Query;
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
        // Refused here as well as in the controllers: nothing blank or overlong is planned or stored.
        String q = Questions.checked(question);
        Instant now = clock.instant();
        ZoneId zone = workspaces.timeZone(user.workspaceId());
        progress.update("planning", Map.of("question", q));
        List<DataSources.DataSource> sources = dataSources.list(user).stream()
                .filter(s -> dataSourceIds == null || dataSourceIds.isEmpty() || dataSourceIds.contains(s.id())).toList();
        long started = System.nanoTime();
        Analysis analysis;
        if (sources.isEmpty()) {
            analysis = message(q, "There is no connected data source to answer from. Connect one under Data Sources → Add data source, then ask again.", now);
        } else {
            // "Fresh" compares wall-clock start times of cached calls, never the application's clock, which may be stopped.
            try (RunSessions sessions = new RunSessions(dataSources, user, fresh ? System.currentTimeMillis() : null, closer)) {
                List<DataSources.DataSource> servers = sources.stream().filter(s -> !s.business()).toList();
                List<DataSources.DataSource> business = sources.stream().filter(DataSources.DataSource::business).toList();
                DataSources.DataSource source = servers.isEmpty() ? business.get(0) : source(q, servers);
                RecordingCalls calls = new RecordingCalls(source, sessions, progress);
                analysis = calls.audited(() -> {
                    Planned planned = servers.isEmpty() ? null : plan(q, source, zone, now, ranker, calls);
                    Planned withBusiness = business.isEmpty() ? null : withBusiness(q, planned, source, business, zone, now);
                    if (withBusiness != null) {
                        planned = withBusiness;
                    } else if (planned == null) {
                        planned = new Planned(AnalysisPlan.of(q, source.id(), source.connector(), null, new Query.Unanswerable("unclear", null, List.of(),
                                examples(business)), 0.3), List.of(), List.of(), null);
                    }
                    long plannedAt = System.nanoTime();
                    long planSource = planned.plan().dataSourceId();
                    Analysis answered = execute(user, planned, sources.stream().filter(s -> s.id() == planSource).findFirst(), sessions, progress,
                            newId(), now, zone, calls);
                    long done = System.nanoTime();
                    return answered.withTimings(new Analysis.Timings((plannedAt - started) / 1_000_000, (done - plannedAt) / 1_000_000,
                            (done - started) / 1_000_000));
                });
            }
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
                    .map(plan -> CompletableFuture.supplyAsync(() -> rerun(user, plan, sessions, "run-" + newId(), now, zone), PLANS))
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

    /** A plan and what the question was read as. */
    record Planned(AnalysisPlan plan, List<String> understood, List<String> ignored, SiteCatalog sites) {
    }

    /** The source a question names, else the first one with semantics that fit, else the first. */
    static DataSources.DataSource source(String question, List<DataSources.DataSource> sources) {
        String lower = question.toLowerCase(Locale.ROOT);
        return sources.stream().filter(s -> lower.contains(s.name().toLowerCase(Locale.ROOT))).findFirst()
                .or(() -> sources.stream().filter(s -> Semantics.of(s.connector()).map(sem -> sem.fits(s)).orElse(false)).findFirst())
                .orElse(sources.get(0));
    }

    /**
     * A question that names a business measure ("signups"): across sources when the vendor's
     * reading relates to it ("did denial rates spike before the signup drop", "signups vs bot
     * denials per day"), from the business data alone when the vendor could not answer it (it
     * needed the business data, or there is no vendor); null when the vendor's reading stands.
     */
    static Planned withBusiness(String question, Planned vendor, DataSources.DataSource server, List<DataSources.DataSource> business, ZoneId zone, Instant now) {
        Semantics semantics = server.business() ? null : Semantics.of(server.connector()).filter(s -> s.fits(server)).orElse(null);
        Optional<BusinessQuestions.Named> named = BusinessQuestions.measure(question, business, semantics);
        if (named.isEmpty()) {
            return null;
        }
        BusinessQuestions.Named n = named.get();
        String where = n.table().name() + "." + n.column().name() + " of " + n.source().name();
        // The same words naming a column elsewhere: the answer says which one it took and how to ask for the other.
        List<String> elsewhere = new ArrayList<>();
        for (DataSources.DataSource s : business) {
            for (DataSources.Table t : s.tables()) {
                t.columns().stream().filter(c -> BusinessQuestions.measure(c, t) && BusinessQuestions.namesOf(c, semantics).contains(n.words()))
                        .filter(c -> !(s.id() == n.source().id() && t.name().equals(n.table().name()) && c.name().equals(n.column().name())))
                        .forEach(c -> elsewhere.add(t.name() + "." + c.name() + " of " + s.name()));
            }
        }
        if (!elsewhere.isEmpty()) {
            where += " (also in " + String.join(", ", elsewhere) + ": name that source in the question to use it)";
        }
        Query reading = vendor == null ? null : vendor.plan().query();
        if (reading != null && semantics != null) {
            Optional<Query.Paired> paired = BusinessQuestions.pair(question, n, reading, semantics);
            if (paired.isPresent()) {
                List<String> understood = new ArrayList<>(vendor.understood().stream().filter(u -> !u.startsWith("needs ")).toList());
                understood.add("\"" + n.words() + "\" as " + where + ", per day, beside " + server.name());
                return new Planned(AnalysisPlan.of(question, server.id(), server.connector(), server.site(), paired.get(), 0.8), understood, List.of(), vendor.sites());
            }
        }
        // The vendor's reading stands unless it could not answer, or fell back to its plainest figure on words that name a
        // column ("total visits" of a visits column) or that it does not know ("total refunded" read as all requests).
        boolean vendorCannot = reading == null || reading instanceof Query.Unanswerable u && ("missing-data".equals(u.reason()) || "unclear".equals(u.reason()))
                || semantics != null && (n.byOwnName() || QuestionParser.foreignTo(semantics, n.words())) && (vendor.plan().confidence() < 0.75
                        || reading instanceof Query.Metric m && m.subject() == null && m.filters().isEmpty() && m.per() == null);
        if (!vendorCannot) {
            return null;
        }
        String asked = BusinessQuestions.window(question, zone, now);
        Query.Table table = BusinessQuestions.read(question, n, asked);
        List<String> understood = new ArrayList<>();
        understood.add("\"" + n.words() + "\" as " + where);
        double confidence = 0.85;
        if (table.window() != null) {
            understood.add(TimeWindows.describe(TimeWindows.resolve(table.window(), zone, now), zone));
        } else if (asked != null) {
            // A period asked of a table with no time column cannot be applied: said, and the answer is less sure.
            understood.add("did not apply " + TimeWindows.phraseOf(asked) + ": " + n.table().name() + " has no column marked as its time, so every row counts");
            confidence = 0.5;
        } else if (n.table().timeColumn() != null) {
            understood.add("no period named: every row counts");
        }
        return new Planned(AnalysisPlan.of(question, n.source().id(), n.source().connector(), null, table, confidence), understood, List.of(), null);
    }

    /** Questions to offer when business data is all there is and the words named none of its measures. */
    private static List<String> examples(List<DataSources.DataSource> business) {
        List<String> offered = new ArrayList<>();
        for (DataSources.DataSource s : business) {
            for (DataSources.Table t : s.tables()) {
                t.columns().stream().filter(c -> c.numeric() && !c.name().equals(t.timeColumn())).limit(2).forEach(c -> offered.add(
                        t.timeColumn() != null ? capitalize(c.words()) + " per day in the last 30 days" : "Total " + c.words()));
            }
        }
        return offered.stream().limit(3).toList();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Reads the question with the source's semantics when they fit its live catalog; with the generic planner otherwise. */
    static Planned plan(String question, DataSources.DataSource source, ZoneId zone, Instant now, ToolRanker ranker, Calls calls) {
        Optional<Semantics> semantics = Semantics.of(source.connector()).filter(s -> s.fits(source));
        if (semantics.isEmpty()) {
            String phrase = TimeWindows.find(question, zone, now).map(TimeWindows.Window::expression).orElse(null);
            // Semantics that do not fit the live catalog are not trusted: say why the generic planner answers instead.
            List<String> notes = Semantics.of(source.connector()).map(s -> s.mismatches(source)).filter(m -> !m.isEmpty())
                    .map(m -> List.of("the " + source.connector() + " semantics do not fit this server's tools (" + String.join("; ", m)
                            + "), so the tools were picked by their descriptions"))
                    .orElse(List.of());
            return new Planned(GenericQuestions.plan(question, source, phrase, ranker), notes, List.of(), null);
        }
        SiteCatalog sites = new SiteCatalog(semantics.get(), calls, source.site());
        QuestionParser.Reading reading = new QuestionParser(semantics.get(), sites, zone, now).read(question);
        List<String> understood = new ArrayList<>(reading.understood());
        if (!reading.unknown().isEmpty()) {
            understood.add("did not understand " + String.join(", ", reading.unknown().stream().map(w -> "\"" + w + "\"").toList())
                    + ": the answer leaves " + (reading.unknown().size() == 1 ? "it" : "them") + " out");
        }
        return new Planned(AnalysisPlan.of(question, source.id(), source.connector(), source.site(), reading.query(), reading.confidence()),
                understood, reading.ignored(), sites);
    }

    /** A stored plan run again; plans stored before typed queries are read again from their question. */
    private Analysis rerun(SightlineUser user, AnalysisPlan plan, RunSessions sessions, String id, Instant now, ZoneId zone) {
        Optional<DataSources.DataSource> source = dataSources.find(user, plan.dataSourceId());
        RecordingCalls calls = new RecordingCalls(source.orElse(null), sessions, Progress.NONE);
        return calls.audited(() -> {
            Planned planned = new Planned(plan, List.of(), List.of(), null);
            if (plan.query() == null && source.isPresent() && Semantics.of(source.get().connector()).map(s -> s.fits(source.get())).orElse(false)) {
                try {
                    planned = plan(plan.question(), source.get(), zone, now, ranker, calls);
                } catch (Calls.CallFailed e) {
                    // Answered below as the failure it is.
                }
            }
            return execute(user, planned, source, sessions, Progress.NONE, id, now, zone, calls);
        });
    }

    /** {@code source}: the plan's data source as the caller already read it (empty when it is no longer there). */
    private Analysis execute(SightlineUser user, Planned planned, Optional<DataSources.DataSource> source, RunSessions sessions, Progress progress,
                             String id, Instant now, ZoneId zone, RecordingCalls calls) {
        AnalysisPlan plan = planned.plan();
        TimeWindows.Window window = TimeWindows.resolveOrDefault(plan.query() != null ? windowOf(plan.query()) : plan.window(), zone, now);
        // A business table's every row has no period to show: the answer says "in all of" the table instead.
        Analysis.Period period = plan.query() instanceof Query.Table t && t.window() == null ? null
                : new Analysis.Period(window.phrase() == null ? TimeWindows.phraseOf(window.expression()) : window.phrase(), window.start(), window.end());
        int confidence = (int) Math.round(plan.confidence() * 100);
        try {
            if (source.isEmpty()) {
                throw new Calls.CallFailed("NOT_FOUND", "The data source of this question is no longer connected.");
            }
            Composed composed;
            Optional<Semantics> semantics = Semantics.of(source.get().connector()).filter(s -> s.fits(source.get()));
            if (plan.query() instanceof Query.Table || plan.query() instanceof Query.Paired) {
                composed = business(user, plan, source.get(), semantics.orElse(null), planned.sites(), calls, zone, now);
            } else if (plan.query() != null && semantics.isPresent()) {
                SiteCatalog sites = planned.sites() != null ? planned.sites() : new SiteCatalog(semantics.get(), calls, source.get().site());
                QueryEngine engine = new QueryEngine(semantics.get(), new QueryEngine.Context(source.get().site(), sites.names(plan.query()), sites, zone, now), calls);
                composed = engine.answer(plan.query());
            } else if (plan.query() instanceof Query.Unanswerable u && semantics.isEmpty()) {
                composed = Composed.notAnswered(u.readings().isEmpty() ? "I'm not sure what you mean, so I won't guess."
                                : "I'm not sure which of your data you mean, so I won't guess. Did you want one of these?",
                        new Analysis.Outcome(Analysis.Outcome.UNSURE, null, List.of()), u.readings(), List.of());
            } else if ("UNCLEAR".equals(plan.intent())) {
                composed = Composed.notAnswered("I'm not sure what you mean. Did you want one of these?",
                        new Analysis.Outcome(Analysis.Outcome.UNSURE, null, List.of()), plan.readings(), List.of());
            } else {
                DataSources.AllowedTool tool = source.get().tools().stream().filter(t -> t.name().equals(plan.tool())).findFirst()
                        .orElseThrow(() -> new Calls.CallFailed("REFUSED", "The tool " + plan.tool() + " is not available on this data source any more."));
                composed = GenericQuestions.answer(plan, window, calls, tool, zone, now);
            }
            progress.update("composing", Map.of());
            Analysis.Outcome outcome = composed.outcome();
            boolean failed = outcome != null && Analysis.Outcome.FAILED.equals(outcome.kind());
            boolean answered = outcome == null;
            Integer shown = failed ? null : answered ? confidence : outcome.kind().equals(Analysis.Outcome.UNSURE) ? Math.min(confidence, 30) : confidence;
            if (shown != null && composed.warnings().stream().anyMatch(w -> BusinessAnswers.WEAK.equals(w.title()))) {
                // The answer itself says its evidence is thin: its confidence says so too.
                shown = Math.min(shown, 50);
            }
            List<String> understood = new ArrayList<>(planned.understood());
            if (answered && plan.query() != null && windowOf(plan.query()) == null && !(plan.query() instanceof Query.Lookup)
                    && !(plan.query() instanceof Query.Report) && !(plan.query() instanceof Query.Table)) {
                understood.add("no period named: this answer covers " + TimeWindows.describe(window, zone));
            }
            List<Analysis.Warning> warnings = new ArrayList<>(composed.warnings());
            for (String path : planned.ignored()) {
                warnings.add(new Analysis.Warning("Not narrowed to " + path,
                        "The tools cannot narrow this kind of answer to one path, so these numbers cover the whole site.",
                        "Ask \"How many requests to " + path + " this week?\" or \"Show recent requests to " + path + "\"."));
            }
            return new Analysis(id, plan.question(), failed ? Analysis.Status.FAILED : Analysis.Status.ANSWERED,
                    new Analysis.Answer(composed.text(), shown, composed.followUps()), composed.chart(), composed.table(), calls.steps(), warnings,
                    failed ? null : plan, period, now, null, outcome, composed.figures(), understood);
        } catch (Calls.CallFailed e) {
            String name = source.map(DataSources.DataSource::name).orElse("The data source");
            return new Analysis(id, plan.question(), Analysis.Status.FAILED, new Analysis.Answer("I could not get the data: " + e.getMessage(), null, List.of()),
                    ChartSpec.table("No answer"), Dataset.of(List.of()), calls.steps(), List.of(warning(e, name, plan.dataSourceId())), plan, period, now, null,
                    null, List.of(), planned.understood());
        }
    }

    /**
     * A question on business data, alone or beside the vendor's series: the aggregates run on the
     * data's own engine, each recorded as a step; the vendor's half is answered by its engine.
     */
    private Composed business(SightlineUser user, AnalysisPlan plan, DataSources.DataSource source, Semantics semantics, SiteCatalog known,
                              RecordingCalls calls, ZoneId zone, Instant now) {
        // The name of the one source a figure came from, read when a figure needs it: not every source's tables per question.
        java.util.function.Function<Long, String> names = id -> dataSources.find(user, id).map(DataSources.DataSource::name).orElse("data source " + id);
        BusinessAnswers.Tables tables = (id, aggregate) -> {
            long started = System.nanoTime();
            Instant readAt = Instant.now();
            java.util.Map<String, Object> arguments = new java.util.LinkedHashMap<>();
            arguments.put("table", aggregate.table());
            try {
                DataSources.TableResult result = dataSources.aggregate(user, id, aggregate);
                arguments.put("statement", result.statement());
                calls.record(new Analysis.Step(id, "sql", arguments, "OK", result.durationMs(), false, readAt));
                return result;
            } catch (DataSources.ToolCallException e) {
                calls.record(new Analysis.Step(id, "sql", arguments, e.kind().name(), (System.nanoTime() - started) / 1_000_000, false, readAt));
                throw new Calls.CallFailed(e.kind() == DataSources.ToolCallException.Kind.UNAVAILABLE ? "UNAVAILABLE" : e.kind().name(), e.getMessage());
            }
        };
        java.util.function.Function<Query.Series, Composed> vendor = series -> {
            if (semantics == null) {
                throw new Calls.CallFailed("REFUSED", "The vendor half of this question needs " + source.name() + " to be readable with its semantics.");
            }
            SiteCatalog sites = known != null ? known : new SiteCatalog(semantics, calls, source.site());
            return new QueryEngine(semantics, new QueryEngine.Context(source.site(), sites.names(series), sites, zone, now), calls).answer(series);
        };
        BusinessAnswers answers = new BusinessAnswers(tables, vendor, names, zone, now);
        return plan.query() instanceof Query.Table t ? answers.table(t) : answers.paired((Query.Paired) plan.query());
    }

    /** The period of a query: its first named window. */
    static String windowOf(Query query) {
        if (query instanceof Query.Metric m) {
            return m.window();
        } else if (query instanceof Query.Breakdown b) {
            return b.window();
        } else if (query instanceof Query.Series s) {
            return s.window() == null ? "last(30d)" : s.window();
        } else if (query instanceof Query.Comparison c) {
            return c.sides().get(0).window();
        } else if (query instanceof Query.Ratio r) {
            return r.numerator().window();
        } else if (query instanceof Query.Distinct d) {
            return d.window();
        } else if (query instanceof Query.Lookup l) {
            return l.window();
        } else if (query instanceof Query.Listing l) {
            return l.window();
        } else if (query instanceof Query.Report r) {
            return r.window();
        } else if (query instanceof Query.Chain c) {
            return windowOf(c.first());
        } else if (query instanceof Query.Parts p) {
            return windowOf(p.parts().get(0));
        } else if (query instanceof Query.SetOperation s) {
            return windowOf(s.left());
        } else if (query instanceof Query.Column c) {
            return windowOf(c.rows());
        } else if (query instanceof Query.ToolQuery t) {
            return t.window();
        } else if (query instanceof Query.Table t) {
            return t.window();
        } else if (query instanceof Query.Paired p) {
            return p.vendor().window();
        }
        return null;
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
        private final List<ToolRunner.Audited> audited = new ArrayList<>();
        private boolean auditWritten;

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
            return run(tool, argumentsList, false);
        }

        @Override
        public List<JsonNode> lookupAll(String tool, List<Map<String, Object>> argumentsList) {
            return run(tool, argumentsList, true);
        }

        private List<JsonNode> run(String tool, List<Map<String, Object>> argumentsList, boolean directory) {
            List<CompletableFuture<ToolRunner.Outcome>> futures = new ArrayList<>();
            for (Map<String, Object> arguments : argumentsList) {
                progress.update("tool-start", Map.of("tool", tool, "arguments", arguments));
                futures.add(runner.call(sessions, source, tool, arguments, directory, this::audited).whenComplete((outcome, failure) -> {
                    if (outcome != null) {
                        steps.add(new Analysis.Step(source.id(), tool, arguments, outcome.status(), outcome.durationMs(), outcome.cached(), outcome.readAt()));
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
                List<Map<String, String>> links = outcome.result().links().stream()
                        .map(link -> tools.jackson.databind.json.JsonMapper.shared().convertValue(link, new tools.jackson.core.type.TypeReference<Map<String, String>>() { }))
                        .toList();
                results.add(ResultTree.read(outcome.result().text(), outcome.result().structured(), links));
            }
            return results;
        }

        List<Analysis.Step> steps() {
            return List.copyOf(steps);
        }

        private void audited(ToolRunner.Audited row) {
            synchronized (audited) {
                if (!auditWritten) {
                    audited.add(row);
                    return;
                }
            }
            // A call that ended after its question was answered (it timed out there): written on its own.
            runner.audit(List.of(row));
        }

        /**
         * Answers a question with these calls, then writes its calls into the audit log in one batch;
         * a call still running writes its own row when it ends. Failing to write them fails the
         * question, as an unaudited answer must not be given; a question that failed has its rows
         * written too, and a failure to write them is kept beside the question's own.
         */
        Analysis audited(java.util.function.Supplier<Analysis> question) {
            Analysis analysis;
            try {
                analysis = question.get();
            } catch (RuntimeException | Error e) {
                try {
                    writeAudit();
                } catch (RuntimeException auditFailed) {
                    e.addSuppressed(auditFailed);
                }
                throw e;
            }
            writeAudit();
            return analysis;
        }

        private void writeAudit() {
            List<ToolRunner.Audited> rows;
            synchronized (audited) {
                auditWritten = true;
                rows = List.copyOf(audited);
                audited.clear();
            }
            runner.audit(rows);
        }

        /** A step that was no tool call: a statement on business data. */
        void record(Analysis.Step step) {
            steps.add(step);
            progress.update("tool-end", Map.of("tool", step.tool(), "status", step.status(), "durationMs", step.durationMs()));
        }
    }

    private static Analysis message(String question, String text, Instant now) {
        return new Analysis(newId(), question, Analysis.Status.ANSWERED, new Analysis.Answer(text, 0, List.of()), ChartSpec.table("No answer"), Dataset.of(List.of()),
                List.of(), List.of(), null, null, now, null, null, List.of(), List.of());
    }

    // ---- storage ----

    private void store(SightlineUser user, Analysis analysis) {
        jdbc.sql("INSERT INTO analysis (id, workspace_id, user_id, question, plan, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(analysis.id(), user.workspaceId(), user.id(), analysis.question(), JsonMapper.shared().writeValueAsString(analysis.plan()),
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
