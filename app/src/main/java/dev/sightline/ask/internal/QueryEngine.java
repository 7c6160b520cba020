package dev.sightline.ask.internal;

import dev.sightline.dataset.ResultTree;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.sightline.ask.Analysis;
import dev.sightline.ask.Query;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;
import tools.jackson.databind.JsonNode;

/**
 * Answers a typed query: plans its calls ({@link QueryPlanner}), runs them through {@link Calls}
 * (policy, bulkheads, cache and audit live there), then composes text, figures, table and chart
 * from the results alone. Every figure carries the call and field it came from; a figure that
 * cannot be read from a result is reported as unreadable, never as zero.
 */
final class QueryEngine {

    /** What the answers are about: the source's site (its id and name), the zone, "now". */
    record Context(String site, Map<String, String> siteNames, SiteCatalog sites, ZoneId zone, Instant now) {
    }

    /** A call and what it returned (for a paged call, every page). */
    record Fetched(QueryPlanner.ToolCall call, JsonNode result, List<JsonNode> pages) {
    }

    /** A figure the result did not contain: the answer says so instead of inventing one. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private final Semantics semantics;
    private final Context context;
    private final Calls calls;
    private final QueryPlanner planner;

    QueryEngine(Semantics semantics, Context context, Calls calls) {
        this.semantics = semantics;
        this.context = context;
        this.calls = calls;
        this.planner = new QueryPlanner(semantics, context.site(), context.zone(), context.now());
    }

    Composed answer(Query query) {
        return answer(query, 0);
    }

    private Composed answer(Query query, int part) {
        if (query instanceof Query.Unanswerable u) {
            return unanswerable(u);
        }
        if (query instanceof Query.Parts p) {
            return parts(p);
        }
        if (query instanceof Query.Chain c) {
            return chain(c, part);
        }
        if (query instanceof Query.SetOperation s) {
            return setOperation(s, part);
        }
        if (query instanceof Query.Column c) {
            return column(c, part);
        }
        if (query instanceof Query.Report r && r.report() != null && semantics.reports().get(r.report()).tool().equals(semantics.sites().sites().tool())) {
            return sitesReport(r, part);
        }
        if (query instanceof Query.Lookup l && semantics.lookups().get(l.entity()).foundByName()) {
            return namedLookup(l, part);
        }
        if (query instanceof Query.Metric m && m.per() != null && semantics.dimensions().containsKey(m.per())) {
            return perRow(m, part);
        }
        List<Fetched> fetched = fetch(planner.plan(query));
        try {
            return compose(query, fetched, part);
        } catch (Unreadable e) {
            return unreadable(e);
        }
    }

    private Composed unreadable(Unreadable e) {
        Analysis.Outcome failed = new Analysis.Outcome(Analysis.Outcome.FAILED, "unreadable", List.of());
        return Composed.notAnswered("I could not read the figure from " + semantics.vendor() + "'s answer: " + e.getMessage()
                + " I show nothing rather than a number the tool did not give.", failed, List.of(),
                List.of(new Analysis.Warning("Result not understood", e.getMessage(),
                        "The tool answered in a form Sightline could not read; the raw answer is in the steps.")));
    }

    // ---- running ----

    List<Fetched> fetch(List<QueryPlanner.ToolCall> planned) {
        List<Fetched> out = new ArrayList<>();
        Map<String, List<Integer>> byTool = new LinkedHashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            out.add(null);
            if (!planned.get(i).paged()) {
                byTool.computeIfAbsent(planned.get(i).tool(), t -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> tool : byTool.entrySet()) {
            List<Map<String, Object>> args = tool.getValue().stream().map(i -> planned.get(i).arguments()).toList();
            List<JsonNode> results = calls.callAll(tool.getKey(), args);
            for (int j = 0; j < results.size(); j++) {
                int i = tool.getValue().get(j);
                out.set(i, new Fetched(planned.get(i), results.get(j), List.of(results.get(j))));
            }
        }
        for (int i = 0; i < planned.size(); i++) {
            if (planned.get(i).paged()) {
                out.set(i, paged(planned.get(i)));
            }
        }
        return out;
    }

    /** Follows a listing's cursor to its last page (or {@link QueryPlanner#MAX_PAGES}). */
    private Fetched paged(QueryPlanner.ToolCall call) {
        Semantics.Cursor cursor = semantics.listing().cursor();
        List<JsonNode> pages = new ArrayList<>();
        Map<String, Object> args = new LinkedHashMap<>(call.arguments());
        Set<String> seen = new HashSet<>();
        while (pages.size() < QueryPlanner.MAX_PAGES) {
            JsonNode page = calls.call(call.tool(), Map.copyOf(args));
            pages.add(page);
            String next = ResultTree.text(ResultTree.at(page, cursor.next()));
            if (next == null || next.isBlank() || next.equalsIgnoreCase("null") || !seen.add(next)) {
                break;
            }
            args.put(cursor.argument(), next);
        }
        return new Fetched(call, pages.get(0), pages);
    }

    // ---- composing ----

    private Composed compose(Query query, List<Fetched> fetched, int part) {
        if (query instanceof Query.Metric m) {
            return metric(m, fetched, part);
        } else if (query instanceof Query.Breakdown b) {
            return breakdown(b, fetched.get(0), part);
        } else if (query instanceof Query.Series s) {
            return series(s, fetched, part);
        } else if (query instanceof Query.Comparison c) {
            return comparison(c, fetched, part);
        } else if (query instanceof Query.Ratio r) {
            return ratio(r, fetched, part);
        } else if (query instanceof Query.Distinct d) {
            return distinct(d, fetched.get(0), part);
        } else if (query instanceof Query.Lookup l) {
            return lookup(l, fetched, part);
        } else if (query instanceof Query.Listing l) {
            return listing(l, fetched.get(0), part);
        } else if (query instanceof Query.Report r) {
            return report(r, fetched.get(0), part);
        } else if (query instanceof Query.Unanswerable u) {
            return unanswerable(u);
        } else if (query instanceof Query.ToolQuery t) {
            return toolAnswer(t, fetched.get(0), part);
        }
        throw new IllegalStateException("Not composed here: " + query.getClass().getSimpleName());
    }

    /** A figure's value and where it came from. */
    private record Value(double value, Analysis.Figure figure) {
    }

    /** "requests from Germany", "the denial rate of Chinese traffic": the listed requests with that value, counted. */
    private Value listedValue(Query.Metric m, Semantics.Measure measure, Semantics.Dimension dimension, Fetched f, int part) {
        String conclusion = semantics.filters().containsKey("conclusion") ? semantics.filters().get("conclusion").argument() : null;
        java.util.function.Function<Semantics.Measure, Long> count = counted -> {
            // A listing already asked for that conclusion holds nothing else; otherwise each item must state its own.
            boolean asked = conclusion != null && counted.conclusion() != null && counted.conclusion().equals(f.call().arguments().get(conclusion));
            long n = 0;
            boolean stated = false;
            for (JsonNode page : f.pages()) {
                for (JsonNode item : ResultTree.rows(page, semantics.listing().items())) {
                    String key = ResultTree.keyOf(item, dimension.key());
                    String decision = conclusion == null ? null : ResultTree.text(ResultTree.at(item, conclusion));
                    stated |= decision != null;
                    boolean decided = counted.conclusion() == null || conclusion == null || asked || counted.conclusion().equalsIgnoreCase(decision);
                    if (dimension.matches(key, m.subject().key()) && decided) {
                        n++;
                    }
                }
            }
            if (counted.conclusion() != null && conclusion != null && !asked && !stated && n == 0) {
                throw new Unreadable("the listed requests of " + f.call().tool() + " do not state their " + Formats.words(conclusion) + ".");
            }
            return n;
        };
        String field = semantics.listing().items() + "[" + dimension.key() + "=\"" + m.subject().key() + "\"]";
        double value;
        if (measure.isRatio()) {
            long num = count.apply(semantics.measures().get(measure.ratioOf().get(0)));
            long den = count.apply(semantics.measures().get(measure.ratioOf().get(1)));
            value = den == 0 ? 0 : (double) num / den;
        } else {
            value = count.apply(measure);
        }
        return new Value(value, figure(label(m), value, measure.unit(), part, f.call(), field));
    }

    private Value metricValue(Query.Metric m, Fetched f, int part) {
        Semantics.Measure measure = semantics.measures().get(m.measure());
        String label = label(m);
        if (m.subject() == null) {
            double value;
            String field = measure.field();
            JsonNode node = ResultTree.at(f.result(), field);
            Double read = ResultTree.number(node);
            if (read == null && measure.isRatio()) {
                // A rate the result does not state is its two counts divided, when it states those.
                Double num = ResultTree.number(ResultTree.at(f.result(), semantics.measures().get(measure.ratioOf().get(0)).field()));
                Double den = ResultTree.number(ResultTree.at(f.result(), semantics.measures().get(measure.ratioOf().get(1)).field()));
                if (num != null && den != null) {
                    read = den == 0 ? 0 : num / den;
                    field = semantics.measures().get(measure.ratioOf().get(0)).field() + " ÷ " + semantics.measures().get(measure.ratioOf().get(1)).field();
                }
            }
            if (read == null) {
                throw new Unreadable("no " + measure.label() + " (" + field + ") in the result of " + f.call().tool() + ".");
            }
            value = read;
            return new Value(value, figure(label, value, measure.unit(), part, f.call(), field));
        }
        Semantics.Dimension dimension = semantics.dimensions().get(m.subject().dimension());
        if (dimension.listing()) {
            return listedValue(m, measure, dimension, f, part);
        }
        JsonNode rows = ResultTree.at(f.result(), dimension.rows());
        Double whole = measure.isRatio() || measure.field() == null ? null : ResultTree.number(ResultTree.at(f.result(), measure.field()));
        if (rows.isMissingNode() && whole != null && whole == 0) {
            // A text answer leaves out a list it has nothing for: with a stated total of zero, every row's share is zero too.
            return new Value(0, figure(label, 0, measure.unit(), part, f.call(), measure.field()));
        }
        if (rows.isMissingNode()) {
            throw new Unreadable("no " + dimension.rows() + " rows in the result of " + f.call().tool() + ".");
        }
        JsonNode row = rowOf(f.result(), m.subject());
        if (row == null && f.call().arguments().get("limit") instanceof Number limit && rows.size() >= limit.intValue()) {
            // A ranking cut at its limit says nothing of a row below the cut: not zero, unknown.
            throw new Unreadable(m.subject().key() + " is not among the " + rows.size() + " " + dimension.rows().replace("/", "") + " rows " + f.call().tool()
                    + " returned, so its " + measure.label() + " cannot be read there.");
        }
        String field = dimension.rows() + "[" + dimension.key() + "=\"" + m.subject().key() + "\"]";
        double value;
        if (measure.isRatio() && !dimension.values().keySet().containsAll(measure.ratioOf())) {
            throw new Unreadable("the " + Formats.words(m.subject().dimension()) + " rows of " + f.call().tool() + " do not state " + measure.label() + ".");
        }
        if (measure.isRatio()) {
            double num = row == null ? 0 : orZero(ResultTree.valueOf(row, dimension.values().get(measure.ratioOf().get(0))));
            double den = row == null ? 0 : orZero(ResultTree.valueOf(row, dimension.values().get(measure.ratioOf().get(1))));
            value = den == 0 ? 0 : num / den;
            field += "/" + dimension.values().get(measure.ratioOf().get(0)) + " ÷ /" + dimension.values().get(measure.ratioOf().get(1));
        } else {
            String valueField = dimension.values().getOrDefault(m.measure(), dimension.values().values().iterator().next());
            value = row == null ? 0 : orZero(ResultTree.valueOf(row, valueField));
            field += "/" + valueField;
        }
        return new Value(value, figure(label, value, measure.unit(), part, f.call(), field));
    }

    /**
     * Whether the sides of a comparison add up to a whole worth stating: sites side by side ("both sites combined"), or
     * different paths over one period ("our two blog posts, combined"); not periods, which overlap or differ in kind.
     */
    private static boolean addsUp(Query.Comparison c) {
        boolean sites = c.sides().stream().map(Query.Metric::site).distinct().count() > 1;
        boolean paths = c.sides().stream().map(Query.Metric::window).distinct().count() == 1
                && c.sides().stream().map(Query.Metric::subject).distinct().count() == c.sides().size()
                && c.sides().stream().allMatch(side -> side.subject() != null && "path".equals(side.subject().dimension()));
        return sites || paths;
    }

    /** The subject's row among the result's rows of its dimension (the last, when a key repeats), or null when it is not ranked. */
    private JsonNode rowOf(JsonNode result, Query.Subject subject) {
        Semantics.Dimension dimension = semantics.dimensions().get(subject.dimension());
        JsonNode row = null;
        for (JsonNode r : ResultTree.rows(result, dimension.rows())) {
            String key = ResultTree.keyOf(r, dimension.key());
            if (key != null && key.equalsIgnoreCase(subject.key())) {
                row = r;
            }
        }
        return row;
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    private Composed metric(Query.Metric m, List<Fetched> fetched, int part) {
        Fetched f = fetched.get(0);
        Value v = metricValue(m, f, part);
        TimeWindows.Window window = planner.window(m.window());
        String when = when(window);
        Semantics.Measure measure = semantics.measures().get(m.measure());
        List<Analysis.Figure> figures = new ArrayList<>();
        String text;
        if (m.per() != null) {
            double units = switch (m.per()) {
                case "second" -> window.length().toSeconds();
                case "minute" -> window.length().toSeconds() / 60.0;
                case "hour" -> window.length().toSeconds() / 3600.0;
                case "week" -> window.length().toSeconds() / (7 * 86400.0);
                default -> window.length().toSeconds() / 86400.0;
            };
            double average = units == 0 ? 0 : v.value() / units;
            double rounded = average < 1 ? Math.round(average * 10000) / 10000.0 : Math.round(average * 100) / 100.0;
            figures.add(new Analysis.Figure("average " + label(m) + " per " + m.per(), rounded, "per " + m.per(), part, v.figure().provenance()));
            figures.add(v.figure());
            text = "On average **" + Formats.decimal(rounded) + "** " + label(m) + " per " + m.per() + " on **" + siteName(m.site()) + "** " + when
                    + " (" + Formats.number(Math.round(v.value())) + " in all over " + Formats.decimal(Math.round(units * 100) / 100.0) + " " + m.per() + "s).";
            Query.Series by = planner.seriesOfAverage(m);
            if (by != null && fetched.size() > 1) {
                // Each bucket beside the average: the table and chart are the series, the headline stays the average.
                Composed each = series(by, fetched.subList(1, fetched.size()), part);
                each.figures().stream().filter(e -> !e.label().startsWith("total ")).forEach(figures::add);
                return new Composed(text + " " + capitalize(m.per()) + " by " + m.per() + " " + when(planner.window(by.window())) + " in the table.",
                        each.chart(), each.table(), List.of(), followUps(m.window()), figures, null);
            }
        } else {
            figures.add(v.figure());
            String subject = m.subject() == null ? "" : m.subject().dimension().equals("reason") ? " for **" + semantics.label(m.subject().key()) + "**"
                    : semantics.dimensions().get(m.subject().dimension()).listing() ? " from **" + m.subject().key().replace("|", "** and **") + "**" : " to **" + m.subject().key() + "**";
            text = "**" + format(v.value(), measure.unit()) + "** " + label(m) + subject + " on **" + siteName(m.site()) + "** " + when + ".";
            JsonNode trend = m.subject() == null && measure.unit() == null ? ResultTree.at(f.result(), "/trend") : null;
            if (trend != null && !trend.isMissingNode()) {
                String previousField = "requests".equals(m.measure()) ? "/trend/previousTotalRequests" : "denied".equals(m.measure()) ? "/trend/previousDenied" : null;
                Double previous = previousField == null ? null : ResultTree.number(ResultTree.at(f.result(), previousField));
                if (previous != null) {
                    text = text.substring(0, text.length() - 1) + ", against " + Formats.number(Math.round(previous)) + " in the " + stretch(window.length())
                            + " before.";
                }
            }
            if (m.subject() != null && v.value() == 0 && !"reason".equals(m.subject().dimension()) && !semantics.dimensions().get(m.subject().dimension()).listing()
                    // (A zero read from a row is a zero; one read from no row may be too few to rank.)
                    && rowOf(f.result(), m.subject()) == null) {
                text += " (" + m.subject().key() + " is not among the site's busiest " + m.subject().dimension() + "s in this period, so it had none or too few to rank.)";
            }
        }
        List<Analysis.Warning> warnings = new ArrayList<>();
        if (m.subject() == null && "requests".equals(m.measure()) && v.value() == 0) {
            warnings.add(semantics.warning("noDecisions", Map.of("site", siteName(m.site()))));
        }
        Dataset table = Dataset.builder(List.of("Measure", "Value")).row(capitalize(label(m)), v.figure().value()).build()
                .withUnits(null, unit(m.measure(), null));
        ChartSpec chart = ChartSpec.metric(capitalize(figures.get(0).label()), (Number) figures.get(0).value(), figures.get(0).unit(), null, null);
        return new Composed(text, chart, table, warnings, followUps(m.window()), figures, null);
    }

    private Composed breakdown(Query.Breakdown b, Fetched f, int part) {
        Semantics.Dimension dimension = semantics.dimensions().get(b.dimension());
        TimeWindows.Window window = planner.window(b.window());
        List<Object[]> rows = new ArrayList<>();
        // "requests from GOOGLE_CRAWLER": a value kept on the listed items says whose rows these are.
        String valueLabel = label(b.measure(), b.filters()) + b.filters().entrySet().stream().filter(e -> planner.onItems(e.getKey()))
                .map(e -> " from " + e.getValue()).collect(java.util.stream.Collectors.joining());
        boolean listed = planner.countedFromListing(b);
        // "top 10 denied IPs, excluding AS14061": the rows of the ranking as asked, then those left out.
        Set<String> leftOut = new HashSet<>();
        if (listed) {
            Map<String, Long> counts = new LinkedHashMap<>();
            Map<String, String> onItems = onItems(b.filters());
            for (JsonNode page : f.pages()) {
                for (JsonNode item : ResultTree.rows(page, semantics.listing().items())) {
                    String key = ResultTree.keyOf(item, dimension.key());
                    if (kept(item, onItems) && key != null && !key.isBlank() && !key.equals("null")) {
                        counts.merge(key, 1L, Long::sum);
                    }
                }
            }
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> rows.add(new Object[] {e.getKey(), e.getValue()}));
        } else {
            JsonNode list = ResultTree.at(f.result(), dimension.rows());
            Semantics.Measure counted = semantics.measures().get(b.measure());
            Double total = counted == null || counted.isRatio() ? null : ResultTree.number(ResultTree.at(f.result(), counted.field()));
            if (list.isMissingNode() && !(total != null && total == 0)) {
                // A text answer leaves out a list it has nothing for; only a stated zero total makes that an empty list.
                throw new Unreadable("no " + dimension.rows() + " in the result of " + f.call().tool() + ".");
            }
            String valueField = dimension.values().getOrDefault(b.measure(),
                    b.filters().containsKey("conclusion") ? dimension.values().getOrDefault("requests", dimension.values().values().iterator().next())
                            : dimension.values().values().iterator().next());
            String[] except = Query.Breakdown.except(b.only());
            List<String> excluded = except == null ? List.of() : List.of(Regex.split(except[1], "\\|"));
            java.util.regex.Pattern tagged = except == null ? null : taggedBy(except[0]);
            boolean stated = false;
            for (JsonNode r : ResultTree.rows(f.result(), dimension.rows())) {
                Double v = ResultTree.valueOf(r, valueField);
                String field = except == null ? null : fieldOrTagged(r, except[0], tagged);
                stated |= field != null;
                rows.add(new Object[] {ResultTree.keyOf(r, dimension.key()), v == null ? 0 : Math.round(v)});
                if (field != null && excluded.contains(Regex.replaceFirst(field, "(?i)^as", ""))) {
                    leftOut.add(ResultTree.keyOf(r, dimension.key()));
                }
            }
            if (except != null && !stated && !rows.isEmpty()) {
                // A row that does not say its network cannot be left out by it: no answer rather than a wrong one.
                throw new Unreadable("the rows of " + f.call().tool() + " do not state their " + Formats.words(except[0]) + ".");
            }
            Double share = Query.Breakdown.shareAbove(b.only());
            if (share != null) {
                // "paths with more than a tenth of all blocks": against the whole the tool reports, else the rows' own sum.
                double whole = total != null ? total : rows.stream().mapToLong(r -> (Long) r[1]).sum();
                rows.removeIf(r -> (Long) r[1] <= share * whole);
            }
            if (b.only() != null && Query.Breakdown.prefix(b.only()) == null && Query.Breakdown.atLeast(b.only()) == null && share == null && except == null
                    && dimension.limit() != null && b.limit() < dimension.limit().max()
                    && rows.size() > b.limit()) {
                // "Which of the top 10 IPs never got blocked": the rows among the tool's own top ten.
                rows.subList(b.limit(), rows.size()).clear();
            }
            rows.sort((x, y) -> Long.compare((Long) y[1], (Long) x[1]));
        }
        String prefix = Query.Breakdown.prefix(b.only());
        if (prefix != null) {
            // "API endpoints": the rows under a prefix, then the top of those.
            rows.removeIf(r -> !String.valueOf(r[0]).startsWith(prefix));
        }
        Long floor = Query.Breakdown.atLeast(b.only());
        if (floor != null) {
            // "paths with 100+ denials": every row at or above the floor, largest first.
            rows.removeIf(r -> (Long) r[1] < floor);
        } else if (b.only() != null && prefix == null && (b.only().equals("zero") || b.only().equals("nonzero"))) {
            boolean zero = b.only().equals("zero");
            rows.removeIf(r -> zero != ((Long) r[1] == 0));
        } else if (rows.size() > b.limit()) {
            rows.subList(b.limit(), rows.size()).clear();
        }
        rows.removeIf(r -> leftOut.contains(String.valueOf(r[0])));
        String column = capitalize(Formats.words(b.dimension()));
        Dataset.Builder table = Dataset.builder(List.of(column, capitalize(valueLabel)));
        rows.forEach(r -> table.row(r[0], r[1]));
        // A rate is only a rate where the rows carry it; otherwise the rows count requests.
        Dataset data = table.build().withUnits(null, !listed && dimension.values().containsKey(b.measure()) ? unit(b.measure(), null) : "requests");
        List<Analysis.Figure> figures = new ArrayList<>();
        String field = listed ? semantics.listing().items() + "/*/" + dimension.key() : dimension.rows();
        for (int i = 0; i < Math.min(rows.size(), 10); i++) {
            figures.add(new Analysis.Figure(column + " #" + (i + 1), rows.get(i)[0], null, part, provenance(f.call(), field + "/" + i + "/" + dimension.key())));
            figures.add(new Analysis.Figure(valueLabel + " of " + rows.get(i)[0], rows.get(i)[1], null, part, provenance(f.call(), field + "/" + i)));
        }
        if (rows.size() >= 2 && (b.only() == null || prefix != null || floor != null)) {
            // "How many requests did each of the top 10 send on average": the mean of the ranked rows.
            double mean = rows.stream().mapToLong(r -> (Long) r[1]).average().orElse(0);
            figures.add(new Analysis.Figure("average " + valueLabel + " of the top " + rows.size(), Math.round(mean * 100) / 100.0, null, part,
                    provenance(f.call(), field)));
        }
        if (!listed && (b.only() == null || prefix != null)) {
            // (A network in a text row is named as the field the rows' networks are asked by, where the semantics has one:
            // "which networks are behind them".)
            String networkField = dimension.fields().entrySet().stream().filter(asked -> asked.getValue().contains("network"))
                    .map(Map.Entry::getKey).findFirst().orElse("network name");
            // The ranked rows' other fields (a reason's share, an IP's network) are figures of the answer too, and so is how many
            // different values each text field takes among them ("how many different networks among the top 10 IPs").
            Map<String, Set<String>> distinct = new LinkedHashMap<>();
            for (JsonNode r : ResultTree.rows(f.result(), dimension.rows())) {
                String key = ResultTree.keyOf(r, dimension.key());
                if (rows.stream().limit(Math.min(b.limit(), 10)).noneMatch(x -> String.valueOf(x[0]).equals(key))) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> e : r.properties()) {
                    if (e.getValue().isValueNode() && !e.getKey().equals(dimension.key())) {
                        if (!e.getValue().isNumber()) {
                            distinct.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue().asString());
                        }
                        figures.add(new Analysis.Figure(e.getKey() + " of " + key, cell(e.getValue()), null, part, provenance(f.call(), dimension.rows() + "/" + e.getKey())));
                        java.util.regex.Matcher network = e.getValue().isString() ? AS_AND_NAME.matcher(e.getValue().asString().strip()) : null;
                        if (network != null && network.matches()) {
                            // "AS16276 OVH SAS" in a text row: the network's number and its name, each a figure as a structured row gives them.
                            figures.add(new Analysis.Figure("asn of " + key, Long.parseLong(network.group(1)), null, part, provenance(f.call(), dimension.rows() + "/" + e.getKey())));
                            figures.add(new Analysis.Figure(networkField + " of " + key, network.group(2), null, part, provenance(f.call(), dimension.rows() + "/" + e.getKey())));
                        }
                    } else if (e.getKey().endsWith("Parts")) {
                        // The facts a text row packs ("821 (61.04% of denials)"): its share too is a figure of the row.
                        for (JsonNode piece : e.getValue()) {
                            figures.add(new Analysis.Figure(e.getKey() + " of " + key, cell(piece), null, part, provenance(f.call(), dimension.rows() + "/" + e.getKey())));
                        }
                    }
                }
            }
            if (rows.size() > 1) {
                distinct.forEach((name, values) -> figures.add(new Analysis.Figure("different " + name + " values", values.size(), null, part,
                        provenance(f.call(), dimension.rows() + "/*/" + name))));
            }
        }
        String site = siteName(b.site());
        String when = when(window);
        String text;
        if (b.only() != null && prefix == null) {
            // The rows kept by a condition, named by it: "100 or more denied requests", "no denied requests", "denied requests".
            Double share = Query.Breakdown.shareAbove(b.only());
            String[] except = Query.Breakdown.except(b.only());
            String condition = floor != null ? Formats.number(floor) + " or more " : b.only().equals("zero") ? "no " : share != null ? "more than "
                    + Math.round(share * 100) + " % of all " : "";
            // ("AS16276": an autonomous system is named by its number after "AS".)
            String leftOutNamed = except == null ? null : except[0].equalsIgnoreCase("asn") ? "AS" + except[1].replace("|", ", AS")
                    : Formats.words(except[0]) + " " + except[1].replace("|", ", ");
            text = except != null ? (rows.isEmpty() ? "No " + Formats.words(b.dimension()) + " on **" + site + "** " + when + " is left once "
                    + leftOutNamed + " are left out."
                    : "The top " + Formats.words(b.dimension()) + "s by " + valueLabel + " on **" + site + "** " + when + ", leaving out "
                    + leftOutNamed + ": " + String.join(", ", rows.stream().limit(12)
                            .map(r -> "**" + r[0] + "** (" + Formats.number((Long) r[1]) + ")").toList()) + ".")
                    : rows.isEmpty() ? "No " + Formats.words(b.dimension()) + " on **" + site + "** " + when + " had "
                    + (floor != null ? condition : b.only().equals("zero") ? "zero " : "any ") + valueLabel + "."
                    : "**" + rows.size() + "** " + Formats.words(b.dimension()) + (rows.size() == 1 ? "" : "s") + " on **" + site + "** had "
                            + condition + valueLabel + " " + when + ": " + String.join(", ", rows.stream().limit(12)
                                    .map(r -> "**" + r[0] + "**" + (floor != null ? " (" + Formats.number((Long) r[1]) + ")" : "")).toList())
                            + (rows.size() > 12 ? " and " + (rows.size() - 12) + " more" : "") + ".";
            if (b.only().equals("zero") && dimension.limit() != null) {
                text += " (Among the " + Math.min(b.limit(), dimension.limit().max()) + " busiest " + Formats.words(b.dimension()) + "s the tool ranks.)";
            }
        } else if (rows.isEmpty()) {
            text = "No " + valueLabel + " on **" + site + "** " + when + ", so there is nothing to rank.";
        } else {
            text = "On **" + site + "** " + when + ", the top " + Formats.words(b.dimension()) + " is **" + rows.get(0)[0] + "** with **"
                    + Formats.number((Long) rows.get(0)[1]) + "** " + valueLabel
                    + (rows.size() > 1 ? ", then " + String.join(", ", rows.stream().skip(1).limit(4).map(r -> r[0] + " (" + Formats.number((Long) r[1]) + ")").toList())
                    + (rows.size() > 5 ? " and " + (rows.size() - 5) + " more" : "") : "") + ".";
        }
        ChartSpec chart = rows.isEmpty() ? ChartSpec.table("No data")
                : "reason".equals(b.dimension()) && rows.size() >= 2 && rows.size() <= 6 ? ChartSpec.donut(capitalize(valueLabel) + " by reason", data)
                : ChartSpec.bar(capitalize(valueLabel) + " by " + Formats.words(b.dimension()), data);
        return new Composed(text, chart, data, List.of(), followUps(b.window()), figures, null);
    }

    private Composed series(Query.Series s, List<Fetched> fetched, int part) {
        TimeWindows.Window window = planner.window(s.window());
        List<Instant[]> buckets = planner.buckets(window, s.grain());
        Semantics.Measure measure = semantics.measures().get(s.measure());
        String label = label(s.measure(), s.filters());
        Dataset.Builder rows = Dataset.builder(List.of(capitalize(s.grain()), capitalize(label) + (measure.unit() != null ? " (%)" : "")));
        double sum = 0;
        double peak = -1;
        String peakLabel = null;
        Instant peakStart = null;
        List<Analysis.Figure> figures = new ArrayList<>();
        for (int i = 0; i < buckets.size() && i < fetched.size(); i++) {
            double read = metricValue(new Query.Metric(s.site(), s.measure(), s.filters(), null, s.subject(), null), fetched.get(i), part).value();
            double value = measure.unit() != null ? Math.round(read * 10000) / 100.0 : read;
            String bucket = "hour".equals(s.grain()) ? buckets.get(i)[0].atZone(context.zone()).toLocalDateTime().truncatedTo(ChronoUnit.HOURS).toString().replace('T', ' ')
                    : LocalDate.ofInstant(buckets.get(i)[0], context.zone()).toString();
            rows.row(bucket, measure.unit() != null ? value : (Object) Math.round(value));
            sum += value;
            if (value > peak) {
                peak = value;
                peakLabel = bucket;
                peakStart = buckets.get(i)[0];
            }
            figures.add(new Analysis.Figure(label + " " + bucket, measure.unit() != null ? value : Math.round(value), measure.unit() != null ? "percent" : null,
                    part, provenance(fetched.get(i).call(), measure.field())));
        }
        Dataset data = rows.build().withUnits(null, measure.unit() != null ? "percent" : unit(s.measure(), null));
        String site = siteName(s.site());
        String text = measure.unit() != null
                ? capitalize(label) + " per " + s.grain() + " on **" + site + "** " + when(window) + ": highest **" + Formats.decimal(peak) + "%** on " + peakLabel + "."
                : "**" + Formats.number(Math.round(sum)) + "** " + label + " on **" + site + "** " + when(window) + ", " + s.grain() + " by " + s.grain()
                        + "; the busiest " + s.grain() + " was **" + peakLabel + "** with **" + Formats.number(Math.round(peak)) + "**.";
        if (measure.unit() == null) {
            figures.add(0, new Analysis.Figure("total " + label, Math.round(sum), null, part, provenance(fetched.get(0).call(), measure.field())));
        } else if (!buckets.isEmpty()) {
            // The mean of each bucket's rate ("the average daily denial rate"), not the rate of the whole window.
            double mean = Math.round(sum / Math.min(buckets.size(), fetched.size()) * 100) / 10_000.0;
            figures.add(new Analysis.Figure("average " + label + " per " + s.grain(), mean, measure.unit(), part, provenance(fetched.get(0).call(), measure.field())));
            text = text.substring(0, text.length() - 1) + "; the mean of the " + s.grain() + "s is **" + format(mean, measure.unit()) + "**.";
        }
        if (peakLabel != null) {
            // "The busiest hour today": the peak bucket is an answer of its own.
            figures.add(0, new Analysis.Figure("busiest " + s.grain(), peakLabel, null, part, provenance(fetched.get(0).call(), measure.field())));
            if ("hour".equals(s.grain())) {
                // An hour is an instant as well as a wall-clock label: "2026-12-02T14:00:00Z" is the same hour in any zone.
                figures.add(1, new Analysis.Figure("busiest hour starts", peakStart.toString(), null, part, provenance(fetched.get(0).call(), measure.field())));
            }
        }
        return new Composed(text, ChartSpec.line(capitalize(label) + " per " + s.grain(), data), data, List.of(), followUps(s.window()), figures, null);
    }

    private Composed comparison(Query.Comparison c, List<Fetched> fetched, int part) {
        List<Value> values = new ArrayList<>();
        Dataset.Builder rows = Dataset.builder(List.of("Compared", "Value"));
        List<String> labels = new ArrayList<>();
        // The verdict names each side by its words alone ("last week"); the dates were given once already.
        List<String> brief = new ArrayList<>();
        for (int i = 0; i < c.sides().size(); i++) {
            Query.Metric side = c.sides().get(i);
            Value v = metricValue(side, fetched.get(i), part);
            String name = sideName(c, side);
            values.add(new Value(v.value(), new Analysis.Figure(name + ": " + label(side), v.figure().value(), v.figure().unit(), part, v.figure().provenance())));
            labels.add(name);
            String phrase = planner.window(side.window()).phrase();
            brief.add(c.sides().stream().map(Query.Metric::window).distinct().count() > 1 && phrase != null ? phrase : name);
            rows.row(name, v.figure().value());
        }
        Query.Metric first = c.sides().get(0);
        Semantics.Measure measure = semantics.measures().get(first.measure());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(labels.get(i)).append(": **").append(format(values.get(i).value(), measure.unit())).append("** ")
                    .append(label(c.sides().get(i)));
        }
        List<Analysis.Figure> figures = new ArrayList<>(values.stream().map(Value::figure).toList());
        if (measure.unit() == null && addsUp(c)) {
            double total = values.stream().mapToDouble(Value::value).sum();
            figures.add(new Analysis.Figure("total", Math.round(total), null, part, values.get(0).figure().provenance()));
            text.append("; **").append(Formats.number(Math.round(total))).append("** in all");
        }
        if (values.size() == 2) {
            double a = values.get(0).value();
            double b = values.get(1).value();
            double diff = a - b;
            String verdict = a == b ? "the same" : (a > b ? brief.get(0) : brief.get(1)) + " was higher";
            text.append(". ").append(capitalize(verdict));
            if (a != b) {
                // "Which of our sites had the higher denial rate": the side is itself an answer.
                figures.add(new Analysis.Figure("higher", a > b ? brief.get(0) : brief.get(1), null, part, null));
            }
            if (measure.unit() == null) {
                text.append(" by ").append(Formats.number(Math.round(Math.abs(diff))));
                if (b != 0) {
                    double change = Math.round((a - b) / b * 1000) / 10.0;
                    text.append(" (").append(Formats.change(change)).append(" for ").append(brief.get(0)).append(" against ").append(brief.get(1)).append(")");
                    figures.add(new Analysis.Figure("change", change, "percent", part, null));
                    // "prod gets ten times staging's traffic": the ratio is how people compare sizes.
                    figures.add(new Analysis.Figure("ratio", Math.round(a / b * 1000) / 1000.0, "times", part, null));
                }
                figures.add(new Analysis.Figure("difference", Math.round(diff), null, part, null));
            } else {
                // Rates differ by points: 11.5 % against 12.0 % is half a point lower, not "4 % lower"; equal rates differ by none.
                double points = Math.round(diff * 10_000) / 10_000.0;
                if (a != b) {
                    text.append(" by ").append("fraction".equals(measure.unit()) ? Formats.decimal(Math.abs(points) * 100) + " percentage points"
                            : Formats.decimal(Math.abs(points)));
                }
                figures.add(new Analysis.Figure("difference", points, measure.unit(), part, null));
            }
            text.append('.');
        } else {
            text.append('.');
        }
        // A difference is computed here from two figures with provenance: it is kept, but carries theirs.
        List<Analysis.Figure> withProvenance = new ArrayList<>();
        for (Analysis.Figure f : figures) {
            withProvenance.add(f.provenance() == null ? new Analysis.Figure(f.label(), f.value(), f.unit(), f.part(), figures.get(0).provenance()) : f);
        }
        Dataset data = rows.build().withUnits(null, unit(first.measure(), first.per()));
        // Sites set side by side name themselves; one site is said once, before its figures.
        boolean acrossSites = c.sides().stream().map(Query.Metric::site).distinct().count() > 1;
        return new Composed((acrossSites ? capitalize(when(planner.window(first.window()))) + ": " : "On **" + siteName(first.site()) + "**, ") + text, ChartSpec.bar(capitalize(label(first)), data), data, List.of(),
                followUps(first.window()), withProvenance, null);
    }

    private String sideName(Query.Comparison c, Query.Metric side) {
        boolean windowsDiffer = c.sides().stream().map(Query.Metric::window).distinct().count() > 1;
        if (windowsDiffer) {
            TimeWindows.Window w = planner.window(side.window());
            return TimeWindows.describe(new TimeWindows.Window(w.expression(), TimeWindows.resolve(side.window(), context.zone(), context.now()) == null ? null
                    : phrase(side.window()), w.start(), w.end()), context.zone());
        }
        if (c.sides().stream().map(Query.Metric::site).distinct().count() > 1) {
            return siteName(side.site());
        }
        return side.subject() == null ? label(side) : subjectLabel(side.subject());
    }

    private Composed ratio(Query.Ratio r, List<Fetched> fetched, int part) {
        Value num = metricValue(r.numerator(), fetched.get(0), part);
        Value den = metricValue(r.denominator(), fetched.get(1), part);
        double share = den.value() == 0 ? 0 : num.value() / den.value();
        double percent = Math.round(share * 1_000_000) / 10_000.0;
        TimeWindows.Window window = planner.window(r.numerator().window());
        boolean partOfWhole = "requests".equals(r.denominator().measure()) || r.numerator().measure().equals(r.denominator().measure())
                && r.denominator().subject() == null;
        if (!partOfWhole) {
            // Two things side by side ("allowed to denied", "rate limits to bot blocks"): a ratio, not a share of a whole.
            double ratio = Math.round(share * 10_000) / 10_000.0;
            String text = "**" + Formats.decimal(ratio) + "** " + label(r.numerator()) + describeSubject(r.numerator()) + " for every one of the "
                    + label(r.denominator()) + describeSubject(r.denominator()) + " (" + Formats.number(Math.round(num.value())) + " against "
                    + Formats.number(Math.round(den.value())) + ") on **" + siteName(r.numerator().site()) + "** " + when(window) + ".";
            List<Analysis.Figure> figures = List.of(new Analysis.Figure("ratio", ratio, "times", part, num.figure().provenance()), num.figure(), den.figure());
            Dataset data = Dataset.builder(List.of("Measure", "Value")).row(capitalize(num.figure().label()), num.figure().value()).row(capitalize(den.figure().label()), den.figure().value())
                    .row("Ratio", ratio).build();
            return new Composed(text, ChartSpec.metric("Ratio", ratio, null, null, null), data, List.of(), followUps(r.numerator().window()), figures, null);
        }
        String text = "**" + Formats.decimal(percent) + "%**: " + Formats.number(Math.round(num.value())) + " " + label(r.numerator())
                + (r.numerator().subject() != null ? " (" + subjectLabel(r.numerator().subject()) + ")" : "") + " out of "
                + Formats.number(Math.round(den.value())) + " " + label(r.denominator()) + " on **" + siteName(r.numerator().site()) + "** " + when(window) + ".";
        List<Analysis.Figure> figures = List.of(new Analysis.Figure("share", percent, "percent", part, num.figure().provenance()), num.figure(), den.figure());
        Dataset data = Dataset.builder(List.of("Measure", "Value")).row(capitalize(num.figure().label()), num.figure().value()).row(capitalize(den.figure().label()), den.figure().value())
                .row("Share (%)", percent).build();
        return new Composed(text, ChartSpec.metric("Share", percent, "%", null, null), data, List.of(), followUps(r.numerator().window()), figures, null);
    }

    /** The filters no tool takes, kept on the listed items themselves ("the requests of GOOGLE_CRAWLER"). */
    private Map<String, String> onItems(Map<String, String> filters) {
        return filters.entrySet().stream().filter(e -> planner.onItems(e.getKey()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private boolean kept(JsonNode item, Map<String, String> onItems) {
        return onItems.entrySet().stream().allMatch(e -> semantics.dimensions().get(e.getKey())
                .matches(ResultTree.keyOf(item, semantics.dimensions().get(e.getKey()).key()), e.getValue()));
    }

    /**
     * A row's value of a field ("asn": 16276), or where a text row has no such field, the value a cell tags with the field's
     * letters ("AS16276 OVH SAS" in a network column).
     */
    private static String fieldOrTagged(JsonNode row, String field, java.util.regex.Pattern tagged) {
        String value = ResultTree.text(ResultTree.at(row, "/" + field));
        if (value != null) {
            return value;
        }
        for (JsonNode cell : row) {
            java.util.regex.Matcher m = cell.isString() ? tagged.matcher(cell.asString().strip()) : null;
            if (m != null && m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** A cell that tags a number with a field's letters ("asn": "AS16276 …"), built once per breakdown. */
    private static java.util.regex.Pattern taggedBy(String field) {
        return java.util.regex.Pattern.compile("(?i)^" + java.util.regex.Pattern.quote(Regex.replaceAll(field, "(?i)n$", "")) + "(\\d+)\\b");
    }

    /** A network written as its AS number and name ("AS16276 OVH SAS"). */
    private static final java.util.regex.Pattern AS_AND_NAME = java.util.regex.Pattern.compile("(?i)AS(\\d{1,10})\\s+(\\S.*)");

    /** "How many requests does one IP send on average": the requests counted over the distinct values of the dimension among them. */
    private Composed perRow(Query.Metric m, int part) {
        Map<String, String> filters = new LinkedHashMap<>(m.filters());
        Semantics.Measure measure = semantics.measures().get(m.measure());
        if (measure.conclusion() != null && semantics.filters().containsKey("conclusion")) {
            filters.put("conclusion", measure.conclusion());
        }
        Composed counted = answer(new Query.Distinct(m.site(), m.per(), filters, m.window()), part);
        if (counted.outcome() != null) {
            return counted;
        }
        double rows = counted.figures().stream().filter(f -> f.label().startsWith("distinct ")).mapToDouble(f -> ((Number) f.value()).doubleValue()).findFirst().orElse(0);
        double requests = counted.figures().stream().filter(f -> f.label().equals("requests counted")).mapToDouble(f -> ((Number) f.value()).doubleValue()).findFirst().orElse(0);
        double average = rows == 0 ? 0 : Math.round(requests / rows * 100) / 100.0;
        String each = Formats.words(m.per());
        List<Analysis.Figure> figures = new ArrayList<>(List.of(new Analysis.Figure("average " + label(m) + " per " + each, average, null, part,
                counted.figures().get(0).provenance())));
        figures.addAll(counted.figures());
        String text = "On average **" + Formats.decimal(average) + "** " + label(m) + " per " + each + " on **" + siteName(m.site()) + "** "
                + when(planner.window(m.window())) + ": " + Formats.number(Math.round(requests)) + " " + label(m) + " from " + Formats.number(Math.round(rows))
                + " different " + each + "s.";
        // The tile shows the average asked for; the table keeps each row's count behind it.
        return new Composed(text, ChartSpec.metric(capitalize("average " + label(m) + " per " + each), average, null, null, null), counted.table(),
                counted.warnings(), counted.followUps(), figures, null);
    }

    private Composed distinct(Query.Distinct d, Fetched f, int part) {
        Semantics.Dimension dimension = semantics.dimensions().get(d.dimension());
        String key = dimension.listing() ? dimension.key() : dimension.key();
        Map<String, Long> counts = new LinkedHashMap<>();
        long requests = 0;
        Map<String, String> onItems = onItems(d.filters());
        for (JsonNode page : f.pages()) {
            for (JsonNode item : ResultTree.rows(page, semantics.listing().items())) {
                if (!kept(item, onItems)) {
                    continue;
                }
                requests++;
                String value = ResultTree.keyOf(item, key);
                if (value != null && !value.isBlank()) {
                    counts.merge(value, 1L, Long::sum);
                }
            }
        }
        TimeWindows.Window window = planner.window(d.window());
        String what = Formats.words(d.dimension()) + (counts.size() == 1 ? "" : "s");
        String text = "**" + Formats.number(counts.size()) + "** distinct " + what + " among " + Formats.number(requests) + " "
                + label(d.filters().containsKey("conclusion") ? measureOf(d.filters().get("conclusion")) : "requests", d.filters())
                + onItems.values().stream().map(v -> " from " + v).collect(java.util.stream.Collectors.joining()) + " on **" + siteName(d.site())
                + "** " + when(window) + " (counted over " + f.pages().size() + (f.pages().size() == 1 ? " page" : " pages") + " of requests).";
        Dataset.Builder table = Dataset.builder(List.of(capitalize(Formats.words(d.dimension())), "Requests"));
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> table.row(e.getKey(), e.getValue()));
        Dataset data = table.build().withUnits(null, "requests");
        List<Analysis.Figure> figures = List.of(new Analysis.Figure("distinct " + what, counts.size(), null, part,
                provenance(f.call(), semantics.listing().items() + "/*/" + key)), new Analysis.Figure("requests counted", requests, null, part,
                provenance(f.call(), semantics.listing().items())));
        return new Composed(text, ChartSpec.metric("Distinct " + what, counts.size(), null, null, null), data, List.of(), followUps(d.window()), figures, null);
    }

    private Composed lookup(Query.Lookup l, List<Fetched> all, int part) {
        Semantics.Lookup lookup = semantics.lookups().get(l.entity());
        Fetched f = all.get(0);
        Dataset.Builder table = Dataset.builder(List.of("Field", "Value"));
        List<Analysis.Figure> figures = new ArrayList<>();
        for (Fetched each : all) {
            figures.addAll(stated(each, lookup.sentences(), part));
            fields(each, table, figures, 400, part);
        }
        String summary = ResultTree.text(ResultTree.at(f.result(), "/summary"));
        // "Which part of its requests was denied": the entity's denied count over its requests, where the lookup states both.
        String requestsAt = lookup.figures() == null ? null : lookup.figures().get("requests");
        String deniedAt = lookup.figures() == null ? null : lookup.figures().get("denied");
        Double ownRequests = requestsAt == null ? null : ResultTree.number(ResultTree.at(f.result(), requestsAt));
        Double ownDenied = deniedAt == null ? null : ResultTree.number(ResultTree.at(f.result(), deniedAt));
        if (ownRequests != null && ownDenied != null && ownRequests > 0) {
            figures.add(new Analysis.Figure("share of its requests denied", Math.round(ownDenied / ownRequests * 10_000) / 10_000.0, "fraction", part,
                    provenance(f.call(), deniedAt + " ÷ " + requestsAt)));
        }
        StringBuilder text = new StringBuilder();
        if ("ip".equals(l.entity())) {
            Double total = ResultTree.number(ResultTree.at(f.result(), "/totalRequests"));
            Double denied = ResultTree.number(ResultTree.at(f.result(), "/conclusions/DENY"));
            String network = ResultTree.text(ResultTree.at(f.result(), "/network/asnName"));
            String country = ResultTree.text(ResultTree.at(f.result(), "/geo/country"));
            String risk = ResultTree.text(ResultTree.at(f.result(), "/threat/riskLevel"));
            text.append("**").append(l.key()).append("**");
            if (network != null || country != null) {
                text.append(" (").append(network == null ? "unknown network" : network).append(country == null ? "" : ", " + country).append(")");
            }
            text.append(total == null ? ": see the details below" : " sent **" + Formats.number(Math.round(total)) + "** requests");
            text.append(" to **").append(siteName(l.site())).append("**").append(l.window() == null ? "" : " " + when(planner.window(l.window())));
            if (denied != null) {
                text.append("; **").append(Formats.number(Math.round(denied))).append("** were denied");
            }
            if (risk != null) {
                text.append(". Risk level: ").append(risk.toLowerCase(Locale.ROOT));
            }
            text.append('.');
        } else if (summary != null) {
            text.append(summary);
        } else {
            text.append("Details of ").append(l.entity()).append(" **").append(l.key()).append("** from ").append(lookup.tool()).append('.');
        }
        List<JsonNode> timeline = ResultTree.rows(f.result(), "/timeline");
        ChartSpec chart = ChartSpec.table(capitalize(l.entity()) + " " + l.key());
        Dataset data = table.build();
        List<JsonNode> section = List.of();
        // "/inputs?exposure=LOCAL": the list's rows whose field has that value ("which inputs never leave the app").
        String sectionPath = sectionPath(l.section());
        String[] where = l.section() != null && l.section().contains("?") ? l.section().substring(l.section().indexOf('?') + 1).split("=", 2) : null;
        for (int i = all.size() - 1; i >= 0 && section.isEmpty() && sectionPath != null; i--) {
            // The description (the last call) holds more than the listed row; the first result that has the list answers.
            section = sectionRows(all.get(i).result(), sectionPath);
        }
        if (where != null && !section.isEmpty()) {
            section = section.stream().filter(row -> where[1].equalsIgnoreCase(ResultTree.text(ResultTree.at(row, where[0])))).toList();
        }
        if (where != null && section.isEmpty()) {
            text.append(" No ").append(Formats.words(sectionPath.substring(sectionPath.lastIndexOf('/') + 1))).append(" with ")
                    .append(Formats.words(where[0])).append(' ').append(where[1]).append('.');
        }
        if (!section.isEmpty() && !"/timeline".equals(sectionPath)) {
            // "Which paths did it hit": the list the question asks about is the table; every field stays among the figures.
            String what = Formats.words(sectionPath.substring(sectionPath.lastIndexOf('/') + 1));
            List<String> columns = section.get(0).isValueNode() ? List.of(capitalize(what)) : columnsOf(section, null);
            if (section.get(0).isValueNode()) {
                Dataset.Builder values = Dataset.builder(columns);
                section.forEach(v -> values.row(ResultTree.text(v)));
                data = values.build();
            } else {
                data = rowsTable(section, columns).build();
            }
            text.append(sectionSentence(sectionPath, data));
            // "How many different paths did it hit": the list's length is a figure of its own.
            figures.add(new Analysis.Figure("number of " + what, section.size(), null, part, provenance(all.get(0).call(), sectionPath)));
            return new Composed(text.toString(), ChartSpec.table(capitalize(what)), data, List.of(), followUps(l.window()), figures, null);
        }
        if (!timeline.isEmpty()) {
            // An entity with a history is shown by its history; every field stays among the figures.
            Map<String, long[]> byDay = new java.util.TreeMap<>();
            timeline.forEach(d -> byDay.put(ResultTree.text(ResultTree.at(d, "date")), new long[] {Math.round(orZero(ResultTree.number(ResultTree.at(d, "requests")))),
                    Math.round(orZero(ResultTree.number(ResultTree.at(d, "denied"))))}));
            if (l.window() != null && l.window().startsWith("wholeDays(")) {
                // "daily, the last 7 full days": each of those days, the quiet ones too; otherwise the days it showed up.
                quietDays(byDay, planner.window(l.window()));
            }
            Dataset.Builder days = Dataset.builder(List.of("Day", "Requests", "Denied"));
            byDay.forEach((day, counts) -> days.row(day, counts[0], counts[1]));
            data = days.build().withUnits(null, "requests", "requests");
            chart = ChartSpec.line("Requests from " + l.key(), data);
            // "On how many different days did it turn up": the days with any request.
            long active = timeline.stream().filter(d -> orZero(ResultTree.number(ResultTree.at(d, "requests"))) > 0).count();
            figures.add(new Analysis.Figure("days with requests", active, null, part, provenance(f.call(), "/timeline")));
        }
        return new Composed(text.toString(), chart, data, List.of(), followUps(l.window()), figures, null);
    }

    /**
     * A history lists only the days something happened; "each of the last 7 full days" means every day of the period,
     * the quiet ones at zero. Left alone when a day is not an ISO date.
     */
    private void quietDays(Map<String, long[]> byDay, TimeWindows.Window window) {
        if (window == null || window.start() == null || window.end() == null || byDay.keySet().stream().anyMatch(d -> d == null || !Regex.matches(d, "\\d{4}-\\d{2}-\\d{2}"))) {
            return;
        }
        LocalDate first = LocalDate.ofInstant(window.start(), context.zone());
        LocalDate end = LocalDate.ofInstant(window.end().minusNanos(1), context.zone());
        if (ChronoUnit.DAYS.between(first, end) > 366) {
            return;
        }
        for (LocalDate day = first; !day.isAfter(end); day = day.plusDays(1)) {
            byDay.putIfAbsent(day.toString(), new long[] {0, 0});
        }
    }

    private Composed listing(Query.Listing l, Fetched f, int part) {
        List<JsonNode> items = ResultTree.rows(f.result(), semantics.listing().items());
        List<String> columns = new ArrayList<>();
        for (JsonNode item : items) {
            item.propertyNames().forEach(n -> {
                // The facts read out of a packed text value are figures, not columns of their own.
                if (!columns.contains(n) && !n.endsWith("Parts")) {
                    columns.add(n);
                }
            });
        }
        String key = semantics.listing().key();
        columns.remove(key);
        columns.add(0, key);
        Dataset.Builder table = Dataset.builder(columns.isEmpty() ? List.of(key) : columns);
        List<Analysis.Figure> figures = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            table.row(columns.stream().map(c -> (Object) (c.equals(key) ? ResultTree.keyOf(item, c) : ResultTree.text(item.path(c)))).toArray());
            figures.add(new Analysis.Figure("request #" + (i + 1), ResultTree.keyOf(item, key), null, part,
                    provenance(f.call(), semantics.listing().items() + "/" + i + "/" + key)));
            if (i == 0) {
                // "When was the latest one", "which IP sent it": the newest request's own fields are figures of the answer too.
                String instant = null;
                for (String c : columns) {
                    String value = c.equals(key) ? null : ResultTree.text(item.path(c));
                    if (value != null && !value.isBlank()) {
                        figures.add(new Analysis.Figure(c + " of " + ResultTree.keyOf(item, key), value, null, part,
                                provenance(f.call(), semantics.listing().items() + "/0/" + c)));
                        java.util.regex.Matcher at = ISO_INSTANT.matcher(value);
                        instant = instant == null && at.find() && !at.group().equals(value.strip()) ? at.group() : instant;
                    }
                }
                if (instant != null) {
                    // A text item ("req_… at 2026-12-03T15:54:57Z: GET /features") states its time inside a sentence: the instant on its own.
                    figures.add(new Analysis.Figure("time of " + ResultTree.keyOf(item, key), instant, null, part,
                            provenance(f.call(), semantics.listing().items() + "/0")));
                }
            }
        }
        JsonNode listed = ResultTree.at(f.result(), semantics.listing().items());
        if (items.isEmpty() && listed.isArray()) {
            // "Did staging deny any of our requests yesterday?": an empty list the tool gave is a count of none (a list it did not give is not).
            figures.add(new Analysis.Figure(label(measureOf(l.filters().get("conclusion")), l.filters()), 0, null, part,
                    provenance(f.call(), semantics.listing().items())));
        }
        TimeWindows.Window window = planner.window(l.window());
        String text = items.isEmpty() ? "No " + label(measureOf(l.filters().get("conclusion")), l.filters()) + " on **" + siteName(l.site()) + "** " + when(window) + "."
                : "The " + (items.size() == 1 ? "latest" : items.size() + " latest") + " " + label(measureOf(l.filters().get("conclusion")), l.filters())
                        + (l.filters().containsKey("ip") ? " from **" + l.filters().get("ip") + "**" : "")
                        + (l.filters().containsKey("path") && !label(measureOf(l.filters().get("conclusion")), l.filters()).contains(l.filters().get("path"))
                                ? " to **" + l.filters().get("path") + "**" : "")
                        + " on **" + siteName(l.site()) + "** " + when(window) + ", newest first"
                        + (items.size() == 1 ? ": **" + ResultTree.keyOf(items.get(0), key) + "** at " + ResultTree.keyOf(items.get(0), "timestamp") : "") + ".";
        return new Composed(text, ChartSpec.table("Requests"), table.build(), List.of(), followUps(l.window()), figures, null);
    }

    /** A reason by its label ("rate limiting"); any other row by its own key ("/api/login", "US"). */
    private String subjectLabel(Query.Subject subject) {
        return "reason".equals(subject.dimension()) ? semantics.label(subject.key()) : subject.key();
    }

    /** A lookup's section without the row filter it may carry ("/inputs?exposure=LOCAL" is /inputs). */
    private static String sectionPath(String section) {
        return section == null ? null : Regex.replaceFirst(section, "\\?.*$", "");
    }

    /** " Targeted paths: /api/login, /api/signup.": the first column of the list a question asked for. */
    private static String sectionSentence(String section, Dataset data) {
        String what = Formats.words(section.substring(section.lastIndexOf('/') + 1));
        List<String> keys = data.rows().stream().map(row -> String.valueOf(row.get(0))).toList();
        return " " + capitalize(what) + ": " + String.join(", ", keys.stream().limit(8).toList()) + (keys.size() > 8 ? ", …" : "") + ".";
    }

    /**
     * The rows of a list inside a result; "/rules/*&#47;deny" gathers one field of every row (its
     * values, when the field is itself a list): the kinds of data a policy's rules deny.
     */
    private static List<JsonNode> sectionRows(JsonNode result, String section) {
        int star = section.indexOf("/*/");
        if (star < 0) {
            List<JsonNode> rows = ResultTree.rows(result, section);
            JsonNode one = rows.isEmpty() ? ResultTree.at(result, section) : null;
            // A list of one, written as text ("allow: CATEGORY:SEARCH_ENGINE"), is that one item, not an empty list.
            return one != null && one.isString() && !one.asString().isBlank() ? List.of(one) : rows;
        }
        String field = section.substring(star + 3);
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode row : ResultTree.rows(result, section.substring(0, star))) {
            JsonNode value = ResultTree.at(row, field);
            if (value.isArray()) {
                value.forEach(values::add);
            } else if (value.isString() && Regex.matches(value.asString(), "[\\w:.\\-]+(?:,\\s+[\\w:.\\-]+)+")) {
                // A list written out as text ("BANK_ACCOUNT, ROUTING_NUMBER"): its items.
                for (String item : Regex.split(value.asString(), ",\\s+")) {
                    values.add(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(item.strip()));
                }
            } else if (!value.isMissingNode() && !value.isNull()) {
                values.add(value);
            }
        }
        return values;
    }

    /** The columns of a list's rows, the key first ({@code key}, or the rows' first field when null). */
    private static List<String> columnsOf(List<JsonNode> rows, String key) {
        List<String> columns = new ArrayList<>();
        rows.forEach(row -> row.propertyNames().forEach(n -> {
            if (!columns.contains(n) && !n.endsWith("Parts")) {
                columns.add(n);
            }
        }));
        String first = key != null ? key : columns.isEmpty() ? "key" : columns.get(0);
        columns.remove(first);
        columns.add(0, first);
        return columns;
    }

    private static Dataset.Builder rowsTable(List<JsonNode> rows, List<String> columns) {
        Dataset.Builder table = Dataset.builder(columns);
        String key = columns.get(0);
        rows.forEach(row -> table.row(columns.stream().map(c -> c.equals(key) ? (Object) ResultTree.keyOf(row, c) : cell(row.path(c))).toArray()));
        return table;
    }

    /** One column's distinct values with how many rows hold each ("which types of rule": bot, rate_limit, shield). */
    private Composed projection(Query.Report r, List<JsonNode> rows, Fetched f, String rowsPointer, List<Analysis.Figure> figures, int part) {
        Map<String, Long> counts = new LinkedHashMap<>();
        String stated = semantics.reports().get(r.report()).rowSentences().get(r.field());
        java.util.regex.Pattern pattern = stated == null ? null : java.util.regex.Pattern.compile(stated);
        for (JsonNode row : rows) {
            String value = ResultTree.text(ResultTree.at(row, "/" + r.field()));
            if (value == null && pattern != null) {
                // A row read from text states the field inside its line ("`rule_prod_bot`: bot [LIVE]").
                for (Map.Entry<String, JsonNode> cell : row.properties()) {
                    java.util.regex.Matcher m = cell.getValue().isString() ? pattern.matcher(cell.getValue().asString()) : null;
                    if (value == null && m != null && m.find()) {
                        value = m.group(1);
                    }
                }
            }
            if (value != null && !value.isBlank()) {
                counts.merge(value, 1L, Long::sum);
            }
        }
        if (counts.isEmpty() && !rows.isEmpty()) {
            // The rows do not state the column by that name (a text answer): the rows themselves, not "no types".
            return null;
        }
        String column = Formats.words(r.field());
        Dataset.Builder table = Dataset.builder(List.of(capitalize(column), capitalize(Formats.words(r.report()))));
        int i = 0;
        for (Map.Entry<String, Long> value : counts.entrySet()) {
            table.row(value.getKey(), value.getValue());
            figures.add(new Analysis.Figure(column + " #" + ++i, value.getKey(), null, part, provenance(f.call(), rowsPointer + "/*/" + r.field())));
            figures.add(new Analysis.Figure(Formats.words(r.report()) + " of " + column + " " + value.getKey(), value.getValue(), null, part,
                    provenance(f.call(), rowsPointer)));
        }
        figures.add(new Analysis.Figure("count", counts.size(), null, part, provenance(f.call(), rowsPointer)));
        String which = r.only() == null ? "" : " (" + semantics.label(r.only()) + " only)";
        String text = counts.isEmpty()
                ? "No " + Formats.words(r.report()) + which + " on **" + siteName(r.site()) + "**, so no " + column + "s."
                : counts.size() + " " + column + (counts.size() == 1 ? "" : "s") + " of " + Formats.words(r.report()) + which + " on **" + siteName(r.site())
                        + "**: " + String.join(", ", counts.entrySet().stream().map(e -> "**" + e.getKey() + "** (" + e.getValue() + ")").toList()) + ".";
        Dataset data = table.build();
        return new Composed(text, ChartSpec.bar(capitalize(column) + "s", data), data, List.of(), List.of(), figures, null);
    }

    private Composed report(Query.Report r, Fetched f, int part) {
        Semantics.Report report = semantics.reports().get(r.report());
        List<Analysis.Figure> figures = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> named : report.figures().entrySet()) {
            JsonNode node = ResultTree.at(f.result(), named.getValue());
            if (!node.isMissingNode()) {
                // A date ("resets 2026-12-01T00:00:00Z") is a value of its own, never the number its year reads as.
                String stated = node.isValueNode() ? ResultTree.text(node) : null;
                Double n = stated != null && Regex.matches(stated.strip(), "\\d{4}-\\d{2}-\\d{2}(?:[T ].*)?") ? null : ResultTree.number(node);
                Object value = n != null && node.isNumber() ? node.numberValue() : n != null ? n : ResultTree.text(node);
                figures.add(new Analysis.Figure(named.getKey(), value, null, part, provenance(f.call(), named.getValue())));
            }
        }
        figures.addAll(verdicts(f, part));
        Dataset data;
        String rowsPointer = r.section() != null ? r.section() : report.rows();
        String sectionKey = r.section() != null ? null : report.key();
        if (rowsPointer != null) {
            List<JsonNode> rows = new ArrayList<>(ResultTree.rows(f.result(), rowsPointer));
            if (r.only() != null) {
                rows.removeIf(row -> !hasValue(row, r.only()));
            }
            if (r.section() != null) {
                // A section counting one thing per row ("would block, by rule type") reads as a ranking: largest first.
                List<String> numeric = rows.isEmpty() || !rows.get(0).isObject() ? List.of() : rows.get(0).propertyNames().stream()
                        .filter(name -> rows.get(0).get(name).isNumber()).toList();
                if (numeric.size() == 1) {
                    rows.sort(java.util.Comparator.comparingDouble((JsonNode row) -> -orZero(ResultTree.number(row.path(numeric.get(0))))));
                }
            }
            if (r.newest() != null && !rows.isEmpty()) {
                // "Changed most recently": the row latest in the time column (ISO instants order as text); a column read
                // from text may be named by its first word alone ("Updated").
                String first = Formats.words(r.newest()).split(" ")[0];
                java.util.function.Function<JsonNode, String> time = row -> {
                    String t = ResultTree.text(ResultTree.at(row, r.newest()));
                    return t != null ? t : String.valueOf(ResultTree.text(ResultTree.at(row, first)));
                };
                // A number of each row ("version": revised the most) is compared as a number, not as text ("10" after "9").
                boolean numeric = rows.stream().map(time).allMatch(t -> Regex.matches(t, "-?\\d+(?:\\.\\d+)?"));
                JsonNode latest = rows.stream().max(numeric ? java.util.Comparator.comparingDouble((JsonNode row) -> Double.parseDouble(time.apply(row)))
                        : java.util.Comparator.comparing(time)).orElseThrow();
                rows.clear();
                rows.add(latest);
                text.append(numeric ? "Highest " : "Latest by ").append(Formats.words(r.newest())).append(" (").append(time.apply(latest)).append("): ");
            }
            Composed projected = r.field() == null ? null : projection(r, rows, f, rowsPointer, figures, part);
            if (projected != null) {
                return projected;
            }
            List<String> columns = columnsOf(rows, sectionKey);
            String key = columns.get(0);
            Dataset.Builder table = rowsTable(rows, columns);
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                figures.add(new Analysis.Figure(key + " #" + (i + 1), ResultTree.keyOf(row, key), null, part,
                        provenance(f.call(), rowsPointer + "/" + i + "/" + key)));
            }
            // Every cell is a figure of the answer ("which plan", "what mode"), and so are the counts per value of short columns.
            figures.add(new Analysis.Figure("count", rows.size(), null, part, provenance(f.call(), rowsPointer)));
            for (String column : columns) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    Object value = cell(rows.get(i).path(column));
                    if (value != null && figures.size() < 400) {
                        figures.add(new Analysis.Figure(column + " of " + ResultTree.keyOf(rows.get(i), key), value, null, part,
                                provenance(f.call(), rowsPointer + "/" + i + "/" + column)));
                    }
                    if (value instanceof String v && v.length() <= 40) {
                        counts.merge(v, 1L, Long::sum);
                    }
                }
                if (counts.size() >= 2 && counts.size() <= 6) {
                    counts.forEach((value, n) -> figures.add(new Analysis.Figure(column + " " + value, n, null, part, provenance(f.call(), rowsPointer))));
                }
            }
            data = table.build();
            text.append(rows.size()).append(" ").append(rows.size() == 1 ? Formats.singular(Formats.words(r.report())) : Formats.words(r.report())).append(" on **").append(siteName(r.site())).append("**");
            if (!rows.isEmpty() && columns.size() > 1) {
                text.append(": ").append(String.join("; ", rows.stream().limit(6).map(row -> columns.stream().limit(4).map(c -> cellText(row.path(c)))
                        .filter(s -> !s.isBlank()).reduce((a, b) -> a + " · " + b).orElse("")).toList()));
            }
            text.append('.');
        } else {
            Dataset.Builder table = Dataset.builder(List.of("Field", "Value"));
            fields(f, table, figures, 300, part);
            data = table.build();
            text.append(capitalize(Formats.words(r.report()))).append(" for **").append(siteName(r.site())).append("**");
            if (report.windowed()) {
                text.append(" ").append(when(planner.window(r.window())));
            }
            text.append(": ");
            List<String> named = new ArrayList<>();
            for (Analysis.Figure fig : figures.subList(0, Math.min(figures.size(), report.figures().isEmpty() ? 6 : report.figures().size()))) {
                // "would block **441**, false positive share **100.0%**": a field's words, and a share as a percent.
                boolean share = fig.label().toLowerCase(Locale.ROOT).contains("share") && fig.value() instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1;
                named.add(Formats.words(fig.label()) + " **" + (share ? Formats.percent(((Number) fig.value()).doubleValue())
                        : fig.value() instanceof Number n ? format(n.doubleValue(), null) : fig.value()) + "**");
            }
            text.append(String.join(", ", named)).append('.');
        }
        return new Composed(text.toString(), ChartSpec.table(capitalize(Formats.words(r.report()))), data, List.of(), followUps(r.window()), figures, null);
    }

    /**
     * A rule or policy named in words: the listing's row whose values share the most words with the
     * question (an id named exactly wins), then its description when the semantics name a tool for it.
     */
    private Composed namedLookup(Query.Lookup l, int part) {
        Semantics.Lookup lookup = semantics.lookups().get(l.entity());
        Fetched listed = fetch(planner.plan(l)).get(0);
        List<JsonNode> rows = ResultTree.rows(listed.result(), lookup.list().items());
        java.util.Set<String> asked = words(l.key());
        JsonNode best = null;
        int bestScore = 0;
        for (JsonNode row : rows) {
            List<Map.Entry<String, Object>> cells = new ArrayList<>();
            ResultTree.leaves("", row, cells);
            cells.removeIf(cell -> cell.getKey().contains("Parts"));
            int score = 0;
            for (Map.Entry<String, Object> cell : cells) {
                String value = String.valueOf(cell.getValue()).toLowerCase(Locale.ROOT);
                if (l.key().toLowerCase(Locale.ROOT).contains(value) && value.length() >= 6 && Regex.matches(value, ".*[_.].*")) {
                    score += 10;
                }
                for (String w : words(value)) {
                    if (asked.contains(w)) {
                        score++;
                    }
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = row;
            }
        }
        if (best == null && l.section() != null && !l.section().contains("*")) {
            // "what's on the allow list": no rule named, but only one of them has an allow list.
            List<JsonNode> having = rows.stream().filter(row -> !row.at(l.section()).isMissingNode() && !row.at(l.section()).isNull()).toList();
            best = having.size() == 1 ? having.get(0) : null;
        }
        if (best == null) {
            return Composed.notAnswered("I could not tell which " + l.entity() + " you mean among the " + rows.size() + " on **" + siteName(l.site())
                    + "**. Name it as the list shows it.", new Analysis.Outcome(Analysis.Outcome.UNSURE, null, List.of()),
                    List.of("Which " + l.entity() + (l.entity().endsWith("y") ? "" : "s") + " are configured?"), List.of());
        }
        List<Fetched> all = new ArrayList<>(List.of(new Fetched(listed.call(), best, List.of(best))));
        String id = ResultTree.text(ResultTree.at(best, lookup.list().id()));
        if (lookup.tool() != null && id != null) {
            Map<String, Object> args = new LinkedHashMap<>(listed.call().arguments());
            args.put(lookup.argument(), id);
            all.add(fetch(List.of(new QueryPlanner.ToolCall(lookup.tool(), args, false))).get(0));
        }
        Composed details = lookup(new Query.Lookup(l.site(), l.entity(), id, null, l.section()), all, part);
        String name = ResultTree.text(ResultTree.at(best, lookup.list().name()));
        String summary = ResultTree.text(ResultTree.at(all.get(all.size() - 1).result(), "/summary"));
        String description = ResultTree.text(ResultTree.at(all.get(all.size() - 1).result(), "/description"));
        String text = "The " + l.entity() + " **" + (name == null ? id : name) + "** (" + id + ") on **" + siteName(l.site()) + "**"
                + (summary != null ? ": " + summary : description != null ? ": " + description : ".") ;
        if (l.section() != null && !details.table().columns().isEmpty() && !"Field".equals(details.table().columns().get(0))) {
            // The list the question asked for, after the entity's own sentence.
            text += sectionSentence(sectionPath(l.section()), details.table());
        }
        return new Composed(text, details.chart(), details.table(), details.warnings(), details.followUps(), details.figures(), null);
    }

    private static java.util.Set<String> words(String text) {
        java.util.Set<String> words = new java.util.HashSet<>();
        for (String w : Regex.split(text.toLowerCase(Locale.ROOT), "[^a-z0-9]+")) {
            if (w.length() >= 3 && !List.of("the", "and", "our", "what", "does", "which", "rule", "policy", "guard", "site", "for", "with", "this", "that").contains(w)) {
                words.add(w.endsWith("s") && w.length() > 4 ? w.substring(0, w.length() - 1) : w);
            }
        }
        return words;
    }

    /**
     * Every field of a result (the markdown source text aside) as a Field/Value row and, until
     * {@code figures} holds {@code cap}, as a figure citing its field.
     */
    private static List<Map.Entry<String, Object>> fields(Fetched f, Dataset.Builder table, List<Analysis.Figure> figures, int cap, int part) {
        List<Map.Entry<String, Object>> leaves = new ArrayList<>();
        ResultTree.leaves("", f.result(), leaves);
        leaves.removeIf(e -> e.getKey().equals("text"));
        for (Map.Entry<String, Object> e : leaves) {
            if (!e.getKey().contains("Parts")) {
                // The facts read out of a packed value are figures to cite, not rows to show twice.
                table.row(e.getKey(), e.getValue());
            }
            if (figures.size() < cap) {
                figures.add(new Analysis.Figure(e.getKey(), e.getValue(), null, part, provenance(f.call(), "/" + e.getKey().replace(" / ", "/"))));
            }
        }
        return leaves;
    }

    /** A tool called with what the question gave it (a pasted document): every field of its answer, the first ones in words. */
    /**
     * A verdict a text answer writes as a sentence ("The Guard policy document is not valid"): the
     * longest phrase of the tool's report found in the text says it; a structured answer states it itself.
     */
    private List<Analysis.Figure> verdicts(Fetched f, int part) {
        String said = ResultTree.text(ResultTree.at(f.result(), "/text"));
        List<Analysis.Figure> figures = new ArrayList<>();
        for (Semantics.Report report : semantics.reports().values()) {
            for (Map.Entry<String, Map<String, Object>> verdict : report.tool().equals(f.call().tool()) && said != null
                    ? report.verdicts().entrySet() : java.util.Set.<Map.Entry<String, Map<String, Object>>>of()) {
                if (!ResultTree.at(f.result(), "/" + verdict.getKey()).isMissingNode()) {
                    continue;
                }
                String lower = said.toLowerCase(Locale.ROOT);
                verdict.getValue().entrySet().stream().filter(p -> lower.contains(p.getKey().toLowerCase(Locale.ROOT)))
                        .max(java.util.Comparator.comparingInt(p -> p.getKey().length()))
                        .ifPresent(p -> figures.add(new Analysis.Figure(verdict.getKey(), p.getValue(), null, part, provenance(f.call(), "/text"))));
            }
            if (report.tool().equals(f.call().tool())) {
                figures.addAll(stated(f, report.sentences(), part));
            }
        }
        return figures;
    }

    /** The semantics' sentence patterns, compiled once rather than for every answer. */
    private static final Map<String, java.util.regex.Pattern> SENTENCES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The fields a text answer states only in sentences (a structured answer has them as fields), each from its pattern's first group. */
    private List<Analysis.Figure> stated(Fetched f, Map<String, String> sentences, int part) {
        String said = ResultTree.text(ResultTree.at(f.result(), "/text"));
        List<Analysis.Figure> figures = new ArrayList<>();
        for (Map.Entry<String, String> sentence : said == null ? java.util.Set.<Map.Entry<String, String>>of() : sentences.entrySet()) {
            if (!ResultTree.at(f.result(), "/" + sentence.getKey()).isMissingNode()) {
                continue;
            }
            java.util.regex.Matcher m = SENTENCES.computeIfAbsent(sentence.getValue(),
                    p -> java.util.regex.Pattern.compile(p, java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.MULTILINE)).matcher(said);
            if (m.find()) {
                String stated = m.group(1).strip();
                try {
                    String digits = stated.replace(",", "");
                    double value = digits.endsWith("%") ? Double.parseDouble(digits.substring(0, digits.length() - 1)) / 100 : Double.parseDouble(digits);
                    figures.add(new Analysis.Figure(sentence.getKey(), value, null, part, provenance(f.call(), "/text")));
                } catch (NumberFormatException notANumber) {
                    figures.add(new Analysis.Figure(sentence.getKey(), stated, null, part, provenance(f.call(), "/text")));
                }
            }
        }
        return figures;
    }

    private Composed toolAnswer(Query.ToolQuery t, Fetched f, int part) {
        Dataset.Builder table = Dataset.builder(List.of("Field", "Value"));
        List<Analysis.Figure> figures = new ArrayList<>(verdicts(f, part));
        List<Map.Entry<String, Object>> leaves = fields(f, table, figures, 300, part);
        String text = "**" + t.tool() + "** answered: " + String.join(", ", leaves.stream().limit(6)
                .map(e -> e.getKey() + " **" + e.getValue() + "**").toList()) + (leaves.size() > 6 ? ", …" : "") + ".";
        return new Composed(text, ChartSpec.table(t.tool()), table.build(), List.of(), List.of(), figures, null);
    }

    /** The sites of every team the user belongs to: teams first, then each team's sites. */
    private Composed sitesReport(Query.Report r, int part) {
        Semantics.Source sites = semantics.sites().sites();
        Dataset.Builder table = Dataset.builder(List.of("Name", "Environment", "Created", "Id"));
        Dataset.Builder environments = Dataset.builder(List.of("Environment", "Sites"));
        Map<String, List<String>> byEnvironment = new LinkedHashMap<>();
        List<Analysis.Figure> figures = new ArrayList<>();
        List<String> names = new ArrayList<>();
        // The question listed the sites already (to read site names); the report answers from that listing.
        for (SiteCatalog.Listed listed : context.sites().listed()) {
            JsonNode site = listed.row();
            QueryPlanner.ToolCall call = listed.call();
            if (r.only() != null && !hasValue(site, r.only())) {
                continue;
            }
            String name = ResultTree.text(ResultTree.at(site, sites.name()));
            String environment = ResultTree.text(ResultTree.at(site, sites.environment()));
            String created = ResultTree.text(ResultTree.at(site, "createdAt"));
            table.row(name, environment, created, ResultTree.text(ResultTree.at(site, sites.id())));
            byEnvironment.computeIfAbsent(String.valueOf(environment), e -> new ArrayList<>()).add(name);
            names.add(name);
            figures.add(new Analysis.Figure("site", name, null, part, provenance(call, sites.items())));
            figures.add(new Analysis.Figure("environment of " + name, environment, null, part, provenance(call, sites.items() + "/" + sites.environment())));
            if (created != null) {
                figures.add(new Analysis.Figure("created " + name, created, null, part, provenance(call, sites.items() + "/createdAt")));
            }
        }
        figures.add(0, new Analysis.Figure("sites", names.size(), null, part, figures.isEmpty() ? null : figures.get(0).provenance()));
        String text = "Your " + semantics.vendor() + " user can see **" + names.size() + "** site" + (names.size() == 1 ? "" : "s") + ": "
                + String.join(", ", names.stream().map(n -> "**" + n + "**").toList()) + ".";
        if (names.isEmpty()) {
            figures.clear();
        }
        // "Which environments do our sites cover": the environments are what the table lists.
        byEnvironment.forEach((environment, members) -> environments.row(environment, String.join(", ", members)));
        Dataset shown = r.section() != null ? environments.build() : table.build();
        return new Composed(text, ChartSpec.table("Sites"), shown, List.of(), List.of(), figures, null);
    }

    private Composed chain(Query.Chain c, int part) {
        Composed first = answer(c.first(), part);
        if (first.outcome() != null) {
            return first;
        }
        if (c.first() instanceof Query.Breakdown b && b.limit() > 1 && c.entity() != null && c.then() == null) {
            return eachLookedUp(c, b, first, part);
        }
        if (c.first() instanceof Query.Breakdown b && c.then() instanceof Query.Metric m && m.subject() == null && m.window() != null
                && (b.limit() > 1 || !m.window().equals(b.window()))) {
            return eachMeasured(b, m, first, part);
        }
        if (c.first() instanceof Query.Series s && c.then() instanceof Query.Metric m) {
            return overThePeak(s, m, first, part);
        }
        if (c.first() instanceof Query.Listing && c.then() instanceof Query.Metric m && m.subject() != null && m.subject().key() == null) {
            return ofTheRequests(m, first, part);
        }
        String key = first.table().isEmpty() ? null : String.valueOf(first.table().rows().get(0).get(0));
        if (key == null || key.equals("null")) {
            return first;
        }
        String site = siteOf(c.first());
        String window = c.first() instanceof Query.Breakdown b ? b.window() : null;
        Query next = c.then() == null ? new Query.Lookup(site, c.entity(), key, window) : narrowed(semantics, c.then(), c.first(), key);
        if (next instanceof Query.Lookup l && !looksLike(l.entity(), key)) {
            // The row's key is not what is looked up ("the IP of the latest request"): the first cell of the row that is.
            // A looked-up record's table is one field a row: its value may sit in any of them.
            String cell = first.table().rows().stream().limit(first.table().columns().size() == 2 && "Field".equals(first.table().columns().get(0)) ? 200 : 1)
                    .flatMap(List::stream).map(v -> foundIn(l.entity(), String.valueOf(v))).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            next = cell == null ? null : new Query.Lookup(l.site(), l.entity(), cell, l.window(), l.section());
        }
        if (next instanceof Query.Lookup l && c.first() instanceof Query.Chain && semantics.lookups().get(l.entity()).foundByName()) {
            // The record names the entity by its id in a field of the entity's name ("ruleId"), which the listing then finds; a record
            // in sentences names it in its explanation ("… because of the rate limit (rule rule_prod_ratelimit)"), where its id is found.
            String named = first.figures().stream().filter(f -> Regex.matches(f.label(), "(?i)" + java.util.regex.Pattern.quote(l.entity()) + "_?id(?: of .*)?"))
                    .map(f -> String.valueOf(f.value())).findFirst().orElse(first.text());
            next = new Query.Lookup(l.site(), l.entity(), named, l.window(), l.section());
        }
        if (next == null) {
            return first;
        }
        // "The last request our filter rule blocked: which country, what network": the listing only finds the request, so what is
        // said about it is the same part of the answer; after a ranking ("the busiest IP, and what it has been up to") it is the next.
        Composed second = answer(next, c.first() instanceof Query.Listing ? part : part + 1);
        if (second.outcome() != null) {
            return second;
        }
        // The value found in the first answer's row ("the IP of the latest request") is an answer of its own.
        return next instanceof Query.Lookup l && !l.key().equals(key) ? followedBy(first, l.entity(), l.key(), second, part) : followedBy(first, null, null, second, part);
    }

    /** The first answer, then the second about what was found in it (named as a figure of its own when it is not the first's key). */
    private static Composed followedBy(Composed first, String foundName, String found, Composed second, int part) {
        List<Analysis.Figure> figures = new ArrayList<>(first.figures());
        if (found != null) {
            figures.add(new Analysis.Figure(Formats.words(foundName), found, null, part, first.figures().isEmpty() ? null : first.figures().get(0).provenance()));
        }
        figures.addAll(second.figures());
        return new Composed(first.text() + " " + second.text(), second.chart(), second.table(), second.warnings(), second.followUps(), figures, null);
    }

    private static final java.util.regex.Pattern REQUEST_LINE = java.util.regex.Pattern.compile("\\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\\s+(/[^\\s,;]*)");

    /** "The last request the rate limiter blocked, and how many denials its path had": the figure over the listed request's own path. */
    private Composed ofTheRequests(Query.Metric m, Composed first, int part) {
        if (first.table().isEmpty()) {
            return first;
        }
        List<Object> row = first.table().rows().get(0);
        int column = first.table().columns().indexOf(m.subject().dimension());
        String key = column >= 0 && row.get(column) != null ? String.valueOf(row.get(column)) : null;
        if (key == null && "path".equals(m.subject().dimension())) {
            // A text answer names a request by its line ("req_… at …: GET /api/search"): the path follows the method.
            key = row.stream().map(cell -> REQUEST_LINE.matcher(String.valueOf(cell))).filter(java.util.regex.Matcher::find).map(x -> x.group(1))
                    .findFirst().orElse(null);
        }
        if (key == null) {
            return first;
        }
        Composed second = answer(m.withSubject(new Query.Subject(m.subject().dimension(), key)), part + 1);
        return second.outcome() != null ? second : followedBy(first, m.subject().dimension(), key, second, part);
    }

    /** "The busiest day last week, and the denial rate that day": the series, then the figure over its peak day. */
    private Composed overThePeak(Query.Series s, Query.Metric then, Composed first, int part) {
        String peak = first.figures().stream().filter(f -> f.label().equals("busiest " + s.grain()) && f.value() != null)
                .map(f -> String.valueOf(f.value())).findFirst().orElse(null);
        if (!"day".equals(s.grain()) || peak == null || !Regex.matches(peak, "\\d{4}-\\d{2}-\\d{2}")) {
            return first;
        }
        long back = ChronoUnit.DAYS.between(LocalDate.parse(peak), LocalDate.ofInstant(context.now(), context.zone()));
        Query.Metric onPeak = then.withWindow(back == 0 ? "today" : "day(-" + back + ")");
        Composed second = answer(then.site() == null && s.site() != null ? new Query.Metric(s.site(), onPeak.measure(), onPeak.filters(), onPeak.window(),
                onPeak.subject(), onPeak.per()) : onPeak, part + 1);
        if (second.outcome() != null) {
            return second;
        }
        List<Analysis.Figure> figures = new ArrayList<>(first.figures());
        figures.addAll(second.figures());
        return new Composed(first.text() + " " + second.text(), first.chart(), first.table(), first.warnings(), first.followUps(), figures, null);
    }

    /** "The two IPs we denied most last week: how many requests did they send over 30 days": the figure for each ranked row, and their sum. */
    private Composed eachMeasured(Query.Breakdown b, Query.Metric then, Composed first, int part) {
        List<Analysis.Figure> figures = new ArrayList<>(first.figures());
        Dataset.Builder table = Dataset.builder(List.of(capitalize(Formats.words(b.dimension())), capitalize(label(then))));
        List<String> each = new ArrayList<>();
        double total = 0;
        Analysis.Provenance from = null;
        Semantics.Dimension rows = semantics.dimensions().get(b.dimension());
        Semantics.Lookup lookup = rows.lookup() == null ? null : semantics.lookups().get(rows.lookup());
        String pointer = lookup == null || !then.filters().isEmpty() ? null : lookup.figures().get(then.measure());
        for (List<Object> row : first.table().rows().stream().limit(Math.min(b.limit(), 10)).toList()) {
            String key = String.valueOf(row.get(0));
            if (pointer != null) {
                // The row's own lookup counts it over any period; a ranking over that period may not list it at all.
                Fetched looked = fetch(List.of(planner.lookupCall(new Query.Lookup(then.site() != null ? then.site() : b.site(), rows.lookup(), key,
                        then.window())))).get(0);
                Double read = ResultTree.number(ResultTree.at(looked.result(), pointer));
                if (read == null) {
                    return unreadable(new Unreadable("no " + label(then) + " (" + pointer + ") in the result of " + looked.call().tool() + "."));
                }
                Analysis.Figure figure = figure(label(then) + " of " + key, read, null, part, looked.call(), pointer);
                total += read;
                from = from == null ? figure.provenance() : from;
                figures.add(figure);
                table.row(key, Math.round(read));
                each.add(key + " **" + Formats.number(Math.round(read)) + "**");
                continue;
            }
            Query narrowed = narrowed(semantics, then, b, key);
            if (!(narrowed instanceof Query.Metric m)) {
                return first;
            }
            Composed one = answer(m, part + 1);
            if (one.outcome() != null) {
                return one;
            }
            Analysis.Figure figure = one.figures().get(0);
            double value = figure.value() instanceof Number n ? n.doubleValue() : 0;
            total += value;
            from = from == null ? figure.provenance() : from;
            figures.add(new Analysis.Figure(label(then) + " of " + key, figure.value(), figure.unit(), part, figure.provenance()));
            table.row(key, figure.value());
            each.add(key + " **" + format(value, figure.unit()) + "**");
        }
        String when = when(planner.window(then.window()));
        boolean summed = semantics.measures().get(then.measure()).unit() == null && each.size() > 1;
        if (summed) {
            figures.add(new Analysis.Figure("total " + label(then), Math.round(total), null, part, from));
        }
        String text = first.text() + " " + capitalize(label(then)) + " " + when + ": " + String.join(", ", each)
                + (summed ? "; **" + Formats.number(Math.round(total)) + "** together." : ".");
        Dataset data = table.build();
        return new Composed(text, ChartSpec.bar(capitalize(label(then)), data), data, first.warnings(), followUps(then.window()), figures, null);
    }

    /** "For each of the top 3 denied IPs, give the network type": every ranked row looked up, one line each. */
    private Composed eachLookedUp(Query.Chain c, Query.Breakdown b, Composed first, int part) {
        List<Analysis.Figure> figures = new ArrayList<>(first.figures());
        Dataset.Builder table = Dataset.builder(List.of(capitalize(Formats.words(b.dimension())), "Details"));
        StringBuilder text = new StringBuilder(first.text());
        for (List<Object> row : first.table().rows().stream().limit(Math.min(b.limit(), 10)).toList()) {
            String key = String.valueOf(row.get(0));
            Composed one = answer(new Query.Lookup(b.site(), c.entity(), key, b.window()), part + 1);
            if (one.outcome() != null) {
                return one;
            }
            figures.addAll(one.figures());
            table.row(key, one.text());
            text.append(" ").append(one.text());
        }
        return new Composed(text.toString(), ChartSpec.table(capitalize(Formats.words(b.dimension())) + "s"), table.build(), first.warnings(),
                first.followUps(), figures, null);
    }

    /** The second query of a chain narrowed to the first answer's key: its filter, its subject or its lookup key. */
    /**
     * The second query of a chain narrowed to the first answer's key (its filter, its subject or its
     * lookup key) on the first query's site; null when it cannot be narrowed so, and the question
     * is then read as two parts.
     */
    static Query narrowed(Semantics semantics, Query then, Query first, String key) {
        String dimension = first instanceof Query.Breakdown b ? b.dimension() : first instanceof Query.Listing ? "request" : null;
        String site = first instanceof Query.Breakdown b ? b.site() : first instanceof Query.Listing l ? l.site() : null;
        if (first instanceof Query.Report r && then instanceof Query.Lookup l) {
            // "the policy changed most recently, and what it checks": the report's row, looked up.
            return l.withKey(key, r.site());
        }
        if (first instanceof Query.Report r && then instanceof Query.Report other && other.only() == null) {
            // "the rule in dry run, and how much would it have blocked": the other report's rows about that rule.
            return new Query.Report(other.site() != null ? other.site() : r.site(), other.report(), other.window(), key, other.section(), other.newest(), other.field());
        }
        if (first instanceof Query.Chain record && then instanceof Query.Lookup l) {
            // "the latest denied request, why, and that rule's max": the other entity is named in the record the chain found.
            return l.withKey(key, siteOf(record));
        }
        if (first instanceof Query.Lookup one && then instanceof Query.Lookup l && !l.entity().equals(one.entity())) {
            // "request req_1_x, then its IP": the other entity is found in the record when the chain runs.
            return l.withKey(key, one.site());
        }
        if (dimension == null) {
            return null;
        }
        if (then instanceof Query.Chain inner && inner.first() instanceof Query.Listing
                && narrowed(semantics, inner.first(), first, key) instanceof Query.Listing own) {
            // "the most-denied IP, then its latest request and why": the row's own requests, then the record found among them.
            return new Query.Chain(own, inner.entity(), inner.then());
        }
        if (then instanceof Query.Listing l && semantics.listing().filters().contains(dimension)) {
            Map<String, String> filters = new LinkedHashMap<>(l.filters());
            filters.put(dimension, key);
            return new Query.Listing(l.site() != null ? l.site() : site, filters, l.window(), l.limit());
        }
        if (then instanceof Query.Distinct d && !d.dimension().equals(dimension)
                && (semantics.listing().filters().contains(dimension) || semantics.keptOnItems(dimension))) {
            // "the most denied path, and how many different IPs were denied on it": the distinct values among that row's requests;
            // "the bot blocked most on /api/search, and from how many IPs": a row no tool filters on is known only among the requests
            // the ranking counted, so those.
            Map<String, String> filters = new LinkedHashMap<>(first instanceof Query.Breakdown b && semantics.keptOnItems(dimension) ? b.filters() : Map.of());
            filters.putAll(d.filters());
            filters.put(dimension, key);
            return new Query.Distinct(d.site() != null ? d.site() : site, d.dimension(), filters, d.window());
        }
        Semantics.Dimension rows = semantics.dimensions().get(dimension);
        // A listed dimension is narrowed as a subject only where it is a place ("the country with most denials"): its requests are counted from the listing.
        boolean subjectable = rows != null && (!rows.listing() || rows.codes() != null);
        if (then instanceof Query.Ratio r && subjectable && r.numerator().subject() == null && r.denominator().subject() == null
                && !r.numerator().equals(r.denominator())) {
            // "the page bots hit most, and what share of its traffic was blocked": both counts over that row (a share of the whole,
            // "the busiest IP's slice of all traffic", is the same count twice, narrowed below on its part only).
            Query.Metric part = r.numerator().withSubject(new Query.Subject(dimension, key));
            Query.Metric whole = r.denominator().withSubject(new Query.Subject(dimension, key));
            return new Query.Ratio(part.site() != null ? part : part.onSite(site), whole.site() != null ? whole : whole.onSite(site));
        }
        if (then instanceof Query.Metric m && subjectable) {
            Query.Metric narrowed = m.withSubject(new Query.Subject(dimension, key));
            return m.site() != null ? narrowed : narrowed.onSite(site);
        }
        // A field of the listed requests no tool filters on ("the bot denied most, and which pages it hit") is kept on the items.
        if (then instanceof Query.Breakdown b && !b.dimension().equals(dimension)
                && (semantics.listing().filters().contains(dimension) || semantics.keptOnItems(dimension))) {
            // "for that path, what were the reasons": the breakdown of the path's own requests.
            Map<String, String> filters = new LinkedHashMap<>(b.filters());
            filters.put(dimension, key);
            return new Query.Breakdown(b.site() != null ? b.site() : site, b.dimension(), b.measure(), filters, b.window(), b.limit(), b.only());
        }
        if (then instanceof Query.Series s && rows != null && !rows.listing() && s.subject() == null) {
            return new Query.Series(s.site() != null ? s.site() : site, s.measure(), s.filters(), s.window(), s.grain(), new Query.Subject(dimension, key));
        }
        if (then instanceof Query.Ratio r && subjectable) {
            // "its share of all traffic": the row over the whole; "what fraction of its requests": the row over itself.
            Query.Metric top = (Query.Metric) narrowed(semantics, r.numerator(), first, key);
            boolean ofTheWhole = r.numerator().measure().equals(r.denominator().measure()) && r.numerator().filters().equals(r.denominator().filters());
            return top == null ? null : new Query.Ratio(top, ofTheWhole ? withSiteOf(r.denominator(), top.site()) : (Query.Metric) narrowed(semantics, r.denominator(), first, key));
        }
        // ("the protection that blocked most, and what that rule lets through": a listed entity found by the row's name, as when it is described.)
        if (then instanceof Query.Lookup l && (l.entity().equals(dimension) || first instanceof Query.Listing
                || semantics.lookups().containsKey(l.entity()) && semantics.lookups().get(l.entity()).list() != null)) {
            // A listed request's other fields (its IP) are found in its row when the chain runs.
            return l.withKey(key, site);
        }
        return null;
    }

    /** Whether a value has the form of the entity's key (an IP address, a request id); entities without a form accept any. */
    private boolean looksLike(String entity, String value) {
        java.util.regex.Pattern form = formOf(entity);
        return form == null || form.matcher(value).matches();
    }

    /** The first value of the entity's form inside a cell ("Denied POST /api/login from 95.216.55.129 …"). */
    private String foundIn(String entity, String cell) {
        java.util.regex.Pattern form = formOf(entity);
        java.util.regex.Matcher m = form == null ? null : java.util.regex.Pattern.compile("(?<![\\w:.])(?:" + form.pattern() + ")(?![\\w:])").matcher(cell);
        return m != null && m.find() ? m.group() : null;
    }

    private java.util.regex.Pattern formOf(String entity) {
        String pattern = semantics.lookups().get(entity).pattern();
        return pattern == null ? null : java.util.regex.Pattern.compile("ip".equals(pattern)
                ? "\\d{1,3}(?:\\.\\d{1,3}){3}|(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:)+:(?:[0-9a-fA-F]{1,4}:?)*[0-9a-fA-F]{1,4}" : pattern);
    }

    private static Query.Metric withSiteOf(Query.Metric m, String site) {
        return m.site() != null ? m : new Query.Metric(site, m.measure(), m.filters(), m.window(), m.subject(), m.per());
    }

    private String describeSubject(Query.Metric m) {
        return m.subject() == null ? "" : " (" + subjectLabel(m.subject()) + ")";
    }

    /**
     * The rows answered, then one field of them: the distinct values with how many rows hold each. The rows' fields are
     * among their figures ("country of 203.0.113.7"); when the rows do not state the field, the rows are the answer and a
     * warning says so.
     */
    private Composed column(Query.Column c, int part) {
        Composed rows = answer(c.rows(), part);
        if (rows.outcome() != null || rows.table().isEmpty()) {
            return rows;
        }
        Set<String> keys = new HashSet<>();
        rows.table().rows().forEach(row -> keys.add(String.valueOf(row.get(0))));
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Analysis.Provenance> from = new LinkedHashMap<>();
        for (Analysis.Figure f : rows.figures()) {
            String prefix = c.field() + " of ";
            if (f.label().startsWith(prefix) && keys.contains(f.label().substring(prefix.length())) && f.value() != null) {
                String value = String.valueOf(f.value());
                counts.merge(value, 1L, Long::sum);
                from.putIfAbsent(value, f.provenance());
            }
        }
        String entity = c.rows() instanceof Query.Breakdown b ? semantics.dimensions().get(b.dimension()).lookup()
                : c.rows() instanceof Query.Report r && r.section() != null ? semantics.reports().get(r.report()).entities().get(r.section()) : null;
        if (counts.isEmpty() && entity != null && semantics.lookups().containsKey(entity)) {
            // The rows do not carry the field; each row's own record does ("geo / country" of an IP).
            for (String key : rows.table().rows().stream().limit(10).map(row -> String.valueOf(row.get(0))).toList()) {
                Composed one = answer(new Query.Lookup(siteOf(c.rows()), entity, key, AnalysisService.windowOf(c.rows())), part + 1);
                one.figures().stream().filter(f -> f.value() != null && (f.label().equals(c.field()) || f.label().endsWith(" / " + c.field())))
                        .findFirst().ifPresent(f -> {
                            counts.merge(String.valueOf(f.value()), 1L, Long::sum);
                            from.putIfAbsent(String.valueOf(f.value()), f.provenance());
                        });
            }
        }
        String what = Formats.words(c.field());
        if (counts.isEmpty()) {
            return new Composed(rows.text(), rows.chart(), rows.table(), List.of(new Analysis.Warning("No " + what + " in the rows",
                    "The rows do not state a " + what + ", so they are shown as they are.", "Ask about one of them to see its details.")),
                    rows.followUps(), rows.figures(), null);
        }
        List<Analysis.Figure> figures = new ArrayList<>(rows.figures());
        Dataset.Builder table = Dataset.builder(List.of(capitalize(what), "Rows"));
        int i = 0;
        for (Map.Entry<String, Long> value : counts.entrySet()) {
            table.row(value.getKey(), value.getValue());
            figures.add(new Analysis.Figure(what + " #" + ++i, value.getKey(), null, part, from.get(value.getKey())));
        }
        figures.add(new Analysis.Figure("different " + what + " values", counts.size(), null, part, from.values().iterator().next()));
        String text = rows.text() + " Their " + (counts.size() == 1 ? what : Formats.plural(what)) + ": "
                + String.join(", ", counts.entrySet().stream().map(e -> "**" + e.getKey() + "** (" + e.getValue() + ")").toList()) + ".";
        Dataset data = table.build();
        return new Composed(text, ChartSpec.bar(capitalize(what), data), data, rows.warnings(), rows.followUps(), figures, null);
    }

    /** Both lists answered, then compared by one column: what the first has that the second lacks, or what both have. */
    private Composed setOperation(Query.SetOperation s, int part) {
        Composed left = answer(s.left(), part);
        if (left.outcome() != null) {
            return left;
        }
        Composed right = answer(s.right(), part);
        if (right.outcome() != null) {
            return right;
        }
        int leftColumn = columnNamed(left.table(), s.field());
        int rightColumn = columnNamed(right.table(), s.field());
        String column = left.table().columns().isEmpty() ? "Key" : left.table().columns().get(leftColumn);
        java.util.Set<String> others = new java.util.HashSet<>();
        right.table().rows().forEach(row -> others.add(String.valueOf(row.get(rightColumn)).toLowerCase(Locale.ROOT)));
        java.util.Set<String> kept = new java.util.LinkedHashSet<>();
        for (List<Object> row : left.table().rows()) {
            String value = String.valueOf(row.get(leftColumn));
            if (row.get(leftColumn) != null && others.contains(value.toLowerCase(Locale.ROOT)) == Query.SetOperation.BOTH.equals(s.operation())) {
                kept.add(value);
            }
        }
        String what = Formats.words(column).toLowerCase(Locale.ROOT);
        String leftSide = side(s.left(), s.right());
        String rightSide = side(s.right(), s.left());
        Dataset.Builder table = Dataset.builder(List.of(capitalize(what)));
        kept.forEach(table::row);
        List<Analysis.Figure> figures = new ArrayList<>();
        // Every number keeps a tool call behind it: an empty first list takes the second's.
        Analysis.Provenance from = java.util.stream.Stream.concat(left.figures().stream(), right.figures().stream()).map(Analysis.Figure::provenance)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        int i = 0;
        for (String value : kept) {
            Analysis.Provenance own = left.figures().stream().filter(f -> value.equals(String.valueOf(f.value()))).map(Analysis.Figure::provenance)
                    .findFirst().orElse(from);
            figures.add(new Analysis.Figure(what + " #" + (++i), value, null, part, own));
        }
        if (from != null) {
            figures.add(new Analysis.Figure("count", kept.size(), null, part, from));
        }
        String how = Query.SetOperation.BOTH.equals(s.operation()) ? leftSide + " and " + rightSide : leftSide + " but not " + rightSide;
        String many = Formats.plural(what);
        String text = kept.isEmpty() ? "No " + many + " " + how + "."
                : "**" + kept.size() + "** " + (kept.size() == 1 ? Regex.replaceAll(what, "\\bip\\b", "IP") : many) + " " + how + ": " + String.join(", ", kept.stream().limit(12).map(v -> "**" + v + "**").toList())
                        + (kept.size() > 12 ? " and " + (kept.size() - 12) + " more" : "") + ".";
        text += " (Compared: " + left.table().rows().size() + " " + rowsWord(left.table().rows().size()) + " " + leftSide + ", "
                + right.table().rows().size() + " " + rowsWord(right.table().rows().size()) + " " + rightSide + ".)";
        return new Composed(text, ChartSpec.table(capitalize(what)), table.build(), List.of(), left.followUps(), figures, null);
    }

    private static String rowsWord(int n) {
        return n == 1 ? "row" : "rows";
    }

    /** The column whose name is {@code field} (any case, words or camelCase), else the first. */
    private static int columnNamed(Dataset table, String field) {
        for (int i = 0; field != null && i < table.columns().size(); i++) {
            String name = table.columns().get(i).replace(" ", "");
            if (name.equalsIgnoreCase(field)) {
                return i;
            }
        }
        return 0;
    }

    /** How one side of a set operation differs from the other: its site, else its period. */
    private String side(Query one, Query other) {
        String site = siteOf(one);
        if (!java.util.Objects.equals(site, siteOf(other))) {
            return "on **" + siteName(site) + "**";
        }
        Map<String, String> filters = filtersOf(one);
        if (!filters.equals(filtersOf(other)) && filters.get("reason") != null) {
            // "IPs denied by both the rate limiter and bot detection": the sides differ by the rule that decided.
            return "denied for **" + semantics.label(filters.get("reason")) + "**";
        }
        String window = AnalysisService.windowOf(one);
        return window == null ? "" : when(planner.window(window));
    }

    private static Map<String, String> filtersOf(Query query) {
        return query instanceof Query.Breakdown b ? b.filters() : query instanceof Query.Distinct d ? d.filters() : Map.of();
    }

    private static String siteOf(Query query) {
        return query instanceof Query.Breakdown b ? b.site() : query instanceof Query.Report r ? r.site() : query instanceof Query.Distinct d ? d.site()
                : query instanceof Query.Listing l ? l.site() : query instanceof Query.Metric m ? m.site() : query instanceof Query.Chain c ? siteOf(c.first()) : null;
    }

    private Composed parts(Query.Parts p) {
        List<Composed> answers = new ArrayList<>();
        for (int i = 0; i < p.parts().size(); i++) {
            Composed a = answer(p.parts().get(i), i);
            if (a.outcome() != null) {
                return a;
            }
            answers.add(a);
        }
        List<Analysis.Figure> figures = new ArrayList<>();
        answers.forEach(a -> figures.addAll(a.figures()));
        // The table shown is the first with rows to read (a ranking, a list); a part that is one figure is in the text and the figures.
        Composed table = answers.stream().filter(a -> a.table().rows().size() > 1).findFirst()
                .orElse(java.util.stream.IntStream.range(0, answers.size()).filter(i -> !(p.parts().get(i) instanceof Query.Metric)).mapToObj(answers::get)
                        .findFirst().orElse(answers.get(0)));
        Dataset shown = sitesSideBySide(p, answers);
        return new Composed(joined(answers.stream().map(Composed::text).toList()), table.chart(), shown == null ? table.table() : shown,
                answers.stream().flatMap(a -> a.warnings().stream()).toList(), answers.get(answers.size() - 1).followUps(), figures, null);
    }

    /**
     * One list read on every site ("which policies are still in dry run, on any site"): the sites' rows in one table, each
     * row with its site, so no site's rows are left out of the table. Null when the parts are anything else.
     */
    private Dataset sitesSideBySide(Query.Parts p, List<Composed> answers) {
        if (p.parts().size() < 2 || !(p.parts().get(0) instanceof Query.Report first)
                || !p.parts().stream().allMatch(q -> q instanceof Query.Report r && r.report().equals(first.report()) && r.site() != null)
                || p.parts().stream().map(q -> ((Query.Report) q).site()).distinct().count() != p.parts().size()
                || !answers.stream().allMatch(a -> a.table().columns().equals(answers.get(0).table().columns()))) {
            return null;
        }
        List<String> columns = new ArrayList<>(List.of("Site"));
        columns.addAll(answers.get(0).table().columns());
        Dataset.Builder table = Dataset.builder(columns);
        for (int i = 0; i < answers.size(); i++) {
            for (List<Object> row : answers.get(i).table().rows()) {
                List<Object> withSite = new ArrayList<>(List.of(siteName(((Query.Report) p.parts().get(i)).site())));
                withSite.addAll(row);
                table.row(withSite);
            }
        }
        List<String> units = new ArrayList<>();
        units.add(null);
        units.addAll(answers.get(0).table().units());
        return table.build().withUnits(units.toArray(String[]::new));
    }

    /** The parts' texts one after the other, a first sentence already said by an earlier part (the same top row, found once) said once. */
    private static String joined(List<String> texts) {
        List<String> said = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            int end = text.indexOf(". ");
            String first = end < 0 ? null : text.substring(0, end + 1);
            String rest = first != null && said.contains(first) ? text.substring(end + 2) : text;
            if (first != null) {
                said.add(first);
            }
            out.append(out.isEmpty() ? "" : " ").append(rest);
        }
        return out.toString();
    }

    private Composed unanswerable(Query.Unanswerable u) {
        return switch (u.reason()) {
            case "missing-data" -> {
                String missing = String.join(" and ", u.missing());
                if (u.partial() instanceof Query.Series series) {
                    yield partial(series, u);
                }
                if (u.detail() != null) {
                    // What the asker counts, in their words ("students have completed a course"): no source has a name for it.
                    yield Composed.notAnswered("I can't answer that: no connected data source records what you are counting (\u201c" + u.detail() + "\u201d). "
                                    + semantics.vendor() + " records " + semantics.records() + ". If another system records it, connect it (a file or a database) "
                                    + "under Data Sources, then ask again.",
                            new Analysis.Outcome(Analysis.Outcome.MISSING_DATA, null, u.missing()),
                            semantics.followUps("missing", ""),
                            List.of(new Analysis.Warning("Missing data: " + u.detail(), "No connected source records " + u.detail() + ".",
                                    "Add it as a data source (Data Sources → Add data source).", "/sources")));
                }
                yield Composed.notAnswered("I can't answer that: no connected data source has " + missing + ". " + semantics.vendor()
                                + " records " + semantics.records() + ", not " + missing + ". Connect the " + missing + " data (a file or a database) under Data Sources, then ask again.",
                        new Analysis.Outcome(Analysis.Outcome.MISSING_DATA, null, u.missing()),
                        semantics.followUps("missing", ""),
                        List.of(new Analysis.Warning("Missing data: " + missing, "No connected source records " + missing + ".",
                                "Add it as a data source (Data Sources → Add data source).", "/sources")));
            }
            case "unclear" -> Composed.notAnswered("I'm not sure what you mean, so I won't guess. Did you want one of these?",
                    new Analysis.Outcome(Analysis.Outcome.UNSURE, null, List.of()), u.readings(), List.of());
            default -> Composed.notAnswered(u.detail(), new Analysis.Outcome(Analysis.Outcome.REFUSED, u.reason(), List.of()),
                    semantics.followUps("refused", ""), List.of());
        };
    }

    /**
     * The vendor's half of a question that needs data no source has: the series, its spikes by a
     * robust baseline (median and MAD per bucket), and what is missing to answer the rest. No
     * figure is claimed as the answer: the outcome stays MISSING_DATA.
     */
    private Composed partial(Query.Series series, Query.Unanswerable u) {
        Composed shown = answer(series, 0);
        String missing = String.join(" and ", u.missing());
        List<Object> buckets = shown.table().column(0);
        List<Double> values = shown.table().column(1).stream().map(v -> ((Number) v).doubleValue()).toList();
        List<Integer> spikes = Spikes.find(values);
        String label = label(series.measure(), series.filters());
        String site = siteName(series.site());
        StringBuilder text = new StringBuilder();
        if (spikes.isEmpty()) {
            text.append("No: the ").append(label).append(" per day on **").append(site).append("** stayed near its usual level ")
                    .append(when(planner.window(series.window()))).append('.');
        } else {
            text.append("Yes, the ").append(label).append(" on **").append(site).append("** spiked on ")
                    .append(String.join(", ", spikes.stream().map(i -> "**" + buckets.get(i) + "** (" + Formats.decimal(values.get(i)) + ")").toList()))
                    .append(", against a median of ").append(Formats.decimal(Spikes.median(values))).append(" per day.");
        }
        text.append(" I can't line this up with ").append(missing).append(": no connected data source has ").append(missing)
                .append(". Connect the ").append(missing).append(" data (a file or a database) to compare the two.");
        return new Composed(text.toString(), shown.chart(), shown.table(),
                List.of(new Analysis.Warning("Missing data: " + missing, "The question needs " + missing + ", which " + semantics.vendor() + " does not record.",
                        "Add the " + missing + " data as a data source, then ask again.", "/sources")),
                semantics.followUps("spike", spikes.isEmpty() ? "in the last 30 days" : "on " + buckets.get(spikes.get(0))),
                List.of(), new Analysis.Outcome(Analysis.Outcome.MISSING_DATA, null, u.missing()));
    }

    // ---- words ----

    /** Whether a row has the value in one of its fields (case and separators aside). */
    private static boolean hasValue(JsonNode row, String value) {
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            if (field.getValue().isValueNode() && ResultTree.key(field.getValue().asString()).equals(ResultTree.key(value))) {
                return true;
            }
        }
        return false;
    }

    private static Object cell(JsonNode node) {
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isValueNode()) {
            return node.asString();
        }
        return node.isMissingNode() || node.isNull() ? null : node.toString();
    }

    private static String cellText(JsonNode node) {
        Object c = cell(node);
        return c == null ? "" : c instanceof Number n ? Formats.decimal(n.doubleValue()) : String.valueOf(c);
    }

    private String measureOf(String conclusion) {
        if (conclusion == null) {
            return "requests";
        }
        return semantics.measures().entrySet().stream().filter(e -> conclusion.equals(e.getValue().conclusion())).map(Map.Entry::getKey).findFirst().orElse("requests");
    }

    private String label(Query.Metric m) {
        return label(m.measure(), m.filters());
    }

    private String label(String measure, Map<String, String> filters) {
        Semantics.Measure m = semantics.measures().get(measure);
        String label = m == null ? measure : m.label();
        String reason = filters.get("reason");
        String conclusion = filters.get("conclusion");
        if (conclusion != null && "requests".equals(measure)) {
            label = label(measureOf(conclusion), Map.of());
        }
        String path = filters.get("path");
        label = reason == null ? label : label + " (" + semantics.label(reason) + ")";
        return path == null ? label : label + " to " + path;
    }

    private String siteName(String site) {
        String id = site == null ? context.site() : site;
        return context.siteNames().getOrDefault(id, id);
    }

    private String when(TimeWindows.Window window) {
        return TimeWindows.describe(window, context.zone());
    }

    private String phrase(String expression) {
        return TimeWindows.phraseOf(expression);
    }

    private static String format(double value, String unit) {
        if ("fraction".equals(unit)) {
            return Formats.percent(value);
        }
        return value == Math.rint(value) ? Formats.number(Math.round(value)) : Formats.decimal(value);
    }

    /** What a measure's numbers count, for a table's units: a rate's fraction, else requests (per day for an average). */
    private String unit(String measure, String per) {
        Semantics.Measure m = measure == null ? null : semantics.measures().get(measure);
        String unit = m == null ? null : m.unit() != null ? m.unit() : "requests";
        return unit != null && per != null ? unit + " per " + per : unit;
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Analysis.Figure figure(String label, double value, String unit, int part, QueryPlanner.ToolCall call, String field) {
        Object v = "fraction".equals(unit) ? (Object) value : value == Math.rint(value) ? (Object) Math.round(value) : (Object) value;
        return new Analysis.Figure(label, v, unit, part, provenance(call, field));
    }

    private static Analysis.Provenance provenance(QueryPlanner.ToolCall call, String field) {
        return new Analysis.Provenance(call.tool(), call.arguments(), field);
    }

    private List<String> followUps(String window) {
        String when = window == null ? "this week" : phrase(window);
        return semantics.followUps("answer", when);
    }

    /** An ISO 8601 instant ("2026-12-03T15:54:57.039Z") inside a text. */
    private static final java.util.regex.Pattern ISO_INSTANT = java.util.regex.Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})");

    /** "the 7 days before", "the hour before", "the 90 minutes before": a window's length in its own unit. */
    private static String stretch(java.time.Duration length) {
        if (length.toDays() >= 1 && length.toHours() % 24 == 0) {
            return length.toDays() == 1 ? "day" : length.toDays() + " days";
        }
        if (length.toHours() >= 1 && length.toMinutes() % 60 == 0) {
            return length.toHours() == 1 ? "hour" : length.toHours() + " hours";
        }
        return length.toMinutes() + " minutes";
    }
}
