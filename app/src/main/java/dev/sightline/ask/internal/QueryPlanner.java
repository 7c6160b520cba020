package dev.sightline.ask.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.ask.Query;

/**
 * Turns a typed query into the explicit tool calls that answer it, before anything runs: which
 * tool, which arguments (the site, the period as start/end, filters, limits), one call per time
 * bucket for a series, a paged listing where rows must be counted here. Generic over the
 * connector's {@link Semantics}.
 */
final class QueryPlanner {

    /** One call to make; {@code paged}: follow the listing's cursor to the last page. */
    record ToolCall(String tool, Map<String, Object> arguments, boolean paged) {
    }

    /** Pages a listing is followed to at most: a bound on what one question may cost a vendor. */
    static final int MAX_PAGES = 2_000;

    private final Semantics semantics;
    private final String defaultSite;
    private final ZoneId zone;
    private final Instant now;

    QueryPlanner(Semantics semantics, String defaultSite, ZoneId zone, Instant now) {
        this.semantics = semantics;
        this.defaultSite = defaultSite;
        this.zone = zone;
        this.now = now;
    }

    /** The calls of a query; a chain's second step is planned once its first has answered. */
    List<ToolCall> plan(Query query) {
        if (query instanceof Query.Metric m) {
            Query.Series by = seriesOfAverage(m);
            return by == null ? List.of(metricCall(m))
                    : java.util.stream.Stream.concat(java.util.stream.Stream.of(metricCall(m)), seriesCalls(by).stream()).toList();
        } else if (query instanceof Query.Breakdown b) {
            return List.of(breakdownCall(b));
        } else if (query instanceof Query.Series s) {
            return seriesCalls(s);
        } else if (query instanceof Query.Comparison c) {
            return c.sides().stream().map(this::metricCall).toList();
        } else if (query instanceof Query.Ratio r) {
            return List.of(metricCall(r.numerator()), metricCall(r.denominator()));
        } else if (query instanceof Query.Distinct d) {
            return List.of(listingCall(d.site(), d.filters(), d.window(), semantics.listing().limit().max(), true));
        } else if (query instanceof Query.Lookup l && semantics.lookups().get(l.entity()).foundByName()) {
            // Found by its words in the listing first; the description (if any) follows once the row is known.
            return List.of(new ToolCall(semantics.lookups().get(l.entity()).list().tool(), scoped(l.site(), null, false), false));
        } else if (query instanceof Query.Lookup l) {
            Semantics.Lookup lookup = semantics.lookups().get(l.entity());
            if (lookup.details() != null) {
                // The explanation and the full record: together they hold what people ask about one request.
                ToolCall explain = lookupCall(l);
                return List.of(explain, new ToolCall(lookup.details(), explain.arguments(), false));
            }
            return List.of(lookupCall(l));
        } else if (query instanceof Query.Listing l) {
            return List.of(listingCall(l.site(), l.filters(), l.window(), l.limit(), false));
        } else if (query instanceof Query.Report r) {
            return List.of(reportCall(r));
        } else if (query instanceof Query.Chain c) {
            return plan(c.first());
        } else if (query instanceof Query.Parts p) {
            return p.parts().stream().flatMap(part -> plan(part).stream()).toList();
        } else if (query instanceof Query.Column c) {
            return plan(c.rows());
        } else if (query instanceof Query.SetOperation s) {
            return java.util.stream.Stream.concat(plan(s.left()).stream(), plan(s.right()).stream()).toList();
        } else if (query instanceof Query.ToolQuery t) {
            return List.of(new ToolCall(t.tool(), t.arguments(), false));
        }
        return List.of();
    }

    TimeWindows.Window window(String expression) {
        return TimeWindows.resolveOrDefault(expression, zone, now);
    }

    ToolCall metricCall(Query.Metric m) {
        Semantics.Measure measure = semantics.measures().get(m.measure());
        if (m.subject() != null && semantics.dimensions().get(m.subject().dimension()).listing()) {
            // "requests from Germany": counted from the listed requests; a count of one conclusion asks only for those.
            Map<String, String> filters = new LinkedHashMap<>(m.filters());
            if (measure.conclusion() != null && !measure.isRatio()) {
                filters.put("conclusion", measure.conclusion());
            }
            return listingCall(m.site(), filters, m.window(), semantics.listing().limit().max(), true);
        }
        if (m.subject() != null) {
            Semantics.Dimension dimension = semantics.dimensions().get(m.subject().dimension());
            Map<String, Object> args = scoped(m.site(), m.window(), true);
            Map<String, String> filters = new LinkedHashMap<>(m.filters());
            if (measure.conclusion() != null && !measure.isRatio() && !dimension.values().containsKey(m.measure())) {
                // "allowed requests to /api/checkout": the rows state only requests and denials, so the call asks for that conclusion alone.
                filters.put("conclusion", measure.conclusion());
            }
            filters(args, filters);
            if (dimension.limit() != null) {
                args.put(dimension.limit().argument(), dimension.limit().max());
            }
            return new ToolCall(dimension.tool(), args, false);
        }
        Map<String, Object> args = scoped(m.site(), m.window(), true);
        filters(args, m.filters());
        return new ToolCall(measure.tool(), args, false);
    }

    /**
     * Whether a breakdown is counted here from the listed requests: its dimension is a field of the
     * listing, or it is narrowed by a filter only the listing takes ("IPs hitting /api/login").
     */
    boolean countedFromListing(Query.Breakdown b) {
        return semantics.dimensions().get(b.dimension()).listing() || b.filters().keySet().stream()
                .anyMatch(f -> !semantics.filters().containsKey(f) && semantics.listing().filters().contains(f) || onItems(f));
    }

    /** A filter no tool takes, kept on the listed items themselves ("the pages Googlebot crawled": the items whose bot is Googlebot). */
    boolean onItems(String filter) {
        return semantics.keptOnItems(filter);
    }

    ToolCall breakdownCall(Query.Breakdown b) {
        Semantics.Dimension dimension = semantics.dimensions().get(b.dimension());
        if (countedFromListing(b)) {
            return listingCall(b.site(), b.filters(), b.window(), semantics.listing().limit().max(), true);
        }
        Map<String, Object> args = scoped(b.site(), b.window(), true);
        filters(args, b.filters());
        if (dimension.limit() != null) {
            // Rows are ranked by the tool on requests; a set or another measure needs every row it can give.
            int wanted = b.only() != null || !"requests".equals(b.measure()) && b.filters().get("conclusion") == null ? dimension.limit().max() : b.limit();
            args.put(dimension.limit().argument(), Math.max(1, Math.min(dimension.limit().max(), Math.max(wanted, b.limit()))));
        }
        return new ToolCall(dimension.tool(), args, false);
    }

    /**
     * The day-by-day (or hour, or week) series behind an average per day, when the window holds
     * between 2 and 31 such buckets: "requests per day last week" is read both ways, so the answer
     * gives the average and each day's figure.
     */
    Query.Series seriesOfAverage(Query.Metric m) {
        // One row of a ranking (an IP) may be missing from a day's ranking: its series is not read that way.
        if (m.per() == null || m.subject() != null && semantics.dimensions().get(m.subject().dimension()).limit() != null
                || !List.of("day", "hour", "week").contains(m.per()) || semantics.measures().get(m.measure()).isRatio()) {
            return null;
        }
        String buckets = QuestionParser.seriesWindow(m.window(), m.per());
        TimeWindows.Window covered = TimeWindows.resolve(buckets, zone, now);
        if (covered == null) {
            return null;
        }
        int count = buckets(covered, m.per()).size();
        return count < 2 || count > 31 ? null : new Query.Series(m.site(), m.measure(), m.filters(), buckets, m.per(), m.subject());
    }

    List<ToolCall> seriesCalls(Query.Series s) {
        List<ToolCall> calls = new ArrayList<>();
        Semantics.Measure measure = semantics.measures().get(s.measure());
        for (Instant[] bucket : buckets(window(s.window()), s.grain())) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put(semantics.scope().argument(), site(s.site()));
            args.put(semantics.scope().window().start(), bucket[0].toString());
            args.put(semantics.scope().window().end(), bucket[1].toString());
            filters(args, s.filters());
            String tool = measure.tool();
            if (s.subject() != null) {
                Semantics.Dimension dimension = semantics.dimensions().get(s.subject().dimension());
                tool = dimension.tool();
                if (dimension.limit() != null) {
                    args.put(dimension.limit().argument(), dimension.limit().max());
                }
            }
            calls.add(new ToolCall(tool, args, false));
        }
        return calls;
    }

    ToolCall lookupCall(Query.Lookup l) {
        Semantics.Lookup lookup = semantics.lookups().get(l.entity());
        Map<String, Object> args = scoped(l.site(), lookup.windowed() && l.window() != null ? l.window() : null, false);
        args.put(lookup.argument(), l.key());
        return new ToolCall(lookup.tool(), args, false);
    }

    ToolCall listingCall(String site, Map<String, String> filters, String window, int limit, boolean paged) {
        Semantics.Listing listing = semantics.listing();
        Map<String, Object> args = scoped(site, window, true);
        for (Map.Entry<String, String> f : filters.entrySet()) {
            if (listing.filters().contains(f.getKey())) {
                args.put(f.getKey(), f.getValue());
            }
        }
        args.put(listing.limit().argument(), Math.max(1, Math.min(listing.limit().max(), limit)));
        return new ToolCall(listing.tool(), args, paged);
    }

    ToolCall reportCall(Query.Report r) {
        Semantics.Report report = semantics.reports().get(r.report());
        if (report.tool().equals(semantics.sites().teams().tool())) {
            // Teams are the user's, not a site's. (The sites report is answered from the question's own site listing.)
            return new ToolCall(report.tool(), Map.of(), false);
        }
        return new ToolCall(report.tool(), scoped(r.site(), report.windowed() && r.window() != null ? r.window() : null, false), false);
    }

    private Map<String, Object> scoped(String site, String window, boolean windowDefault) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(semantics.scope().argument(), site(site));
        if (window != null || windowDefault) {
            TimeWindows.Window w = window(window);
            args.put(semantics.scope().window().start(), w.start().toString());
            args.put(semantics.scope().window().end(), w.end().toString());
        }
        return args;
    }

    private String site(String site) {
        return site == null ? defaultSite : site;
    }

    private void filters(Map<String, Object> args, Map<String, String> filters) {
        for (Map.Entry<String, String> f : filters.entrySet()) {
            Semantics.Filter filter = semantics.filters().get(f.getKey());
            if (filter != null) {
                args.put(filter.argument(), f.getValue());
            }
        }
    }

    /** Calendar buckets of a window in the workspace zone; the first and last are cut to the window. */
    List<Instant[]> buckets(TimeWindows.Window window, String grain) {
        List<Instant[]> buckets = new ArrayList<>();
        Instant cursor = switch (grain) {
            case "hour" -> window.start().atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
            case "week" -> LocalDate.ofInstant(window.start(), zone).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
            default -> LocalDate.ofInstant(window.start(), zone).atStartOfDay(zone).toInstant();
        };
        while (cursor.isBefore(window.end()) && buckets.size() < 1_000) {
            Instant next = switch (grain) {
                case "hour" -> cursor.plus(Duration.ofHours(1));
                case "week" -> cursor.atZone(zone).plusWeeks(1).toInstant();
                default -> cursor.atZone(zone).plusDays(1).toInstant();
            };
            Instant from = cursor.isBefore(window.start()) ? window.start() : cursor;
            Instant to = next.isAfter(window.end()) ? window.end() : next;
            if (from.isBefore(to)) {
                buckets.add(new Instant[] {from, to});
            }
            cursor = next;
        }
        return buckets;
    }
}
