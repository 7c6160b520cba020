package dev.sightline.source.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.sightline.source.DataSources;

/**
 * The one statement an aggregate becomes, the same on DuckDB and PostgreSQL: identifiers from the
 * table's known columns, quoted; values bound; the aggregation done by the engine, never in the
 * app. A zone or a grain is checked against a closed list before it is written into the text.
 */
final class TableSql {

    private static final Set<String> FUNCTIONS = Set.of("sum", "avg", "min", "max", "count");
    private static final Set<String> GRAINS = Set.of("day", "week", "month");
    /** Rows an aggregate may return: far more than a chart or a table shows. */
    static final int MAX_ROWS = 100_000;

    /** The statement, its bound values in order, and the names of its columns. */
    record Statement(String sql, List<Object> parameters, List<String> columns) {
    }

    private TableSql() {
    }

    static Statement aggregate(String relation, DataSources.Table table, DataSources.Aggregate a) {
        String function = a.function() == null ? "sum" : a.function().toLowerCase(Locale.ROOT);
        if (!FUNCTIONS.contains(function)) {
            throw new IllegalArgumentException("Unknown aggregate " + a.function());
        }
        String value;
        String valueName;
        if ("count".equals(function) && a.measure() == null) {
            value = "count(*)";
            valueName = "rows";
        } else {
            DataSources.Column measure = known(table, a.measure());
            if (!measure.numeric() && !"count".equals(function)) {
                throw new IllegalArgumentException("Column " + measure.name() + " holds no numbers to add up.");
            }
            value = function + "(" + FileImports.quote(measure.name()) + ")";
            valueName = measure.name();
        }
        List<String> select = new ArrayList<>();
        List<String> group = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        DataSources.Column time = a.grain() != null || a.start() != null ? timeColumn(table) : null;
        if (a.grain() != null) {
            if (!GRAINS.contains(a.grain())) {
                throw new IllegalArgumentException("Unknown grain " + a.grain());
            }
            select.add(bucket(time, a.grain(), a.zone()) + " AS period");
            group.add("period");
            columns.add(a.grain());
        }
        if (a.groupBy() != null) {
            DataSources.Column by = known(table, a.groupBy());
            select.add(FileImports.quote(by.name()));
            group.add(FileImports.quote(by.name()));
            columns.add(by.name());
        }
        select.add(value + " AS value");
        columns.add(valueName);
        if (a.start() != null && a.end() != null) {
            where.add(FileImports.quote(time.name()) + " >= ? AND " + FileImports.quote(time.name()) + " < ?");
            parameters.add(bound(time, a.start(), a.zone(), false));
            parameters.add(bound(time, a.end(), a.zone(), true));
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ").append(relation);
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!group.isEmpty()) {
            // By position, not by alias: both engines bind a name in GROUP BY to the table's own column first (a column called "period").
            int valueAt = group.size() + 1;
            sql.append(" GROUP BY ").append(group.size() == 1 ? "1" : "1, 2").append(" ORDER BY ")
                    .append(a.grain() != null ? "1" : valueAt + " DESC").append(a.grain() != null && a.groupBy() != null ? ", " + valueAt + " DESC" : "");
            // The row cap in the statement, not the driver's: PostgreSQL plans no parallel query under a driver row limit. One row
            // over it tells a result that was cut (refused: the rows it would drop are the latest periods or the smallest groups).
            sql.append(" LIMIT ").append(MAX_ROWS + 1);
        }
        return new Statement(sql.toString(), parameters, columns);
    }

    /** A database table's schema and name as stored: a JSON pair, since either may hold a dot. */
    static String relationOf(String schema, String table) {
        return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(List.of(schema, table));
    }

    /** "schema"."table" from the stored pair (or schema.table as stored before); a file's table is its own. */
    static String relation(String stored) {
        if (stored.startsWith("[")) {
            List<?> pair = tools.jackson.databind.json.JsonMapper.shared().readValue(stored, List.class);
            return FileImports.quote(String.valueOf(pair.get(0))) + "." + FileImports.quote(String.valueOf(pair.get(1)));
        }
        int dot = stored.indexOf('.');
        return dot < 0 ? FileImports.quote(stored) : FileImports.quote(stored.substring(0, dot)) + "." + FileImports.quote(stored.substring(dot + 1));
    }

    private static DataSources.Column known(DataSources.Table table, String name) {
        return table.column(name).orElseThrow(() -> new IllegalArgumentException("The table " + table.name() + " has no column " + name + "."));
    }

    private static DataSources.Column timeColumn(DataSources.Table table) {
        if (table.timeColumn() == null) {
            throw new IllegalArgumentException("The table " + table.name() + " has no column marked as its time: mark one on the data source's page.");
        }
        DataSources.Column time = known(table, table.timeColumn());
        if (!time.temporal()) {
            throw new IllegalArgumentException("The time column " + time.name() + " of " + table.name() + " holds no dates (" + time.type() + ").");
        }
        return time;
    }

    private static boolean zoned(DataSources.Column column) {
        String type = column.type().toUpperCase(Locale.ROOT);
        return type.contains("WITH TIME ZONE") || type.equals("TIMESTAMPTZ");
    }

    /** The day, week (from Monday) or month a row falls in, as a date in the workspace's zone. */
    private static String bucket(DataSources.Column time, String grain, ZoneId zone) {
        if ("day".equals(grain) && time.type().equalsIgnoreCase("DATE")) {
            // A date is its own day: grouping by the column lets the engine skip two casts per row.
            return FileImports.quote(time.name());
        }
        String local = zoned(time) ? FileImports.quote(time.name()) + " AT TIME ZONE '" + zoneName(zone) + "'" : "CAST(" + FileImports.quote(time.name()) + " AS TIMESTAMP)";
        return "CAST(date_trunc('" + grain + "', " + local + ") AS DATE)";
    }

    private static String zoneName(ZoneId zone) {
        String id = zone.normalized() instanceof ZoneOffset offset && offset.getTotalSeconds() == 0 ? "UTC" : zone.getId();
        if (!id.matches("[A-Za-z0-9/_+:-]{1,64}")) {
            throw new IllegalArgumentException("Unknown time zone " + id);
        }
        return id;
    }

    /**
     * A period's bound in the column's own terms: a date for a date column, a local time stamp for
     * one without a zone, an instant otherwise.
     */
    private static Object bound(DataSources.Column time, Instant instant, ZoneId zone, boolean end) {
        String type = time.type().toUpperCase(Locale.ROOT);
        if (type.equals("DATE")) {
            // A date column counts whole days: a period cut inside a day takes the days it fully covers at its start and the
            // day it ends in ("the last 7 days" from 14:30 is seven dates, today's included, not eight).
            LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
            LocalDate day = local.toLocalDate();
            return !local.toLocalTime().equals(LocalTime.MIDNIGHT) ? day.plusDays(1) : day;
        }
        if (zoned(time)) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return LocalDateTime.ofInstant(instant, zone);
    }
}
