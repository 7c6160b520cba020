package dev.sightline.ask.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.sightline.ask.Analysis;
import dev.sightline.ask.Query;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;
import dev.sightline.source.DataSources;

/**
 * Answers from business data, alone or beside a vendor's series. Every figure comes from a
 * statement the data's own engine ran (its text is the figure's provenance) or from the vendor's
 * tool calls; composing calls nothing more.
 */
final class BusinessAnswers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE, MMM d", Locale.ENGLISH);
    /** The most days a spike may come before a drop and still be said to lead it. */
    static final int LEAD_DAYS = 7;
    /** The title of the warning that marks an answer whose evidence is thin: its confidence is capped. */
    static final String WEAK = "Weak evidence";

    /** Runs an aggregate on a business source and records it as a step of the answer. */
    interface Tables {
        DataSources.TableResult aggregate(long dataSource, DataSources.Aggregate aggregate);
    }

    private final Tables tables;
    private final Function<Query.Series, Composed> vendor;
    private final Function<Long, String> sourceNames;
    private final ZoneId zone;
    private final Instant now;

    BusinessAnswers(Tables tables, Function<Query.Series, Composed> vendor, Function<Long, String> sourceNames, ZoneId zone, Instant now) {
        this.tables = tables;
        this.vendor = vendor;
        this.sourceNames = sourceNames;
        this.zone = zone;
        this.now = now;
    }

    // ---- business data alone ----

    Composed table(Query.Table q) {
        TimeWindows.Window window = q.window() == null ? null : TimeWindows.resolve(q.window(), zone, now);
        DataSources.TableResult result = tables.aggregate(q.dataSource(), new DataSources.Aggregate(q.table(), q.measure(), q.function(), q.grain(), q.groupBy(),
                window == null ? null : window.start(), window == null ? null : window.end(), zone));
        Dataset rows = result.data();
        List<List<Object>> all = result.rows();
        String label = label(q);
        String when = window == null ? "in all of " + q.table() : when(window);
        Analysis.Provenance provenance = provenance(q, result);
        List<Analysis.Figure> figures = new ArrayList<>();
        if (all.isEmpty() || all.stream().allMatch(r -> r.get(r.size() - 1) == null)) {
            return new Composed("No rows of **" + q.table() + "** fall " + when + ", so there is nothing to add up.", ChartSpec.table("No data"), rows, List.of(),
                    List.of(), List.of(), null);
        }
        if (q.grain() == null && q.groupBy() == null) {
            Object value = rounded(all.get(0).get(0));
            figures.add(new Analysis.Figure(label, value, null, 0, provenance));
            Dataset data = Dataset.builder(List.of(capitalize(label))).row(value).build();
            return new Composed("**" + format(value) + "** " + label + " " + when + " (" + q.table() + ").",
                    ChartSpec.metric(capitalize(label), (Number) value, null, null, null), data, List.of(), followUps(q), figures, null);
        }
        if (q.grain() != null && q.groupBy() == null) {
            Dataset.Builder shown = Dataset.builder(List.of(capitalize(q.grain()), capitalize(label)));
            double total = 0;
            Object peakDay = null;
            double peak = Double.NEGATIVE_INFINITY;
            for (List<Object> row : all) {
                Object value = rounded(row.get(1));
                shown.row(row.get(0), value);
                double v = value == null ? 0 : ((Number) value).doubleValue();
                total += v;
                if (value != null && v > peak) {
                    peak = v;
                    peakDay = row.get(0);
                }
            }
            Dataset data = shown.build();
            String sumLike = "sum".equals(q.function()) || "count".equals(q.function()) ? "**" + format(rounded(total)) + "** " + label + " " + when + ", " + q.grain()
                    + " by " + q.grain() + "; " : capitalize(label) + " per " + q.grain() + " " + when + "; ";
            if ("sum".equals(q.function()) || "count".equals(q.function())) {
                // Only counts and sums add up over the periods: a total of averages means nothing.
                figures.add(new Analysis.Figure("total " + label, rounded(total), null, 0, provenance));
            }
            figures.add(new Analysis.Figure("highest " + q.grain(), String.valueOf(peakDay), null, 0, provenance));
            figures.add(new Analysis.Figure(label + " on the highest " + q.grain(), rounded(peak), null, 0, provenance));
            return new Composed(sumLike + "the highest " + q.grain() + " was **" + peakDay + "** with **" + format(rounded(peak)) + "**.",
                    ChartSpec.line(capitalize(label) + " per " + q.grain(), data), data, List.of(), followUps(q), figures, null);
        }
        if (q.grain() == null) {
            Dataset.Builder shown = Dataset.builder(List.of(capitalize(Formats.words(q.groupBy())), capitalize(label)));
            List<String> parts = new ArrayList<>();
            for (List<Object> row : all) {
                Object value = rounded(row.get(1));
                shown.row(String.valueOf(row.get(0)), value);
                figures.add(new Analysis.Figure(label + " " + row.get(0), value, null, 0, provenance));
                if (parts.size() < 6) {
                    parts.add("**" + row.get(0) + "** " + format(value));
                }
            }
            Dataset data = shown.build();
            return new Composed(capitalize(label) + " " + when + " by " + Formats.words(q.groupBy()) + ": " + String.join(", ", parts)
                    + (all.size() > 6 ? " and " + (all.size() - 6) + " more" : "") + ".",
                    ChartSpec.bar(capitalize(label) + " by " + Formats.words(q.groupBy()), data), data, List.of(), followUps(q), figures, null);
        }
        // Per period and per group: one column per group, the periods down.
        Map<Object, Map<String, Object>> pivot = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (List<Object> row : all) {
            String group = String.valueOf(row.get(1));
            if (!groups.contains(group)) {
                groups.add(group);
            }
            pivot.computeIfAbsent(row.get(0), k -> new LinkedHashMap<>()).put(group, rounded(row.get(2)));
        }
        List<String> columns = new ArrayList<>(List.of(capitalize(q.grain())));
        columns.addAll(groups);
        Dataset.Builder shown = Dataset.builder(columns);
        pivot.forEach((period, byGroup) -> {
            List<Object> row = new ArrayList<>(List.of(period));
            groups.forEach(g -> row.add(byGroup.getOrDefault(g, 0)));
            shown.row(row);
        });
        Dataset data = shown.build();
        return new Composed(capitalize(label) + " per " + q.grain() + " " + when + ", by " + Formats.words(q.groupBy()) + " (" + groups.size() + " kinds).",
                ChartSpec.stackedBars(capitalize(label) + " per " + q.grain() + " by " + Formats.words(q.groupBy()), data), data, List.of(), followUps(q), figures, null);
    }

    // ---- across sources ----

    Composed paired(Query.Paired p) {
        Composed side = vendor.apply(p.vendor());
        if (side.outcome() != null) {
            return side;
        }
        TimeWindows.Window window = TimeWindows.resolve(p.vendor().window(), zone, now);
        DataSources.TableResult result = tables.aggregate(p.business().dataSource(), new DataSources.Aggregate(p.business().table(), p.business().measure(), "sum", "day",
                p.business().groupBy(), window.start(), window.end(), zone));
        List<String> days = side.table().column(0).stream().map(String::valueOf).toList();
        List<Double> vendorValues = side.table().column(1).stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toList();
        String vendorLabel = side.table().columns().get(1);
        String businessLabel = capitalize(label(p.business()));
        if (p.business().groupBy() != null) {
            return splitByGroup(p, side, result, days, vendorValues, window);
        }
        Map<String, Double> byDay = new LinkedHashMap<>();
        for (List<Object> row : result.rows()) {
            byDay.put(String.valueOf(row.get(0)), row.get(1) == null ? null : ((Number) row.get(1)).doubleValue());
        }
        if (byDay.isEmpty()) {
            return noRows(p, side, window);
        }
        // A day inside the data's span without a row had none (0 sign-ups); a day before its first or after its last is unknown,
        // not a fall to zero: a file that stops early must not read as a drop.
        String first = byDay.keySet().stream().min(String::compareTo).orElseThrow();
        String last = byDay.keySet().stream().max(String::compareTo).orElseThrow();
        List<Double> businessValues = days.stream().map(d -> byDay.containsKey(d) ? byDay.get(d)
                : d.compareTo(first) > 0 && d.compareTo(last) < 0 ? (Double) 0.0 : null).toList();
        boolean endsEarly = !days.isEmpty() && last.compareTo(days.get(days.size() - 1)) < 0
                && last.compareTo(LocalDate.ofInstant(now, zone).minusDays(1).toString()) < 0;
        int complete = completeDays(days);
        Dataset.Builder joined = Dataset.builder(List.of("Day", vendorLabel, businessLabel));
        for (int i = 0; i < days.size(); i++) {
            joined.row(days.get(i), side.table().rows().get(i).get(1), rounded(businessValues.get(i)));
        }
        Dataset data = joined.build().withUnits(null, side.table().units().size() > 1 ? side.table().units().get(1) : null, null);
        Analysis.Provenance businessFrom = provenance(p.business(), result);
        List<Double> v = vendorValues.subList(0, complete);
        List<Double> b = businessValues.subList(0, complete);
        List<Boolean> weekend = days.subList(0, complete).stream().map(BusinessAnswers::weekend).toList();
        List<Integer> spikes = v.contains(null) ? List.of() : Spikes.find(v);
        Analysis.Provenance vendorFrom = vendorCall(side, spikes.isEmpty() ? "" : days.get(spikes.get(0)));
        Composed answer = Query.Paired.SPLIT.equals(p.relation())
                ? split(p, data, days, v, b, spikes, vendorLabel, businessLabel, vendorFrom, businessFrom, window, complete < days.size())
                : lead(p, data, days, v, b, weekend, spikes, vendorLabel, businessLabel, vendorFrom, businessFrom, window, complete < days.size());
        if (endsEarly) {
            List<Analysis.Warning> warnings = new ArrayList<>(answer.warnings());
            warnings.add(new Analysis.Warning("The business data ends on " + day(last), "No row of " + p.business().table() + " is later than " + day(last)
                    + ", so the days after it are left out, not counted as zero.", "Add the file again with the newer rows, or ask about a period it covers."));
            answer = new Composed(answer.text(), answer.chart(), answer.table(), warnings, answer.followUps(), answer.figures(), answer.outcome());
        }
        return answer;
    }

    /** The business side has no row in the period: said, with the vendor's series shown, and no figure claimed. */
    private Composed noRows(Query.Paired p, Composed side, TimeWindows.Window window) {
        String words = lower(capitalize(label(p.business())));
        return new Composed("No rows of **" + p.business().table() + "** fall " + when(window) + ", so there are no " + words + " to set beside the "
                + lower(side.table().columns().get(1)) + ". The table shows the " + lower(side.table().columns().get(1)) + " alone.",
                side.chart(), side.table(), List.of(new Analysis.Warning("No " + words + " in this period", "The table " + p.business().table()
                        + " has no row between these dates.", "Add the file again with newer rows, or ask about a period it covers.")),
                List.of(), List.of(), new Analysis.Outcome(Analysis.Outcome.MISSING_DATA, null, List.of(words)));
    }

    /** "Did denial rates spike before the signup drop?": the spike, the drop, the lag, and how the two move together. */
    private Composed lead(Query.Paired p, Dataset data, List<String> days, List<Double> v, List<Double> b, List<Boolean> weekend, List<Integer> spikes,
                          String vendorLabel, String businessLabel, Analysis.Provenance vendorFrom, Analysis.Provenance businessFrom,
                          TimeWindows.Window window, boolean todayLeftOut) {
        Pairing.Drop drop = Pairing.drop(b, weekend);
        // The spike that can have led to the drop is the last one on or before it; without a drop, the highest.
        Integer spike = spikes.isEmpty() ? null : drop != null
                ? spikes.stream().filter(i -> i <= drop.index()).reduce((earlier, later) -> later).orElse(spikes.get(0))
                : spikes.stream().max(java.util.Comparator.comparing(v::get)).orElseThrow();
        double r = Pairing.correlation(v, b, 0);
        int bestLag = 0;
        double best = r;
        for (int lag = 1; lag <= 3; lag++) {
            double c = Pairing.correlation(v, b, lag);
            if (!Double.isNaN(c) && (Double.isNaN(best) || Math.abs(c) > Math.abs(best))) {
                best = c;
                bestLag = lag;
            }
        }
        String vendorWords = lower(vendorLabel);
        String businessWords = lower(businessLabel);
        double vendorMedian = Spikes.median(v.stream().map(x -> x == null ? 0.0 : x).toList());
        List<Analysis.Figure> figures = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Map<Object, String> marks = new LinkedHashMap<>();
        String unit = percentUnit(data) ? "%" : "";
        if (spike != null && drop != null) {
            long lag = ChronoUnit.DAYS.between(LocalDate.parse(days.get(spike)), LocalDate.parse(days.get(drop.index())));
            // More than a week apart, one hardly explains the other.
            text.append(lag > LEAD_DAYS ? "Not closely: " : lag > 0 ? "Yes: " : lag == 0 ? "They came the same day: " : "No: ");
            text.append("the ").append(vendorWords).append(" spiked on **").append(day(days.get(spike))).append("** (").append(Formats.decimal(v.get(spike))).append(unit)
                    .append(" against a usual ").append(Formats.decimal(vendorMedian)).append(unit).append(")");
            if (lag > 0) {
                text.append(", **").append(lag).append(" day").append(lag == 1 ? "" : "s").append("** before ");
            } else if (lag == 0) {
                text.append(", and ");
            } else {
                text.append(", **").append(-lag).append(" day").append(lag == -1 ? "" : "s").append("** after ");
            }
            text.append(businessWords).append(" dropped").append(lag == 0 ? " that day" : " on **" + day(days.get(drop.index())) + "**").append(" (")
                    .append(dropSize(b, weekend, drop.index())).append(").");
            if (lag == 0) {
                text.append(" The ").append(businessWords).append(" are counted per day, so which came first within that day cannot be told.");
            }
            figures.add(new Analysis.Figure("spike day", days.get(spike), null, 0, vendorFrom));
            figures.add(new Analysis.Figure("drop day", days.get(drop.index()), null, 0, businessFrom));
            figures.add(new Analysis.Figure("lag in days", lag, "days", 0, businessFrom));
            marks.put(days.get(spike), "spike");
            if (lag != 0) {
                marks.put(days.get(drop.index()), "drop");
            } else {
                marks.put(days.get(spike), "spike and drop");
            }
        } else if (spike != null) {
            text.append("The ").append(vendorWords).append(" spiked on **").append(day(days.get(spike))).append("** (").append(Formats.decimal(v.get(spike))).append(unit)
                    .append(" against a usual ").append(Formats.decimal(vendorMedian)).append(unit).append("), but ").append(businessWords)
                    .append(" did not clearly drop ").append(when(window)).append(" (no fall of ").append(Math.round(Pairing.DROP * 100))
                    .append(" % or more that stands out from their day-to-day swings).");
            figures.add(new Analysis.Figure("spike day", days.get(spike), null, 0, vendorFrom));
            marks.put(days.get(spike), "spike");
        } else if (drop != null) {
            text.append("No: ").append(businessWords).append(" dropped on **").append(day(days.get(drop.index()))).append("** (")
                    .append(dropSize(b, weekend, drop.index())).append("), but the ").append(vendorWords).append(" did not spike ").append(when(window)).append(".");
            figures.add(new Analysis.Figure("drop day", days.get(drop.index()), null, 0, businessFrom));
            marks.put(days.get(drop.index()), "drop");
        } else {
            text.append("Neither moved clearly ").append(when(window)).append(": the ").append(vendorWords).append(" did not spike and ").append(businessWords)
                    .append(" did not drop.");
        }
        if (!Double.isNaN(r)) {
            text.append(" Day by day the two ").append(Math.abs(r) < 0.3 ? "barely move together" : r < 0 ? "move against each other" : "move together")
                    .append(" (correlation ").append(String.format(Locale.US, "%.2f", r)).append(")");
            if (bestLag != 0 && Math.abs(best) >= Math.abs(r) + 0.1) {
                text.append(", most strongly with ").append(businessWords).append(" ").append(bestLag).append(" day").append(bestLag == 1 ? "" : "s").append(" later (")
                        .append(String.format(Locale.US, "%.2f", best)).append(")");
            }
            text.append('.');
            figures.add(new Analysis.Figure("correlation", Math.round(r * 100) / 100.0, null, 0, businessFrom));
        }
        boolean weak = spike == null || drop == null || Double.isNaN(r) || Math.abs(r) < 0.3 || v.size() < 10
                || Math.abs(ChronoUnit.DAYS.between(LocalDate.parse(days.get(spike)), LocalDate.parse(days.get(drop.index())))) > LEAD_DAYS;
        if (weak) {
            text.append(" The evidence is weak: ").append(v.size() < 10 ? "few days to compare" : spike == null || drop == null ? "one of the two events is missing"
                    : "the two series hardly move together").append(", so read this as a hint, not a cause.");
        }
        if (todayLeftOut) {
            text.append(" Today is not over, so it is shown but left out of the search.");
        }
        if (spike != null) {
            figures.add(new Analysis.Figure(vendorWords + " on the spike day", v.get(spike), unit.isEmpty() ? null : "percent", 0, vendorFrom));
            figures.add(new Analysis.Figure("usual " + vendorWords, Math.round(vendorMedian * 100) / 100.0, unit.isEmpty() ? null : "percent", 0, vendorFrom));
        }
        if (drop != null) {
            figures.add(new Analysis.Figure(businessWords + " on the drop day", rounded(b.get(drop.index())), null, 0, businessFrom));
            figures.add(new Analysis.Figure("usual " + businessWords + " on such a day", rounded(usualBefore(b, weekend, drop.index())), null, 0, businessFrom));
        }
        List<Analysis.Warning> warnings = weak ? List.of(new Analysis.Warning(WEAK,
                "Two series lining up in time does not show that one caused the other, and here the signal is thin.",
                "Look at a longer period, or ask which paths and IPs the denials came from on the spike day.")) : List.of();
        return new Composed(text.toString(), ChartSpec.twoAxes(Regex.replaceAll(vendorLabel, " \\(%\\)$", "") + " and " + businessWords + " per day", data, marks),
                data, warnings, List.of("Which paths and IPs trigger the most bot detections " + (spike == null ? "in the last 30 days" : "on " + days.get(spike)) + "?",
                        capitalize(businessWords) + " per day " + TimeWindows.phraseOf(p.vendor().window())),
                figures, null);
    }

    /** "Revenue on the days we were attacked vs the other days": the business figure's mean per day, on the spike days and on the others. */
    private Composed split(Query.Paired p, Dataset data, List<String> days, List<Double> v, List<Double> b, List<Integer> spikes, String vendorLabel,
                           String businessLabel, Analysis.Provenance vendorFrom, Analysis.Provenance businessFrom, TimeWindows.Window window, boolean todayLeftOut) {
        String businessWords = lower(businessLabel);
        Map<Object, String> marks = new LinkedHashMap<>();
        spikes.forEach(i -> marks.put(days.get(i), "attack"));
        if (spikes.isEmpty()) {
            return new Composed("No day stood out as an attack " + when(window) + ": the " + lower(vendorLabel) + " never spiked, so there are no attack days to set against the others.",
                    ChartSpec.twoAxes(vendorLabel + " and " + businessWords + " per day", data, marks), data, List.of(), List.of(), List.of(), null);
        }
        double attacked = mean(spikes.stream().map(b::get).toList());
        List<Double> others = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            if (!spikes.contains(i)) {
                others.add(b.get(i));
            }
        }
        double other = mean(others);
        double change = other == 0 ? 0 : (attacked - other) / other * 100;
        String attackDays = String.join(", ", spikes.stream().map(i -> day(days.get(i))).toList());
        String text = "On the " + spikes.size() + " attack day" + (spikes.size() == 1 ? "" : "s") + " (" + attackDays + ", when " + lower(vendorLabel)
                + " spiked) " + businessWords + " averaged **" + Formats.decimal(attacked) + "** a day, against **" + Formats.decimal(other) + "** on the other "
                + others.stream().filter(x -> x != null).count() + " days (" + (other == 0 ? "no usual level to compare with" : Formats.change(change)) + ")."
                + (todayLeftOut ? " Today is not over, so it is left out." : "");
        List<Analysis.Warning> warnings = spikes.size() < 2 || others.size() < 7 ? List.of(new Analysis.Warning(WEAK,
                "Few days to compare: " + spikes.size() + " attack day" + (spikes.size() == 1 ? "" : "s") + " against " + others.size() + " others.",
                "Ask about a longer period.")) : List.of();
        List<Analysis.Figure> figures = List.of(
                new Analysis.Figure(businessWords + " per day on attack days", Math.round(attacked * 100) / 100.0, null, 0, businessFrom),
                new Analysis.Figure(businessWords + " per day on other days", Math.round(other * 100) / 100.0, null, 0, businessFrom),
                new Analysis.Figure("change", Math.round(change * 10) / 10.0, "percent", 0, businessFrom),
                new Analysis.Figure("attack days", spikes.size(), null, 0, vendorFrom));
        return new Composed(text, ChartSpec.twoAxes(vendorLabel + " and " + businessWords + " per day", data, marks), data, warnings, List.of(), figures, null);
    }

    /** "Which plan's signups dropped most during the campaign": per group, the mean on attack days against the other days. */
    private Composed splitByGroup(Query.Paired p, Composed side, DataSources.TableResult result, List<String> days, List<Double> vendorValues,
                                  TimeWindows.Window window) {
        int complete = completeDays(days);
        List<Integer> spikes = vendorValues.subList(0, complete).contains(null) ? List.of() : Spikes.find(vendorValues.subList(0, complete));
        String businessWords = lower(label(p.business()));
        Analysis.Provenance businessFrom = provenance(p.business(), result);
        if (spikes.isEmpty()) {
            return new Composed("No day stood out as an attack " + when(window) + ", so there is no campaign to compare " + businessWords + " against.",
                    side.chart(), side.table(), List.of(), List.of(), List.of(), null);
        }
        if (result.rows().isEmpty()) {
            return noRows(p, side, window);
        }
        List<String> attackDays = spikes.stream().map(days::get).toList();
        List<String> otherDays = days.subList(0, complete).stream().filter(d -> !attackDays.contains(d)).toList();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (List<Object> row : result.rows()) {
            String day = String.valueOf(row.get(0));
            double[] s = sums.computeIfAbsent(String.valueOf(row.get(1)), g -> new double[2]);
            double value = row.get(2) == null ? 0 : ((Number) row.get(2)).doubleValue();
            if (attackDays.contains(day)) {
                s[0] += value;
            } else if (otherDays.contains(day)) {
                s[1] += value;
            }
        }
        List<Object[]> ranked = new ArrayList<>();
        sums.forEach((group, s) -> {
            double during = s[0] / attackDays.size();
            double usual = otherDays.isEmpty() ? 0 : s[1] / otherDays.size();
            ranked.add(new Object[] {group, during, usual, usual == 0 ? 0.0 : (during - usual) / usual * 100});
        });
        ranked.sort((x, y) -> Double.compare((Double) x[3], (Double) y[3]));
        Dataset.Builder rows = Dataset.builder(List.of(capitalize(Formats.words(p.business().groupBy())), "Per day on attack days", "Per day on other days", "Change (%)"));
        List<Analysis.Figure> figures = new ArrayList<>();
        for (Object[] r : ranked) {
            rows.row(r[0], Math.round((Double) r[1] * 100) / 100.0, Math.round((Double) r[2] * 100) / 100.0, Math.round((Double) r[3] * 10) / 10.0);
            figures.add(new Analysis.Figure("change " + r[0], Math.round((Double) r[3] * 10) / 10.0, "percent", 0, businessFrom));
        }
        Object[] worst = ranked.get(0);
        String verb = (Double) worst[3] < 0 ? " fell most: **" : " changed least (none fell): **";
        String text = "During the attack (" + String.join(", ", attackDays.stream().map(BusinessAnswers::day).toList()) + "), **" + worst[0] + "** " + businessWords
                + verb + Formats.decimal((Double) worst[1]) + "** a day against " + Formats.decimal((Double) worst[2]) + " on the other days ("
                + Formats.change((Double) worst[3]) + ")" + (ranked.size() > 1 ? "; then " + String.join(", ", ranked.stream().skip(1).limit(4)
                .map(r -> r[0] + " (" + Formats.change((Double) r[3]) + ")").toList()) : "") + ".";
        figures.add(0, new Analysis.Figure("fell most", String.valueOf(worst[0]), null, 0, businessFrom));
        Dataset data = rows.build().withUnits(null, null, null, "percent");
        Dataset.Builder bars = Dataset.builder(List.of(data.columns().get(0), "Change (%)"));
        data.rows().forEach(r -> bars.row(r.get(0), r.get(3)));
        Dataset chartData = bars.build();
        return new Composed(text, ChartSpec.bar("Change in " + businessWords + " per day during the attack", chartData), data, List.of(), List.of(), figures, null);
    }

    /** "92 against a usual 145 on a weekday, −37%": the drop day as counted, against the median of the same kind of day before it. */
    private static String dropSize(List<Double> values, List<Boolean> weekend, int index) {
        double usual = usualBefore(values, weekend, index);
        double value = values.get(index);
        return Formats.decimal(value) + " against a usual " + Formats.decimal(usual) + " on a " + (weekend.get(index) ? "weekend day" : "weekday")
                + ", " + Formats.change(usual == 0 ? 0 : (value - usual) / usual * 100);
    }

    /** The median of the days before {@code index} of the same kind (weekday or weekend); of all days before when there are too few. */
    private static double usualBefore(List<Double> values, List<Boolean> weekend, int index) {
        List<Double> same = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            if (values.get(i) != null) {
                all.add(values.get(i));
                if (weekend.get(i).equals(weekend.get(index))) {
                    same.add(values.get(i));
                }
            }
        }
        return Spikes.median(same.size() >= 2 ? same : all);
    }

    /** The provenance of the vendor's figure for one day (the call that read it), else of its first. */
    private static Analysis.Provenance vendorCall(Composed side, String day) {
        return side.figures().stream().filter(f -> f.label().endsWith(" " + day)).map(Analysis.Figure::provenance).findFirst()
                .orElse(side.figures().isEmpty() ? null : side.figures().get(0).provenance());
    }

    // ---- pieces ----

    /** Today is not over: its counts are partial, so it is shown but not searched for spikes or drops. The days before it. */
    private int completeDays(List<String> days) {
        return days.size() - (!days.isEmpty() && days.get(days.size() - 1).equals(LocalDate.ofInstant(now, zone).toString()) ? 1 : 0);
    }

    private static boolean weekend(String day) {
        DayOfWeek d = LocalDate.parse(day).getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    }

    private static boolean percentUnit(Dataset data) {
        return data.units().size() > 1 && "percent".equals(data.units().get(1)) || data.columns().get(1).endsWith("(%)");
    }

    private static double mean(List<Double> values) {
        return values.stream().filter(x -> x != null).mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private Analysis.Provenance provenance(Query.Table q, DataSources.TableResult result) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("dataSource", sourceNames.apply(q.dataSource()));
        arguments.put("table", q.table());
        arguments.put("statement", result.statement());
        return new Analysis.Provenance("sql", arguments, q.measure() == null ? "rows" : q.measure());
    }

    private static String label(Query.Table q) {
        String words = q.measure() == null ? "rows" : Formats.words(q.measure()).replace('_', ' ');
        return switch (q.function() == null ? "sum" : q.function()) {
            case "avg" -> "average " + words;
            case "max" -> "highest " + words;
            case "min" -> "lowest " + words;
            case "count" -> q.measure() == null ? "rows" : "rows with " + words;
            default -> words;
        };
    }

    private List<String> followUps(Query.Table q) {
        String words = q.measure() == null ? "rows" : Formats.words(q.measure());
        return List.of(capitalize(words) + " per day in the last 30 days", "Did denial rates spike before the " + words + " drop?");
    }

    private String when(TimeWindows.Window window) {
        return TimeWindows.describe(window, zone);
    }

    private static String day(String isoDay) {
        return DAY.format(LocalDate.parse(isoDay));
    }

    private static Object rounded(Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            // A NaN in the data makes its sum NaN: shown as no value, never as a number.
            return null;
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) d.longValue() : Math.round(d * 100) / 100.0;
        }
        return value;
    }

    private static String format(Object value) {
        return value instanceof Number n ? (n instanceof Long || n instanceof Integer ? Formats.number(n.longValue()) : Formats.decimal(n.doubleValue())) : String.valueOf(value);
    }

    private static String lower(String label) {
        String plain = Regex.replaceAll(label, " \\(%\\)$", "");
        return plain.isEmpty() ? plain : Character.toLowerCase(plain.charAt(0)) + plain.substring(1);
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
