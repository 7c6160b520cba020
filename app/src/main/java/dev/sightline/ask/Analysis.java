package dev.sightline.ask;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;

/**
 * An answered question: the text with its numbers, the chart, the table, the steps that produced
 * it. A FAILED analysis could not read its data: its answer says why, has no confidence, and it
 * cannot be pinned.
 */
public record Analysis(String id, String question, Status status, Answer answer, ChartSpec chart, Dataset table, List<Step> steps,
                       List<Warning> warnings, AnalysisPlan plan, Period period, Instant createdAt, Timings timings,
                       Outcome outcome, List<Figure> figures, List<String> understood) {

    public enum Status { ANSWERED, FAILED }

    public Analysis {
        // Stored before there was a status: those were all answers.
        status = status == null ? Status.ANSWERED : status;
        outcome = outcome == null ? new Outcome(status == Status.FAILED ? Outcome.FAILED : Outcome.ANSWER, null, List.of()) : outcome;
        figures = figures == null ? List.of() : List.copyOf(figures);
        understood = understood == null ? List.of() : List.copyOf(understood);
    }

    /**
     * What kind of answer this is: {@code ANSWER} (figures from the data), {@code REFUSED} with a
     * reason (read-only, secret, site-not-visible), {@code MISSING_DATA} naming what no source has,
     * {@code UNSURE} (readings offered instead of a guess) or {@code FAILED} (the data could not be read).
     */
    public record Outcome(String kind, String reason, List<String> missing) {
        public static final String ANSWER = "ANSWER";
        public static final String REFUSED = "REFUSED";
        public static final String MISSING_DATA = "MISSING_DATA";
        public static final String UNSURE = "UNSURE";
        public static final String FAILED = "FAILED";

        public Outcome {
            missing = missing == null ? List.of() : List.copyOf(missing);
        }
    }

    /** A figure of the answer and where it came from: the tool call (tool, arguments) and the field read. */
    public record Figure(String label, Object value, String unit, int part, Provenance provenance) {
    }

    public record Provenance(String tool, Map<String, Object> arguments, String field) {
    }

    /** An answer with data behind it and a plan to run again: what a dashboard tile can keep. */
    @JsonProperty("pinnable")
    public boolean pinnable() {
        return status == Status.ANSWERED && plan != null && !steps.isEmpty();
    }

    /** Where the time went: planning, the tool calls (wall clock, parallel calls overlap), everything. */
    public record Timings(long planningMs, long toolsMs, long totalMs) {
    }

    public Analysis withTimings(Timings measured) {
        return new Analysis(id, question, status, answer, chart, table, steps, warnings, plan, period, createdAt, measured, outcome, figures, understood);
    }

    /**
     * The written answer, how well the plan fits the question (0-100; null when the data could not
     * be read, as there is nothing to be confident about), and questions the tools can answer next.
     */
    public record Answer(String text, Integer confidence, List<String> followUps) {

        /** The text as HTML: escaped, with its **key numbers** in bold. */
        public String html() {
            return org.springframework.web.util.HtmlUtils.htmlEscape(text).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
        }
    }

    /**
     * One tool call, as made. {@code readAt}: when the data was read from the source, the start of
     * the call whose result this is (earlier than the question for a result shared from the cache);
     * null in answers stored before it was kept.
     */
    public record Step(long dataSourceId, String tool, Map<String, Object> arguments, String status, long durationMs, boolean cached,
                       java.time.Instant readAt) {
    }

    /** Troubleshooting in context: what is wrong, why, what to do, and where to do it (a page of Sightline, or null). */
    public record Warning(String title, String cause, String fix, String link) {

        public Warning(String title, String cause, String fix) {
            this(title, cause, fix, null);
        }
    }

    /** The period the numbers cover, in absolute time and in the words of the question. */
    public record Period(String phrase, Instant start, Instant end) {
    }
}
