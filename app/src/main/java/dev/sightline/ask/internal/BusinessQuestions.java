package dev.sightline.ask.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sightline.ask.Query;
import dev.sightline.source.DataSources;

/**
 * Questions about business data: which table and column the words name (the column's name, the
 * names its owner gave it, and the vendor's words for the same thing: "sign-ups", "new users" for
 * signups), the period, the grain, a text column to split by, the aggregate. Paired with what the
 * vendor's reading asked ("did denial rates spike before the signup drop") it becomes a question
 * across both sources.
 */
final class BusinessQuestions {

    private static final String DAY = "\\b(per|each|every|a|by)\\s+day\\b|\\bdaily\\b|\\bday by day\\b|\\bday-by-day\\b|\\bper-day\\b";
    private static final String WEEK = "\\b(per|each|every|a|by)\\s+week\\b|\\bweekly\\b|\\bweek by week\\b";
    private static final String MONTH = "\\b(per|each|every|a|by)\\s+month\\b|\\bmonthly\\b|\\bmonth by month\\b";
    private static final String AVERAGE = "\\b(average|avg|mean|typical)\\b";
    private static final String MOST = "\\b(max|maximum|highest|peak|best|record)\\b";
    private static final String LEAST = "\\b(min|minimum|lowest|worst)\\b";
    private static final String ROWS = "\\bhow many (rows|records|entries|lines)\\b";
    /** Days of an attack against the rest: "on the days we were attacked vs the other days", "during the campaign". */
    private static final String SPLIT = "\\b(days? (we were|we got|we're|when we were|of the|under) (attacked|attack|hit)|attack days|during the (attack|campaign|incident|bot campaign)"
            + "|(the )?other days|normal days|quiet days|while we were (attacked|under attack))\\b";
    /** Two series on the same days: the question relates them. */
    private static final String TOGETHER = "\\b(vs\\.?|versus|against|compared (to|with)|alongside|next to|beside|together with|and|before|after|"
            + "spike|spiked|drop|dropped|fell|correlat\\w*|line up|relate\\w*)\\b";

    /** A measure named in a question: the source and table it lives in, the column, and the words that named it. */
    record Named(DataSources.DataSource source, DataSources.Table table, DataSources.Column column, String words) {

        /** Named by the column's own name or a name its owner gave it, not only by the vendor's word for such data. */
        boolean byOwnName() {
            return namesOf(column, null).contains(words);
        }
    }

    private BusinessQuestions() {
    }

    /** The business measure the question names, the longest naming winning; empty when none does. */
    static Optional<Named> measure(String question, List<DataSources.DataSource> sources, Semantics vendor) {
        String text = words(question);
        Named best = null;
        for (DataSources.DataSource source : sources) {
            for (DataSources.Table table : source.tables()) {
                for (DataSources.Column column : table.columns()) {
                    if (!measure(column, table)) {
                        continue;
                    }
                    for (String name : namesOf(column, vendor)) {
                        // A word inside a path ("/api/signup") names the path, not the business measure.
                        Matcher m = Regex.of("(?<![/\\p{L}\\p{N}_-])" + Pattern.quote(name) + "(?![/\\p{L}\\p{N}_-])").matcher(text);
                        if (m.find() && (best == null || name.length() > best.words().length()
                                || name.length() == best.words().length() && fit(text, table, source) > fit(text, best.table(), best.source()))) {
                            best = new Named(source, table, column, name);
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Between tables that both have the measure: the one whose other columns or name the question also names. */
    private static int fit(String text, DataSources.Table table, DataSources.DataSource source) {
        int fit = groupBy(text, table) != null ? 2 : 0;
        return fit + (text.contains(words(table.name())) || text.contains(words(source.name())) ? 1 : 0);
    }

    /** Columns of time parts and ids hold numbers no one adds up: "per day" names a grain, not a "day" column. */
    private static final String NOT_A_MEASURE = "(?:year|quarter|month|week|day|hour|minute|second|date|time|weekday|dow|doy|id"
            + "|.* id|zip|zip code|postcode|postal code|phone|phone number)s?";

    /** A numeric column that is not the time, a time part or an id: something to add up. */
    static boolean measure(DataSources.Column column, DataSources.Table table) {
        return column.numeric() && !column.name().equals(table.timeColumn()) && !Regex.matches(column.words(), NOT_A_MEASURE);
    }

    /**
     * A business-only question as a typed query. {@code window} is the period the time grammar read
     * ("lastMonth"), or null for every row.
     */
    static Query.Table read(String question, Named named, String window) {
        String text = words(question);
        String function = Regex.find(text, ROWS) ? "count" : Regex.find(text, AVERAGE) ? "avg" : Regex.find(text, MOST) ? "max"
                : Regex.find(text, LEAST) ? "min" : "sum";
        String grain = named.table().timeColumn() == null ? null : Regex.find(text, DAY) ? "day" : Regex.find(text, WEEK) ? "week"
                : Regex.find(text, MONTH) ? "month" : null;
        // "the highest day": a maximum is of the days, so the series is per day and the answer names its peak.
        if (grain == null && ("max".equals(function) || "min".equals(function)) && named.table().timeColumn() != null) {
            grain = "day";
            function = "sum";
        }
        return new Query.Table(named.source().id(), named.table().name(), "count".equals(function) ? null : named.column().name(), function,
                named.table().timeColumn() == null ? null : window, grain, groupBy(text, named.table()));
    }

    /**
     * A question across sources: the vendor's series (what its reading asked, or the partial
     * reading of a question that needed the business data) beside the business measure per day.
     * Empty when the question does not relate the two.
     */
    static Optional<Query.Paired> pair(String question, Named named, Query vendorReading, Semantics vendor) {
        if (named.table().timeColumn() == null) {
            return Optional.empty();
        }
        // A vendor series the question asked on its own stands unless the words also name the business measure by a word the
        // vendor does not use ("signups vs bot denials per day"); a series the vendor read for a question it could not answer pairs.
        Query.Series series = vendorReading instanceof Query.Series s && (named.byOwnName() || vendor == null || QuestionParser.foreignTo(vendor, named.words())) ? s
                : vendorReading instanceof Query.Unanswerable u && u.partial() instanceof Query.Series s ? s : null;
        String text = words(question);
        boolean split = Regex.find(text, SPLIT);
        if (series == null && split) {
            // "revenue on the days we were attacked": the attack is in the vendor's denials per day.
            series = new Query.Series(null, "denied", java.util.Map.of("conclusion", "DENY"), null, "day");
        }
        if (series == null || !Regex.find(text, TOGETHER) && !split) {
            return Optional.empty();
        }
        Query.Series daily = new Query.Series(series.site(), series.measure(), series.filters(), wholeDays(series.window()), "day", series.subject());
        Query.Table business = new Query.Table(named.source().id(), named.table().name(), named.column().name(), "sum", daily.window(), "day",
                split ? groupBy(text, named.table()) : null);
        return Optional.of(new Query.Paired(daily, business, split ? Query.Paired.SPLIT : Query.Paired.LEAD));
    }

    /**
     * Days side by side are whole days: "the last 30 days" counted back from this minute would cut
     * its first day in two, which a business table counts whole. Named periods stay as they are.
     */
    private static String wholeDays(String window) {
        if (window == null) {
            return "calendarDays(30)";
        }
        Matcher m = Regex.of("last\\((\\d+)d\\)").matcher(window);
        return m.matches() ? "calendarDays(" + m.group(1) + ")" : window;
    }

    /** "by plan", "per plan", "which plan", "plan's": a text column of the table to split by. */
    private static String groupBy(String text, DataSources.Table table) {
        for (DataSources.Column column : table.columns()) {
            if (column.numeric() || column.temporal()) {
                continue;
            }
            for (String name : namesOf(column, null)) {
                String n = Pattern.quote(name);
                if (Regex.find(text, "\\b(by|per|each|every|which|what|across|for each)\\s+(\\w+\\s+)?" + n + "(s|'s)?\\b|\\b" + n + "'s\\b")) {
                    return column.name();
                }
            }
        }
        return null;
    }

    /** A column's names: its own as words, singular and plural, the ones its owner gave, and the vendor's words for the same data. */
    static Set<String> namesOf(DataSources.Column column, Semantics vendor) {
        Set<String> names = new LinkedHashSet<>();
        List<String> base = new ArrayList<>();
        base.add(column.words());
        base.addAll(column.synonyms());
        for (String b : base) {
            String w = words(b);
            if (w.isBlank()) {
                continue;
            }
            names.add(w);
            names.add(w.endsWith("s") ? w.substring(0, w.length() - 1) : w + "s");
            names.add(w.replace(" ", ""));
            names.add(w.replace(" ", "-"));
        }
        if (vendor != null && vendor.missingData() != null) {
            // The vendor's words for data it does not have ("sign-ups", "new accounts") name the column that has it.
            vendor.missingData().forEach((key, synonyms) -> {
                Set<String> all = new LinkedHashSet<>(synonyms);
                all.add(key);
                boolean same = all.stream().map(BusinessQuestions::words).anyMatch(names::contains);
                if (same) {
                    all.stream().map(BusinessQuestions::words).filter(s -> s.length() >= 3).forEach(names::add);
                }
            });
        }
        names.removeIf(n -> n.length() < 2);
        return names;
    }

    /** Lower case, apostrophes and punctuation to spaces but hyphens kept, one space between words. */
    static String words(String text) {
        return Regex.replaceAll(Regex.replaceAll(text.toLowerCase(Locale.ROOT).replace('’', '\''), "[^\\p{L}\\p{N}'\\-/ ]+", " "), "\\s+", " ").strip();
    }

    /** The period the question names, as an expression, or null. */
    static String window(String question, ZoneId zone, Instant now) {
        return TimeWindows.find(question, zone, now).map(TimeWindows.Window::expression).orElse(null);
    }
}
