package dev.sightline.ask;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a question asks, typed: read from the words, planned into tool calls, stored with a pinned
 * tile and run again later. Names (measures, dimensions, filters, reports) are the connector's
 * semantics, never tool fields; periods are time expressions ("thisWeek", "last(45m)") that move
 * with time. {@code site} is the scope the question named, or null for the data source's own.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Query.Metric.class, name = "metric"),
        @JsonSubTypes.Type(value = Query.Breakdown.class, name = "breakdown"),
        @JsonSubTypes.Type(value = Query.Series.class, name = "series"),
        @JsonSubTypes.Type(value = Query.Comparison.class, name = "comparison"),
        @JsonSubTypes.Type(value = Query.Ratio.class, name = "ratio"),
        @JsonSubTypes.Type(value = Query.Distinct.class, name = "distinct"),
        @JsonSubTypes.Type(value = Query.Lookup.class, name = "lookup"),
        @JsonSubTypes.Type(value = Query.Listing.class, name = "listing"),
        @JsonSubTypes.Type(value = Query.Report.class, name = "report"),
        @JsonSubTypes.Type(value = Query.Chain.class, name = "chain"),
        @JsonSubTypes.Type(value = Query.Parts.class, name = "parts"),
        @JsonSubTypes.Type(value = Query.SetOperation.class, name = "set"),
        @JsonSubTypes.Type(value = Query.Column.class, name = "column"),
        @JsonSubTypes.Type(value = Query.ToolQuery.class, name = "tool"),
        @JsonSubTypes.Type(value = Query.Table.class, name = "table"),
        @JsonSubTypes.Type(value = Query.Paired.class, name = "paired"),
        @JsonSubTypes.Type(value = Query.Unanswerable.class, name = "unanswerable")})
public sealed interface Query {

    /**
     * One figure: a measure under filters over a period; {@code subject} narrows it to one row of a
     * dimension ("/api/login" of path, "BOT" of reason); {@code per} makes it an average per day,
     * hour or minute.
     */
    record Metric(String site, String measure, Map<String, String> filters, String window, Subject subject, String per) implements Query {
        public Metric {
            filters = filters == null ? Map.of() : Map.copyOf(filters);
        }

        public Metric withWindow(String other) {
            return new Metric(site, measure, filters, other, subject, per);
        }

        public Metric withSubject(Subject other) {
            return new Metric(site, measure, filters, window, other, per);
        }

        public Metric withMeasure(String other) {
            return new Metric(site, other, filters, window, subject, per);
        }

        public Metric onSite(String other) {
            return new Metric(other, measure, filters, window, subject, per);
        }
    }

    /** One row of a dimension: path "/api/login", ip "203.0.113.7", reason "BOT". */
    record Subject(String dimension, String key) {
    }

    /**
     * Rows of a dimension ranked by a measure: the top {@code limit}, or with {@code only} "zero" /
     * "nonzero" the rows where the measure is (not) zero, as a set; {@code only} "prefix:/api/" ranks
     * the rows whose key starts so.
     */
    record Breakdown(String site, String dimension, String measure, Map<String, String> filters, String window, int limit, String only)
            implements Query {
        public Breakdown {
            filters = filters == null ? Map.of() : Map.copyOf(filters);
        }

        /** The same ranking cut to its top row ("the busiest IP" of "the busiest IPs"). */
        public Breakdown topRow() {
            return new Breakdown(site, dimension, measure, filters, window, 1, only);
        }

        /** The key prefix of {@code only = "prefix:/api/"} ("API endpoints"), or null. */
        public static String prefix(String only) {
            return only != null && only.startsWith("prefix:") ? only.substring("prefix:".length()) : null;
        }

        /** The share of the whole a row must pass ("paths with more than a tenth of all blocks": {@code shareAbove:0.1}), or null. */
        public static Double shareAbove(String only) {
            return only != null && only.startsWith("shareAbove:") ? Double.valueOf(only.substring("shareAbove:".length())) : null;
        }

        /** A row field and the values that leave a row out ("excluding AS14061/AS16276": {@code except:asn:14061|16276}), or null. */
        public static String[] except(String only) {
            return only != null && only.startsWith("except:") ? only.substring("except:".length()).split(":", 2) : null;
        }

        /** The least value a row keeps ("paths with 100+ denials": {@code atLeast:100}), or null. */
        public static Long atLeast(String only) {
            return only != null && only.startsWith("atLeast:") ? Long.valueOf(only.substring("atLeast:".length())) : null;
        }
    }

    /** A measure per time bucket (hour, day, week), of the whole site or of one row ({@code subject}: a path). */
    record Series(String site, String measure, Map<String, String> filters, String window, String grain, Subject subject) implements Query {
        public Series {
            filters = filters == null ? Map.of() : Map.copyOf(filters);
        }

        public Series(String site, String measure, Map<String, String> filters, String window, String grain) {
            this(site, measure, filters, window, grain, null);
        }
    }

    /** Two or more figures side by side: periods ("this week vs last week") or subjects ("Tuesday or Wednesday"). */
    record Comparison(List<Metric> sides) implements Query {
        public Comparison {
            sides = List.copyOf(sides);
        }
    }

    /** A share or ratio of two figures ("what share of denials were bots", "challenges vs denials"). */
    record Ratio(Metric numerator, Metric denominator) implements Query {
    }

    /** How many distinct values of a dimension (IPs, paths, countries) occur among the requests. */
    record Distinct(String site, String dimension, Map<String, String> filters, String window) implements Query {
        public Distinct {
            filters = filters == null ? Map.of() : Map.copyOf(filters);
        }
    }

    /**
     * Everything about one entity: an IP, a request, a Guard policy; {@code section}: the list of the
     * result the question is about ("which paths it hit": the IP's targeted paths), or null.
     */
    record Lookup(String site, String entity, String key, String window, String section) implements Query {
        public Lookup(String site, String entity, String key, String window) {
            this(site, entity, key, window, null);
        }

        public Lookup withKey(String other, String otherSite) {
            return new Lookup(site != null ? site : otherSite, entity, other, window, section);
        }
    }

    /** Individual requests, newest first, under filters. */
    record Listing(String site, Map<String, String> filters, String window, int limit) implements Query {
        public Listing {
            filters = filters == null ? Map.of() : Map.copyOf(filters);
        }
    }

    /**
     * A report the vendor composes: quota, briefing, anomalies, dry-run impact, rules, policies,
     * teams, sites; {@code only}: keep the rows with this value ("DRY_RUN" rules, "production" sites);
     * {@code section}: the list of the report the question is about ("new threats" of the anomalies);
     * {@code newest}: keep only the row latest in this time column ("the policy changed most recently");
     * {@code field}: only the distinct values of this column ("which types of rule").
     */
    record Report(String site, String report, String window, String only, String section, String newest, String field) implements Query {
        public Report(String site, String report, String window) {
            this(site, report, window, null, null, null, null);
        }

        public Report(String site, String report, String window, String only, String section) {
            this(site, report, window, only, section, null, null);
        }

        public Report(String site, String report, String window, String only, String section, String newest) {
            this(site, report, window, only, section, newest, null);
        }

        public Report onSite(String other) {
            return new Report(other, report, window, only, section, newest, field);
        }

        public Report withOnly(String rows) {
            return new Report(site, report, window, rows, section, newest, field);
        }
    }

    /**
     * A first answer whose leading key (the busiest IP, the latest request) is then looked up as
     * {@code entity}, or, with {@code then}, narrows a second query ("the five latest denials on
     * it": the listing filtered to that path).
     */
    record Chain(Query first, String entity, Query then) implements Query {
        public Chain(Query first, String entity) {
            this(first, entity, null);
        }
    }

    /** A question in several parts ("how many ... and what was the main reason"), answered in order. */
    record Parts(List<Query> parts) implements Query {
        public Parts {
            parts = List.copyOf(parts);
        }
    }

    /**
     * Two lists compared as sets: with {@code operation} "minus" the rows of {@code left} absent from
     * {@code right} ("rule types on prod that staging doesn't have", "paths denied today but not
     * yesterday"), with "both" the rows in both; {@code field} is the column compared ("type" of the
     * rules), or null for each list's own key.
     */
    /** One field of the rows another query lists, its distinct values ("which countries do our 10 busiest IPs come from"). */
    record Column(Query rows, String field) implements Query {
    }

    record SetOperation(String operation, Query left, Query right, String field) implements Query {
        public static final String MINUS = "minus";
        public static final String BOTH = "both";
    }

    /** A tool of a server without semantics, with arguments filled from the question. */
    record ToolQuery(String tool, Map<String, Object> arguments, String window) implements Query {
        public ToolQuery {
            arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        }
    }

    /**
     * A figure from business data (a file or a database table): {@code function} (sum, avg, min,
     * max, count) of a {@code measure} column of {@code table} in data source {@code dataSource},
     * over a period ({@code window}, null for every row), per {@code grain} (day, week, month) and
     * per value of {@code groupBy} when given. Names are the table's columns, never question words.
     */
    record Table(long dataSource, String table, String measure, String function, String window, String grain, String groupBy) implements Query {
        public Table withWindow(String other) {
            return new Table(dataSource, table, measure, function, other, grain, groupBy);
        }

        public Table perDay() {
            return new Table(dataSource, table, measure, function, window, "day", groupBy);
        }
    }

    /**
     * A vendor series and a business one side by side on the same days: {@code relation} "lead"
     * finds the vendor's spike and the business drop and the lag between them ("did denial rates
     * spike before the signup drop"); "split" compares the business figure on the days the vendor
     * series spiked (an attack) with the other days, per {@code business.groupBy} when given.
     */
    record Paired(Series vendor, Table business, String relation) implements Query {
        public static final String LEAD = "lead";
        public static final String SPLIT = "split";
    }

    /**
     * A question Sightline will not or cannot answer, and why: {@code read-only} (it would change
     * something), {@code secret}, {@code site-not-visible}, {@code missing-data} (with what is
     * missing, and the {@code partial} answer the connected data can give), {@code unclear} (with
     * readings to pick from).
     */
    record Unanswerable(String reason, String detail, List<String> missing, List<String> readings, Query partial) implements Query {
        public Unanswerable {
            missing = missing == null ? List.of() : List.copyOf(missing);
            readings = readings == null ? List.of() : List.copyOf(readings);
        }

        public Unanswerable(String reason, String detail, List<String> missing, List<String> readings) {
            this(reason, detail, missing, readings, null);
        }
    }
}
