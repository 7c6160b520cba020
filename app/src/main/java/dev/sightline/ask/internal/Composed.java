package dev.sightline.ask.internal;

import java.util.List;

import dev.sightline.ask.Analysis;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;

/** An answer as composed from results: text, chart, table, warnings, follow-ups, its figures with provenance, and its kind. */
record Composed(String text, ChartSpec chart, Dataset table, List<Analysis.Warning> warnings, List<String> followUps,
                List<Analysis.Figure> figures, Analysis.Outcome outcome) {

    Composed(String text, ChartSpec chart, Dataset table, List<Analysis.Warning> warnings, List<String> followUps) {
        this(text, chart, table, warnings, followUps, List.of(), null);
    }

    static Composed notAnswered(String text, Analysis.Outcome outcome, List<String> followUps, List<Analysis.Warning> warnings) {
        return new Composed(text, ChartSpec.table("No answer"), Dataset.of(List.of()), warnings, followUps, List.of(), outcome);
    }
}
