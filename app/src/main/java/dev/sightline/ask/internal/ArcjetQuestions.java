package dev.sightline.ask.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sightline.ask.Analysis;
import dev.sightline.ask.AnalysisPlan;
import dev.sightline.chart.ChartSpec;
import dev.sightline.dataset.Dataset;
import dev.sightline.source.DataSources;
import tools.jackson.databind.JsonNode;

/**
 * The Arcjet planner: what the schemas cannot say. Its words, suggestions and troubleshooting
 * messages are data ({@code profiles/arcjet.json}); this class holds which tool answers "top paths"
 * or "per day", and how to read each result. Needs the tools it uses to be allowed; otherwise the
 * generic planner takes the question.
 */
final class ArcjetQuestions {

    static final String CONNECTOR = "arcjet";
    /** Words, missing data, suggestions and troubleshooting messages: profiles/arcjet.json. */
    static final ConnectorProfile PROFILE = ConnectorProfile.load(CONNECTOR);

    private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3}(?:\\.\\d{1,3}){3})\\b");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])([0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7})(?![\\w:])");
    private static final Pattern REQUEST_ID = Pattern.compile("\\b(req_[a-z0-9]+_[a-z0-9]+)\\b");
    /** A URL path as typed ("/api/login"); a slash after a word or digit ("and/or", "11/3") is not one. */
    private static final Pattern PATH = Pattern.compile("(?<![\\w/.:])(/[A-Za-z0-9_\\-][A-Za-z0-9._~\\-/]*)");
    /** The intents whose tools can narrow to one path; every other answer covers the whole site. */
    private static final Set<String> NARROWS_TO_PATH = Set.of("PATH_COUNT", "REQUESTS");
    private static final Pattern TOP_N = Pattern.compile("\\btop\\s+(\\d{1,2})\\b");

    private ArcjetQuestions() {
    }

    static boolean fits(DataSources.DataSource source) {
        return PROFILE.fits(source);
    }

    // ---- planning ----

    static AnalysisPlan plan(String question, DataSources.DataSource source, String windowPhrase) {
        String raw = question.toLowerCase(Locale.ROOT);
        String q = " " + Spelling.correct(raw.replaceAll("[?!,;]", " ").replaceAll("[.:](?=\\s|$)", " ").replaceAll("\\s+", " ")) + " ";
        Map<String, String> filters = new LinkedHashMap<>();
        String reason = reason(q);
        String conclusion = conclusion(q);
        if (reason != null) {
            filters.put("reason", reason);
        }
        if (conclusion != null) {
            filters.put("conclusion", conclusion);
        }
        // Addresses are read from the question as typed: their dots and colons are not punctuation.
        Matcher ip = IPV4.matcher(raw);
        Matcher ip6 = IPV6.matcher(raw);
        if (ip.find()) {
            filters.put("ip", ip.group(1));
        } else if (ip6.find()) {
            filters.put("ip", ip6.group(1));
        }
        Matcher requestId = REQUEST_ID.matcher(raw);
        if (requestId.find()) {
            filters.put("requestId", requestId.group(1));
        }
        Matcher path = PATH.matcher(question);
        if (path.find()) {
            filters.put("path", path.group(1).replaceAll("[.]+$", ""));
        }
        if (Pattern.compile("\\brates?\\b(?!\\s*-?\\s*limit)").matcher(q).find() || has(q, "percentage", "percent", "share of", "proportion")) {
            filters.put("measure", "rate");
        }
        Matcher topN = TOP_N.matcher(q);
        int limit = topN.find() ? Math.max(1, Math.min(50, Integer.parseInt(topN.group(1)))) : 10;
        // "/api/signup" names a path, not signup data.
        String words = filters.containsKey("path") ? q.replace(filters.get("path").toLowerCase(Locale.ROOT), " ") : q;
        List<String> missing = PROFILE.missingData(words);

        String intent;
        double confidence;
        boolean spikeWords = has(q, "spike", "surge", "jump", "peak", "rise", "increase", "went up", "shot up");
        boolean timeWords = has(q, "per day", "daily", "by day", "each day", "over time", "trend", "timeline", "per hour", "hourly", "by hour", "history", "chart", "graph", "plot");
        if (!missing.isEmpty() && (spikeWords || has(q, "before", "after", "correlat", "around", "when"))) {
            intent = "SPIKE_CHECK";
            confidence = 0.8;
        } else if (!missing.isEmpty() && reason == null && conclusion == null && !has(q, "request", "traffic", "bot", "attack")) {
            intent = "MISSING_DATA";
            confidence = 0.85;
        } else if (filters.containsKey("requestId")) {
            intent = "EXPLAIN";
            confidence = 0.95;
        } else if (filters.containsKey("ip")) {
            intent = "INVESTIGATE_IP";
            confidence = 0.93;
        } else if (has(q, "top ip", "top attacker", "worst ip", "most active ip", "noisiest ip", "busiest ip", "top offender")
                && has(q, "investigate", "drill", "what is", "what's", "who is", "tell me about", "details", "doing", "look into")) {
            intent = "INVESTIGATE_TOP";
            confidence = 0.85;
        } else if (has(q, "dry run", "dry-run", "dryrun", "would block", "would be blocked", "would have blocked", "promote", "promoting", "if we enforce", "false positive")) {
            intent = "DRY_RUN";
            confidence = 0.9;
        } else if (has(q, "quota", "usage", "billing", "plan limit", "how much of our", "remaining requests", "requests left", "allowance",
                "left on our plan", "left on the plan", "our plan")) {
            intent = "QUOTA";
            confidence = 0.9;
        } else if (has(q, "briefing", "overview", "summary", "summarize", "posture", "status report", "how are we doing", "recommend", "what should we do", "health")) {
            intent = "BRIEFING";
            confidence = 0.85;
        } else if (has(q, "anomal", "unusual", "weird", "strange", "new threat", "suspicious", "out of the ordinary", "new bot")) {
            intent = "ANOMALIES";
            confidence = 0.85;
        } else if (conclusion == null && has(q, " rules", " rule ", "configured", "live mode", "which protections")) {
            intent = "RULES";
            confidence = 0.85;
        } else if (timeWords && has(q, "by reason", "per reason", "each reason", "breakdown", "broken down", "split by")) {
            intent = "SERIES_BY_REASON";
            confidence = 0.85;
        } else if (timeWords || (spikeWords && !has(q, "path", "ip ", "ips"))) {
            intent = "SERIES";
            confidence = 0.88;
        } else if (has(q, " path", "paths", "route", "endpoint", "url") && has(q, " ip ", " ips ", "address", "attackers", "clients")) {
            intent = "TOP_PATHS_IPS";
            confidence = 0.9;
        } else if (has(q, " path", "paths", "route", "endpoint", "url", "pages")) {
            intent = "TOP_PATHS";
            confidence = 0.88;
        } else if (has(q, " ip ", " ips ", "ip address", "addresses", "attackers", "who is", "who are", "clients", "sources of")) {
            intent = "TOP_IPS";
            confidence = 0.88;
        } else if (has(q, "reason", "why ", "breakdown", "categories", "types of", "kinds of", "what kind", "split")) {
            intent = "REASONS";
            confidence = 0.85;
        } else if (has(q, "list ", "show me the", "recent", "latest", "examples", "sample", "individual request", "last few")) {
            intent = "REQUESTS";
            confidence = 0.8;
        } else if (has(q, "how many", "number of", "count", "total", "how much", "volume", "amount")
                || reason != null || conclusion != null || has(q, "traffic", "requests")) {
            intent = "COUNT";
            confidence = reason != null || conclusion != null ? 0.92 : 0.8;
        } else {
            intent = "UNCLEAR";
            confidence = 0.3;
        }
        if (filters.containsKey("path") && List.of("COUNT", "TOP_PATHS").contains(intent)) {
            // analyze-traffic has no path argument, but its per-path rows answer "how many to /x".
            intent = "PATH_COUNT";
        } else if (filters.containsKey("path") && !NARROWS_TO_PATH.contains(intent)) {
            // The answer will cover the whole site, not the path asked about.
            confidence -= 0.25;
        }
        if ("SPIKE_CHECK".equals(intent) && windowPhrase == null) {
            // A spike needs a baseline: a month of days to compare with.
            windowPhrase = "last 30 days";
        }
        if (windowPhrase == null && !List.of("QUOTA", "RULES", "BRIEFING", "EXPLAIN", "UNCLEAR", "MISSING_DATA").contains(intent)) {
            confidence -= 0.05;
        }
        List<String> readings = "UNCLEAR".equals(intent) ? List.of(
                "How many requests were denied in the last 7 days?",
                "What are the top denial reasons in the last 7 days?",
                "Give me a security briefing") : List.of();
        return new AnalysisPlan(question, source.id(), CONNECTOR, source.site(), intent, windowPhrase, filters, null, Map.of(), limit,
                Math.max(0, Math.min(0.97, confidence)), readings, missing);
    }

    private static String reason(String q) {
        return PROFILE.valueOf("reason", q);
    }

    private static String conclusion(String q) {
        return PROFILE.valueOf("conclusion", q);
    }

    static boolean has(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    // ---- answering ----

    /** What a profile hands back to be shown. */
    record Composed(String text, ChartSpec chart, Dataset table, List<Analysis.Warning> warnings, List<String> followUps) {
    }

    static Composed answer(AnalysisPlan plan, TimeWindows.Window window, ZoneId zone, Calls calls) {
        String site = plan.site();
        String period = Formats.period(window.start(), window.end(), zone);
        String when = window.phrase() == null ? period : window.phrase() + " (" + period + ")";
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("siteId", site);
        base.put("start", window.start().toString());
        base.put("end", window.end().toString());
        Map<String, String> f = plan.filters();
        String what = describe(f);
        Composed composed = switch (plan.intent()) {
            case "COUNT" -> count(plan, base, what, when, site, calls);
            case "PATH_COUNT" -> pathCount(plan, base, what, when, site, calls);
            case "SERIES" -> series(plan, window, zone, what, site, calls, false);
            case "SPIKE_CHECK" -> spikeCheck(plan, window, zone, site, calls);
            case "TOP_PATHS", "TOP_IPS", "TOP_PATHS_IPS" -> top(plan, base, what, when, site, calls);
            case "REASONS" -> reasons(plan, base, when, site, calls);
            case "INVESTIGATE_IP" -> investigate(plan, base, when, site, calls);
            case "INVESTIGATE_TOP" -> investigateTop(plan, base, what, when, site, calls);
            case "SERIES_BY_REASON" -> seriesByReason(plan, window, zone, site, calls);
            case "DRY_RUN" -> dryRun(plan, base, when, site, calls);
            case "QUOTA" -> quota(site, calls);
            case "ANOMALIES" -> anomalies(base, when, site, calls);
            case "BRIEFING" -> briefing(site, calls);
            case "RULES" -> rules(site, calls);
            case "REQUESTS" -> requests(plan, base, what, when, site, calls);
            case "EXPLAIN" -> explain(plan, site, calls);
            default -> throw new IllegalStateException(plan.intent());
        };
        if (f.containsKey("path") && !NARROWS_TO_PATH.contains(plan.intent())) {
            // Say so rather than let whole-site numbers pass for the path's.
            List<Analysis.Warning> warnings = new ArrayList<>(composed.warnings());
            warnings.add(new Analysis.Warning("Not narrowed to " + f.get("path"),
                    "Arcjet's traffic tools cannot narrow this kind of answer to one path, so these numbers cover the whole site.",
                    "Ask \"How many requests to " + f.get("path") + " " + (window.phrase() == null ? "this week" : window.phrase())
                            + "?\" or \"Show recent requests to " + f.get("path") + "\"."));
            composed = new Composed(composed.text(), composed.chart(), composed.table(), warnings, composed.followUps());
        }
        return composed;
    }

    /** The path's row among analyze-traffic's top paths (limit 50): the tool itself takes no path. */
    private static Composed pathCount(AnalysisPlan plan, Map<String, Object> base, String what, String when, String site, Calls calls) {
        String path = plan.filters().get("path");
        Map<String, Object> args = withFilters(base, plan.filters());
        args.put("limit", 50);
        JsonNode r = calls.call("analyze-traffic", args);
        Dataset.Builder rows = Dataset.builder(List.of("Path", "Requests", "Denied"));
        JsonNode row = null;
        for (JsonNode p : r.path("topPaths")) {
            rows.row(p.path("path").asString(), p.path("requests").asLong(), p.path("denied").asLong());
            if (p.path("path").asString().equalsIgnoreCase(path)) {
                row = p;
            }
        }
        Dataset table = rows.build();
        List<Analysis.Warning> warnings = new ArrayList<>();
        long total = r.path("totalRequests").asLong();
        if (total == 0) {
            troubleshoot(0, 0, false, site, calls, warnings);
        }
        String period = plan.window() == null ? "this week" : plan.window();
        List<String> followUps = List.of("Show recent " + what + " to " + path + " " + period,
                "Which IPs trigger the most " + ("requests".equals(what) ? "denials" : what) + " " + period + "?");
        if (row == null) {
            String text = "**" + path + "** is not among the " + table.rows().size() + " paths with " + what + " on **" + site + "** " + when
                    + (total == 0 ? "." : ", so it had none or too few to rank (the site had " + Formats.number(total) + " in all).");
            return new Composed(text, ChartSpec.metric(capitalize(what) + " to " + path, 0, null, null, null), table, warnings, followUps);
        }
        long count = row.path("requests").asLong();
        double share = total == 0 ? 0 : (double) count / total;
        String text = "**" + Formats.number(count) + "** " + what + " to **" + path + "** on **" + site + "** " + when + ": "
                + Formats.percent(share) + " of the site's " + Formats.number(total) + " " + what + (plan.filters().containsKey("conclusion") ? "" : ", " + Formats.number(row.path("denied").asLong()) + " of them denied") + ".";
        return new Composed(text, ChartSpec.metric(capitalize(what) + " to " + path, count, null, null, null), table, warnings, followUps);
    }

    private static Map<String, Object> withFilters(Map<String, Object> base, Map<String, String> f) {
        Map<String, Object> args = new LinkedHashMap<>(base);
        if (f.containsKey("reason")) {
            args.put("reason", f.get("reason"));
        }
        if (f.containsKey("conclusion")) {
            args.put("conclusion", f.get("conclusion"));
        }
        return args;
    }

    private static Composed count(AnalysisPlan plan, Map<String, Object> base, String what, String when, String site, Calls calls) {
        Map<String, String> f = plan.filters();
        boolean rate = "rate".equals(f.get("measure"));
        Map<String, Object> args = rate ? new LinkedHashMap<>(base) : withFilters(base, f);
        JsonNode r = calls.call("analyze-traffic", args);
        long total = r.path("totalRequests").asLong();
        JsonNode trend = r.path("trend");
        List<Analysis.Warning> warnings = new ArrayList<>();
        Dataset table = Dataset.builder(List.of("Measure", "Requests"))
                .row("Total", total).row("Allowed", r.path("allowed").asLong()).row("Denied", r.path("denied").asLong())
                .row("Challenged", r.path("challenged").asLong()).row("Errors", r.path("errors").asLong()).build();
        if (rate) {
            double denialRate = r.path("denialRate").asDouble();
            double before = trend.path("previousDenialRate").asDouble();
            String text = "On **" + site + "**, " + Formats.percent(denialRate) + " of requests were denied " + when + " ("
                    + Formats.number(r.path("denied").asLong()) + " of " + Formats.number(total) + "), against " + Formats.percent(before)
                    + " in the period before.";
            troubleshoot(total, r.path("denied").asLong(), true, site, calls, warnings);
            return new Composed(text, ChartSpec.metric("Denial rate", Math.round(denialRate * 10000) / 100.0, "%", Math.round(before * 10000) / 100.0,
                    "previous period"), table, warnings, followUps(plan, site));
        }
        long previous = trend.path("previousTotalRequests").asLong();
        String change = trend.path("requestsChangePercent").isNumber()
                ? ", " + Formats.change(trend.path("requestsChangePercent").asDouble()) + " from " + Formats.number(previous) + " in the period before"
                : "";
        String text = "**" + Formats.number(total) + "** " + what + " on **" + site + "** " + when + change + ".";
        if ("DENY".equals(f.get("conclusion")) || f.containsKey("reason")) {
            troubleshoot(total, total, "DENY".equals(f.get("conclusion")), site, calls, warnings);
        } else if (total == 0) {
            troubleshoot(0, 0, false, site, calls, warnings);
        }
        return new Composed(text, ChartSpec.metric(capitalize(what), total, null, previous, "previous period"), table, warnings, followUps(plan, site));
    }

    /** One analyze-traffic call per day (per hour for windows up to two days): the tool returns totals only. */
    private static Composed series(AnalysisPlan plan, TimeWindows.Window window, ZoneId zone, String what, String site, Calls calls, boolean rateOnly) {
        Map<String, String> f = plan.filters();
        boolean rate = rateOnly || "rate".equals(f.get("measure"));
        boolean hourly = window.length().compareTo(Duration.ofDays(2)) <= 0;
        List<Instant[]> buckets = buckets(window, zone, hourly);
        List<Map<String, Object>> argsList = new ArrayList<>();
        for (Instant[] b : buckets) {
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("siteId", site);
            base.put("start", b[0].toString());
            base.put("end", b[1].toString());
            argsList.add(rate ? base : withFilters(base, f));
        }
        List<JsonNode> results = calls.callAll("analyze-traffic", argsList);
        String column = rate ? "Denial rate (%)" : capitalize(what);
        Dataset.Builder rows = Dataset.builder(List.of(hourly ? "Hour" : "Day", column));
        long sum = 0;
        double peak = -1;
        String peakLabel = null;
        for (int i = 0; i < buckets.size(); i++) {
            JsonNode r = results.get(i);
            String label = hourly ? buckets.get(i)[0].atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.HOURS).toString().replace('T', ' ')
                    : LocalDate.ofInstant(buckets.get(i)[0], zone).toString();
            double value = rate ? Math.round(r.path("denialRate").asDouble() * 10000) / 100.0 : r.path("totalRequests").asLong();
            rows.row(label, value);
            sum += r.path("totalRequests").asLong();
            if (value > peak) {
                peak = value;
                peakLabel = label;
            }
        }
        Dataset data = rows.build();
        String period = Formats.period(window.start(), window.end(), zone);
        String text = rate
                ? "Daily denial rate on **" + site + "** " + (window.phrase() == null ? period : window.phrase() + " (" + period + ")")
                        + ": highest " + peak + "% on " + peakLabel + "."
                : "**" + Formats.number(sum) + "** " + what + " on **" + site + "** " + (window.phrase() == null ? period : window.phrase() + " (" + period + ")")
                        + (hourly ? ", hour by hour" : ", day by day") + "; the busiest " + (hourly ? "hour" : "day") + " was " + peakLabel
                        + " with " + Formats.number((long) peak) + ".";
        List<Analysis.Warning> warnings = new ArrayList<>();
        if (!rate && sum == 0) {
            troubleshoot(0, 0, false, site, calls, warnings);
        }
        return new Composed(text, ChartSpec.line(column + " on " + site, data), data, warnings, followUps(plan, site));
    }

    private static List<Instant[]> buckets(TimeWindows.Window window, ZoneId zone, boolean hourly) {
        List<Instant[]> buckets = new ArrayList<>();
        Instant cursor = hourly ? window.start().truncatedTo(ChronoUnit.HOURS)
                : LocalDate.ofInstant(window.start(), zone).atStartOfDay(zone).toInstant();
        while (cursor.isBefore(window.end())) {
            Instant next = hourly ? cursor.plus(Duration.ofHours(1)) : cursor.atZone(zone).plusDays(1).toInstant();
            Instant from = cursor.isBefore(window.start()) ? window.start() : cursor;
            Instant to = next.isAfter(window.end()) ? window.end() : next;
            if (from.isBefore(to)) {
                buckets.add(new Instant[] {from, to});
            }
            cursor = next;
        }
        return buckets;
    }

    /**
     * "Did denial rates spike before the signup drop?": the denial-rate series answers the Arcjet
     * half; the signup half needs data no connected source has, and the answer says so.
     */
    private static Composed spikeCheck(AnalysisPlan plan, TimeWindows.Window window, ZoneId zone, String site, Calls calls) {
        TimeWindows.Window month = window.length().compareTo(Duration.ofDays(14)) < 0
                ? new TimeWindows.Window("last 30 days", window.end().minus(Duration.ofDays(30)), window.end()) : window;
        Composed series = series(plan, month, zone, "denied requests", site, calls, true);
        List<Object> days = series.table().column(0);
        List<Double> rates = series.table().column(1).stream().map(v -> ((Number) v).doubleValue()).toList();
        List<Double> sorted = rates.stream().sorted().toList();
        double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        List<String> spikes = new ArrayList<>();
        double top = 0;
        for (int i = 0; i < rates.size(); i++) {
            if (rates.get(i) > Math.max(median * 1.8, median + 2)) {
                spikes.add(String.valueOf(days.get(i)));
                top = Math.max(top, rates.get(i));
            }
        }
        String missing = String.join(" and ", plan.missing());
        String text = spikes.isEmpty()
                ? "No: the daily denial rate on **" + site + "** stayed near its median of " + median + "% over " + month.phrase() + "."
                : "Yes, denial rates spiked on **" + site + "**: " + String.join(", ", spikes) + " reached up to " + top + "% of requests denied, against a median of "
                        + median + "% per day.";
        text += " I can't line this up with the " + missing + " drop: no connected data source has " + missing
                + ". Connect the " + missing + " data (a file or a database) to compare the two.";
        List<Analysis.Warning> warnings = List.of(new Analysis.Warning("Missing data: " + missing,
                "The question needs " + missing + ", which Arcjet does not record.", "Add the " + missing + " data as a data source, then ask again."));
        return new Composed(text, series.chart(), series.table(), warnings,
                List.of("Which paths and IPs trigger the most bot detections " + (spikes.isEmpty() ? "in the last 30 days" : "on " + spikes.get(0)) + "?",
                        "What are the top denial reasons in the last 30 days?", "Show anomalies in the last 7 days"));
    }

    private static Composed top(AnalysisPlan plan, Map<String, Object> base, String what, String when, String site, Calls calls) {
        Map<String, Object> args = withFilters(base, plan.filters());
        args.put("limit", plan.limit());
        JsonNode r = calls.call("analyze-traffic", args);
        boolean paths = !"TOP_IPS".equals(plan.intent());
        boolean ips = !"TOP_PATHS".equals(plan.intent());
        Dataset.Builder pathDataRows = Dataset.builder(List.of("Path", "Requests", "Denied"));
        for (JsonNode p : r.path("topPaths")) {
            pathDataRows.row(p.path("path").asString(), p.path("requests").asLong(), p.path("denied").asLong());
        }
        Dataset pathData = pathDataRows.build();
        Dataset.Builder ipDataRows = Dataset.builder(List.of("IP", "Requests", "Denied", "Country", "Network"));
        for (JsonNode p : r.path("topIps")) {
            ipDataRows.row(p.path("ip").asString(), p.path("requests").asLong(), p.path("denied").asLong(),
                    p.path("country").asString(""), p.path("asnName").asString(""));
        }
        Dataset ipData = ipDataRows.build();
        long total = r.path("totalRequests").asLong();
        List<Analysis.Warning> warnings = new ArrayList<>();
        if (total == 0) {
            troubleshoot(0, 0, false, site, calls, warnings);
            return new Composed("No " + what + " on **" + site + "** " + when + ".", ChartSpec.table("No data"), pathData, warnings, followUps(plan, site));
        }
        StringBuilder text = new StringBuilder();
        if (paths && !pathData.isEmpty()) {
            List<Object> row = pathData.rows().get(0);
            text.append("Among ").append(Formats.number(total)).append(" ").append(what).append(" on **").append(site).append("** ").append(when)
                    .append(", the top path is **").append(row.get(0)).append("** with ").append(Formats.number((Long) row.get(1))).append(".");
        }
        if (ips && !ipData.isEmpty()) {
            List<Object> row = ipData.rows().get(0);
            text.append(paths ? " The top IP is **" : "Among " + Formats.number(total) + " " + what + " on **" + site + "** " + when + ", the top IP is **")
                    .append(row.get(0)).append("** (").append(row.get(4)).append(", ").append(row.get(3)).append(") with ")
                    .append(Formats.number((Long) row.get(1))).append(".");
        }
        Dataset table = paths && ips ? combined(pathData, ipData) : paths ? pathData : ipData;
        Dataset chartData = paths ? pathData : ipData;
        ChartSpec chart = ChartSpec.bar((paths ? "Top paths" : "Top IPs") + " · " + what, project(chartData));
        return new Composed(text.toString(), chart, table, warnings, followUps(plan, site));
    }

    private static Dataset combined(Dataset paths, Dataset ips) {
        Dataset.Builder table = Dataset.builder(List.of("Rank", "Path", "Path requests", "IP", "IP requests", "IP network"));
        int rows = Math.max(paths.rows().size(), ips.rows().size());
        for (int i = 0; i < rows; i++) {
            List<Object> p = i < paths.rows().size() ? paths.rows().get(i) : List.of("", "", "");
            List<Object> ip = i < ips.rows().size() ? ips.rows().get(i) : List.of("", "", "", "", "");
            table.row(i + 1, p.get(0), p.get(1), ip.get(0), ip.get(1), ip.get(4));
        }
        return table.build();
    }

    private static Dataset project(Dataset data) {
        Dataset.Builder twoRows = Dataset.builder(List.of(data.columns().get(0), data.columns().get(1)));
        for (List<Object> row : data.rows()) {
            twoRows.row(row.get(0), row.get(1));
        }
        return twoRows.build();
    }

    private static Composed reasons(AnalysisPlan plan, Map<String, Object> base, String when, String site, Calls calls) {
        JsonNode r = calls.call("analyze-traffic", base);
        Dataset.Builder dataRows = Dataset.builder(List.of("Reason", "Denied requests", "Share"));
        for (JsonNode reason : r.path("topDenialReasons")) {
            dataRows.row(words(reason.path("reason").asString()), reason.path("count").asLong(), Formats.percent(reason.path("share").asDouble()));
        }
        Dataset data = dataRows.build();
        long denied = r.path("denied").asLong();
        List<Analysis.Warning> warnings = new ArrayList<>();
        troubleshoot(r.path("totalRequests").asLong(), denied, true, site, calls, warnings);
        if (data.isEmpty()) {
            return new Composed("No requests were denied on **" + site + "** " + when + ".", ChartSpec.table("No denials"), data, warnings, followUps(plan, site));
        }
        List<Object> first = data.rows().get(0);
        String text = "**" + Formats.number(denied) + "** requests were denied on **" + site + "** " + when + "; the main reason was **" + first.get(0)
                + "** (" + Formats.number((Long) first.get(1)) + ", " + first.get(2) + ").";
        ChartSpec chart = data.rows().size() >= 3 && data.rows().size() <= 6 ? ChartSpec.donut("Denials by reason", project(data))
                : ChartSpec.bar("Denials by reason", project(data));
        return new Composed(text, chart, data, warnings, followUps(plan, site));
    }

    private static Composed investigate(AnalysisPlan plan, Map<String, Object> base, String when, String site, Calls calls) {
        Map<String, Object> args = new LinkedHashMap<>(base);
        args.put("ip", plan.filters().get("ip"));
        JsonNode r = calls.call("investigate-ip", args);
        long total = r.path("totalRequests").asLong();
        Dataset.Builder timelineRows = Dataset.builder(List.of("Day", "Requests", "Denied"));
        for (JsonNode day : r.path("timeline")) {
            timelineRows.row(day.path("date").asString(), day.path("requests").asLong(), day.path("denied").asLong());
        }
        Dataset timeline = timelineRows.build();
        String ip = plan.filters().get("ip");
        if (total == 0) {
            List<Analysis.Warning> warnings = List.of(noDecisions(site));
            return new Composed("No requests from **" + ip + "** reached **" + site + "** " + when + ".", ChartSpec.table("No data"), timeline, warnings,
                    followUps(plan, site));
        }
        JsonNode network = r.path("network");
        String text = "**" + ip + "** (" + network.path("asnName").asString("unknown network") + ", " + r.path("geo").path("country").asString("?")
                + ", " + network.path("type").asString("").toLowerCase(Locale.ROOT) + ") sent **" + Formats.number(total) + "** requests to **" + site
                + "** " + when + "; **" + Formats.number(r.path("conclusions").path("DENY").asLong()) + "** were denied. Risk level: "
                + r.path("threat").path("riskLevel").asString("unknown").toLowerCase(Locale.ROOT) + ".";
        return new Composed(text, ChartSpec.line("Requests from " + ip, timeline), timeline, List.of(), followUps(plan, site));
    }

    /** A drill-down: the top IP of the window (with the question's filters), then everything about it. */
    private static Composed investigateTop(AnalysisPlan plan, Map<String, Object> base, String what, String when, String site, Calls calls) {
        Map<String, Object> args = withFilters(base, plan.filters());
        args.put("limit", 1);
        JsonNode top = calls.call("analyze-traffic", args);
        if (top.path("topIps").size() == 0) {
            return new Composed("No " + what + " on **" + site + "** " + when + ", so there is no top IP to look into.", ChartSpec.table("No data"),
                    Dataset.of(List.of()), List.of(noDecisions(site)), followUps(plan, site));
        }
        String ip = top.path("topIps").get(0).path("ip").asString();
        Map<String, String> filters = new LinkedHashMap<>(plan.filters());
        filters.put("ip", ip);
        AnalysisPlan drill = new AnalysisPlan(plan.question(), plan.dataSourceId(), plan.connector(), plan.site(), "INVESTIGATE_IP", plan.window(),
                filters, null, Map.of(), plan.limit(), plan.confidence(), List.of(), List.of());
        Composed detail = investigate(drill, base, when, site, calls);
        return new Composed("The top IP among " + what + " is **" + ip + "**. " + detail.text(), detail.chart(), detail.table(), detail.warnings(),
                detail.followUps());
    }

    /** Denials per day broken down by reason: stacked bars, one analyze-traffic call per day. */
    private static Composed seriesByReason(AnalysisPlan plan, TimeWindows.Window window, ZoneId zone, String site, Calls calls) {
        List<Instant[]> buckets = buckets(window, zone, false);
        List<Map<String, Object>> argsList = new ArrayList<>();
        for (Instant[] b : buckets) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("siteId", site);
            args.put("start", b[0].toString());
            args.put("end", b[1].toString());
            args.put("conclusion", "DENY");
            argsList.add(args);
        }
        List<JsonNode> results = calls.callAll("analyze-traffic", argsList);
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : results) {
            for (JsonNode reason : r.path("topDenialReasons")) {
                String name = words(reason.path("reason").asString());
                if (!reasons.contains(name)) {
                    reasons.add(name);
                }
            }
        }
        List<String> columns = new ArrayList<>(List.of("Day"));
        columns.addAll(reasons);
        Dataset.Builder rows = Dataset.builder(columns);
        long total = 0;
        for (int i = 0; i < buckets.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(LocalDate.ofInstant(buckets.get(i)[0], zone).toString()));
            for (String reason : reasons) {
                long n = 0;
                for (JsonNode r : results.get(i).path("topDenialReasons")) {
                    if (words(r.path("reason").asString()).equals(reason)) {
                        n = r.path("count").asLong();
                    }
                }
                row.add(n);
                total += n;
            }
            rows.row(row);
        }
        Dataset data = rows.build();
        String period = Formats.period(window.start(), window.end(), zone);
        String text = "**" + Formats.number(total) + "** denied requests on **" + site + "** " + (window.phrase() == null ? period : window.phrase() + " (" + period + ")")
                + ", day by day and by reason" + (reasons.isEmpty() ? "." : "; the main reason overall was **" + reasons.get(0) + "**.");
        return new Composed(text, ChartSpec.stackedBars("Denials by reason per day on " + site, data), data, List.of(), followUps(plan, site));
    }

    private static Composed dryRun(AnalysisPlan plan, Map<String, Object> base, String when, String site, Calls calls) {
        JsonNode r = calls.call("get-dry-run-impact", base);
        Dataset.Builder dataRows = Dataset.builder(List.of("Rule", "Would block", "Type"));
        for (JsonNode rule : r.path("rules")) {
            dataRows.row(rule.path("ruleId").asString(), rule.path("wouldBlock").asLong(), rule.path("type").asString());
        }
        Dataset data = dataRows.build();
        long total = r.path("totalWouldBlock").asLong();
        String text = data.isEmpty() ? "**" + site + "** has no rules in DRY_RUN mode, so promoting would change nothing."
                : "If the DRY_RUN rules of **" + site + "** were LIVE, they would have blocked **" + Formats.number(total) + "** requests " + when + " ("
                        + Formats.percent(r.path("shareOfTraffic").asDouble()) + " of traffic). An estimated "
                        + Formats.percent(r.path("falsePositiveEstimate").path("share").asDouble()) + " of those look like people (possible false positives).";
        return new Composed(text, data.isEmpty() ? ChartSpec.table("No DRY_RUN rules") : ChartSpec.bar("Requests DRY_RUN rules would block", project(data)),
                data, List.of(), followUps(plan, site));
    }

    private static Composed quota(String site, Calls calls) {
        JsonNode r = calls.call("get-site-quota", Map.of("siteId", site));
        double percent = r.path("percentUsed").asDouble();
        String text = "The **" + r.path("plan").asString() + "** plan has used **" + Formats.number(r.path("used").asLong()) + "** of "
                + Formats.number(r.path("limit").asLong()) + " requests this billing window (" + percent + "%); "
                + Formats.number(r.path("remaining").asLong()) + " remain until " + r.path("window").path("end").asString().substring(0, 10) + ".";
        Dataset data = Dataset.builder(List.of("Measure", "Requests")).row("Used", r.path("used").asLong())
                .row("Remaining", r.path("remaining").asLong()).row("Limit", r.path("limit").asLong()).build();
        return new Composed(text, ChartSpec.metric("Quota used", percent, "%", null, null), data, List.of(),
                List.of("How many requests did we deny this month?", "Give me a security briefing"));
    }

    private static Composed anomalies(Map<String, Object> base, String when, String site, Calls calls) {
        JsonNode r = calls.call("get-anomalies", base);
        Dataset.Builder dataRows = Dataset.builder(List.of("Suspicious IP", "Denied", "Network", "Country", "Risk"));
        for (JsonNode ip : r.path("suspiciousIps")) {
            dataRows.row(ip.path("ip").asString(), ip.path("denied").asLong(), ip.path("asnName").asString(""), ip.path("country").asString(""),
                    ip.path("riskLevel").asString(""));
        }
        Dataset data = dataRows.build();
        List<String> findings = new ArrayList<>();
        JsonNode risk = r.path("riskEscalation");
        findings.add("risk is **" + risk.path("level").asString().toLowerCase(Locale.ROOT) + "** (denial rate " + Formats.percent(risk.path("currentDenialRate").asDouble())
                + " vs " + Formats.percent(risk.path("previousDenialRate").asDouble()) + " before)");
        if (r.path("trafficSpikes").size() > 0) {
            findings.add("traffic spiked on " + String.join(", ", r.path("trafficSpikes").findValuesAsString("path")));
        }
        if (r.path("newBotSignatures").size() > 0) {
            findings.add("new bots: " + String.join(", ", r.path("newBotSignatures").findValuesAsString("bot")));
        }
        if (r.path("newThreats").size() > 0) {
            findings.add(r.path("newThreats").size() + " IPs were denied that were not seen before");
        }
        String text = "On **" + site + "** " + when + ": " + String.join("; ", findings) + ".";
        return new Composed(text, data.isEmpty() ? ChartSpec.table("No suspicious IPs") : ChartSpec.bar("Most denied IPs", project(data)), data, List.of(),
                List.of("Which paths and IPs trigger the most bot detections this week?", "Show denied requests per day over the last 7 days"));
    }

    private static Composed briefing(String site, Calls calls) {
        JsonNode r = calls.call("get-security-briefing", Map.of("siteId", site));
        Dataset.Builder dataRows = Dataset.builder(List.of("Priority", "Recommendation", "Detail"));
        for (JsonNode rec : r.path("recommendations")) {
            dataRows.row(rec.path("priority").asString(), rec.path("title").asString(), rec.path("detail").asString());
        }
        Dataset data = dataRows.build();
        JsonNode day = r.path("traffic").path("last24h");
        String text = "**" + site + "** in the last 24 hours: " + Formats.number(day.path("totalRequests").asLong()) + " requests, "
                + Formats.number(day.path("denied").asLong()) + " denied (" + Formats.percent(day.path("denialRate").asDouble()) + "). Rules: "
                + r.path("rules").path("live").asLong() + " live, " + r.path("rules").path("dryRun").asLong() + " in dry run."
                + (data.isEmpty() ? "" : " First recommendation: **" + data.rows().get(0).get(1) + "**.");
        return new Composed(text, ChartSpec.table("Recommendations"), data, List.of(),
                List.of("What would the dry-run rules block if we promoted them?", "Show anomalies in the last 24 hours"));
    }

    private static Composed rules(String site, Calls calls) {
        JsonNode r = calls.call("list-rules", Map.of("siteId", site));
        Dataset.Builder dataRows = Dataset.builder(List.of("Rule", "Type", "Mode", "What it does"));
        for (JsonNode rule : r.path("rules")) {
            dataRows.row(rule.path("id").asString(), rule.path("type").asString(), rule.path("mode").asString(), rule.path("summary").asString());
        }
        Dataset data = dataRows.build();
        long live = data.rows().stream().filter(row -> "LIVE".equals(row.get(2))).count();
        String text = "**" + site + "** has " + data.rows().size() + " remote rules: " + live + " LIVE and " + (data.rows().size() - live) + " in DRY_RUN.";
        return new Composed(text, ChartSpec.table("Rules"), data, List.of(),
                List.of("What would the dry-run rules block if we promoted them?", "What are the top denial reasons this week?"));
    }

    private static Composed requests(AnalysisPlan plan, Map<String, Object> base, String what, String when, String site, Calls calls) {
        Map<String, Object> args = withFilters(base, plan.filters());
        args.put("limit", Math.min(50, Math.max(plan.limit(), 20)));
        if (plan.filters().containsKey("path")) {
            args.put("path", plan.filters().get("path"));
        }
        JsonNode r = calls.call("list-requests", args);
        Dataset.Builder dataRows = Dataset.builder(List.of("Time", "Method", "Path", "IP", "Country", "Conclusion", "Reason"));
        for (JsonNode req : r.path("requests")) {
            dataRows.row(req.path("timestamp").asString(), req.path("method").asString(), req.path("path").asString(), req.path("ip").asString(),
                    req.path("country").asString(), req.path("conclusion").asString(), req.path("reason").asString());
        }
        Dataset data = dataRows.build();
        List<Analysis.Warning> warnings = new ArrayList<>();
        if (data.isEmpty()) {
            warnings.add(noDecisions(site));
        }
        String text = data.isEmpty() ? "No " + what + " on **" + site + "** " + when + "."
                : "The " + data.rows().size() + " most recent " + what + " on **" + site + "** " + when + ", newest first.";
        return new Composed(text, ChartSpec.table("Requests"), data, warnings, followUps(plan, site));
    }

    private static Composed explain(AnalysisPlan plan, String site, Calls calls) {
        JsonNode r = calls.call("explain-decision", Map.of("siteId", site, "requestId", plan.filters().get("requestId")));
        Dataset.Builder dataRows = Dataset.builder(List.of("Rule", "Type", "Mode", "Verdict"));
        for (JsonNode rule : r.path("rules")) {
            dataRows.row(rule.path("ruleId").asString(), rule.path("type").asString(), rule.path("mode").asString(), rule.path("conclusion").asString());
        }
        Dataset data = dataRows.build();
        List<String> next = new ArrayList<>();
        r.path("nextSteps").forEach(s -> next.add(s.asString()));
        return new Composed(r.path("summary").asString() + (next.isEmpty() ? "" : " Next: " + String.join(" ", next)), ChartSpec.table("Rules"), data,
                List.of(), followUps(plan, site));
    }

    /** The seed's troubleshooting: nothing in the window, or denial counts that look low. */
    private static void troubleshoot(long total, long denied, boolean aboutDenials, String site, Calls calls, List<Analysis.Warning> warnings) {
        if (total == 0) {
            warnings.add(noDecisions(site));
            return;
        }
        if (aboutDenials && denied < 10) {
            JsonNode rules = calls.call("list-rules", Map.of("siteId", site));
            long dryRun = 0;
            for (JsonNode rule : rules.path("rules")) {
                if ("DRY_RUN".equals(rule.path("mode").asString())) {
                    dryRun++;
                }
            }
            warnings.add(PROFILE.warning("lowDenials", Map.of("dryRun",
                    dryRun > 0 ? ", and " + dryRun + " of this site's " + rules.path("rules").size() + " rules are in DRY_RUN, which denies nothing." : ".")));
        }
    }

    private static Analysis.Warning noDecisions(String site) {
        return PROFILE.warning("noDecisions", Map.of("site", site));
    }

    static List<String> followUps(AnalysisPlan plan, String site) {
        String reason = plan.filters().get("reason");
        String subject = reason == null ? "denials" : words(reason).toLowerCase(Locale.ROOT) + " denials";
        List<String> next = new ArrayList<>();
        if (!plan.intent().startsWith("TOP")) {
            next.add("Which paths and IPs trigger the most " + subject + " this week?");
        }
        if (!"SERIES".equals(plan.intent())) {
            next.add("Show " + subject + " per day over the last 14 days");
        }
        if (!"REASONS".equals(plan.intent())) {
            next.add("What are the top denial reasons this week?");
        }
        next.add("What would the dry-run rules block if we promoted them?");
        return next.subList(0, 3);
    }

    /** "denied requests for rate limiting", "bot detections", "requests" ... */
    static String describe(Map<String, String> f) {
        String reason = f.get("reason");
        String conclusion = f.get("conclusion");
        if (reason != null && conclusion == null) {
            return switch (reason) {
                case "BOT" -> "bot detections";
                case "RATE_LIMIT" -> "rate-limit decisions";
                case "SHIELD" -> "attack detections";
                default -> words(reason).toLowerCase(Locale.ROOT) + " decisions";
            };
        }
        String base = switch (conclusion == null ? "" : conclusion) {
            case "DENY" -> "denied requests";
            case "CHALLENGE" -> "challenged requests";
            case "ALLOW" -> "allowed requests";
            case "ERROR" -> "requests that ended in an error";
            default -> "requests";
        };
        return reason == null ? base : base + " for " + words(reason).toLowerCase(Locale.ROOT);
    }

    static String words(String reason) {
        return switch (reason) {
            case "RATE_LIMIT" -> "Rate limiting";
            case "BOT" -> "Bot detection";
            case "SHIELD" -> "Shield (attacks)";
            case "FILTER" -> "Filter rules";
            case "EMAIL" -> "Email validation";
            case "SENSITIVE_INFO" -> "Sensitive info";
            default -> capitalize(reason.toLowerCase(Locale.ROOT).replace('_', ' '));
        };
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
