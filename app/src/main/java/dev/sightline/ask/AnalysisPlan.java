package dev.sightline.ask;

import java.util.List;
import java.util.Map;

/**
 * What to do for a question, as data: stored with a pinned chart and run again later. The window
 * is kept in words ("this week"), so it moves with time; the tool calls follow from the intent,
 * the filters and the window when the plan runs.
 *
 * @param intent     what is asked: COUNT, SERIES, TOP_PATHS, TOP_IPS, REASONS, INVESTIGATE_IP, DRY_RUN,
 *                   QUOTA, ANOMALIES, BRIEFING, RULES, REQUESTS, EXPLAIN, SPIKE_CHECK, TOOL (generic), MISSING_DATA, UNCLEAR
 * @param filters    conclusion, reason, ip, path, requestId, as the question named them
 * @param tool       the tool a generic plan calls, with {@code arguments}
 * @param readings   for UNCLEAR: the readings considered, as questions the user can pick
 * @param missing    data the question needs that no connected source has (e.g. "signups")
 * @param query      what the question asks, typed; plans stored before queries existed have none and are read again from their question
 */
public record AnalysisPlan(String question, long dataSourceId, String connector, String site, String intent, String window,
                           Map<String, String> filters, String tool, Map<String, Object> arguments, int limit, double confidence,
                           List<String> readings, List<String> missing, Query query) {

    /** A plan from a typed query: the query holds what the older fields described. */
    public static AnalysisPlan of(String question, long dataSourceId, String connector, String site, Query query, double confidence) {
        return new AnalysisPlan(question, dataSourceId, connector, site, query.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT), null,
                Map.of(), null, Map.of(), 0, confidence, List.of(), List.of(), query);
    }
}
