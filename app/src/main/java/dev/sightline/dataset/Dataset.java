package dev.sightline.dataset;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A table: named columns and rows of values (numbers, text, ISO dates). The numbers behind every
 * chart. It keeps at most {@link #KEPT_ROWS} rows, and {@code totalRows} says how many the source
 * had: an answer is stored, sent and drawn whole, so it stays small whatever a tool returns.
 * {@code units} says what each column's numbers count ("requests", "fraction" for a rate from 0 to
 * 1, "percent", "requests per day"), null where nothing is known or the column is not a measure.
 */
public record Dataset(List<String> columns, List<List<Object>> rows, long totalRows, List<String> units) {

    /** Enough rows to read, chart and download; few enough to store and render in a moment. */
    public static final int KEPT_ROWS = 1_000;
    /** Longer text in a cell is cut here: a table is for reading, not for carrying documents. */
    public static final int CELL_CHARS = 1_000;

    public Dataset {
        columns = List.copyOf(columns);
        List<String> known = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            known.add(units != null && c < units.size() ? units.get(c) : null);
        }
        units = Collections.unmodifiableList(known);
        List<List<Object>> kept = new ArrayList<>(Math.min(rows.size(), KEPT_ROWS));
        for (List<Object> row : rows.subList(0, Math.min(rows.size(), KEPT_ROWS))) {
            kept.add(cells(row));
        }
        totalRows = Math.max(totalRows, rows.size());
        rows = Collections.unmodifiableList(kept);
    }

    public Dataset(List<String> columns, List<List<Object>> rows, long totalRows) {
        this(columns, rows, totalRows, null);
    }

    /** From JSON: tables stored before the total (or the units) were kept count as whole (or unknown). */
    @JsonCreator
    static Dataset read(@JsonProperty("columns") List<String> columns, @JsonProperty("rows") List<List<Object>> rows,
                        @JsonProperty("totalRows") Long totalRows, @JsonProperty("units") List<String> units) {
        return new Dataset(columns, rows, totalRows == null ? 0 : totalRows, units);
    }

    public static Dataset of(List<String> columns) {
        return new Dataset(columns, List.of(), 0);
    }

    /** The same table saying what its columns count, column by column (null: not known). */
    public Dataset withUnits(String... units) {
        return new Dataset(columns, rows, totalRows, Arrays.asList(units));
    }

    /** Builds a table row by row in linear time, keeping the first {@link #KEPT_ROWS} rows and counting all. */
    public static Builder builder(List<String> columns) {
        return new Builder(columns);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Whether the source had more rows than the table keeps. */
    public boolean truncated() {
        return totalRows > rows.size();
    }

    /** "Showing the first 1,000 of 100,000 rows" when rows were left out, else null. */
    @JsonProperty("note")
    public String note() {
        return truncated() ? String.format(Locale.ROOT, "Showing the first %,d of %,d rows", rows.size(), totalRows) : null;
    }

    /**
     * Each column's type, read from its values: {@code number}, {@code date} (ISO day),
     * {@code timestamp} (ISO instant), {@code boolean} or {@code text}; a column with no value is
     * {@code text}. What a chart, a CSV reader or a join needs to know without guessing again.
     */
    @JsonProperty("types")
    public List<String> types() {
        List<String> types = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            String type = null;
            for (List<Object> row : rows) {
                Object value = c < row.size() ? row.get(c) : null;
                if (value == null || "".equals(value)) {
                    continue;
                }
                String cell = typeOf(value);
                type = type == null || type.equals(cell) ? cell : "text";
            }
            types.add(type == null ? "text" : type);
        }
        return types;
    }

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?");

    private static String typeOf(Object value) {
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        String text = String.valueOf(value);
        // Every cell of every table is typed: most are not dates, and the fifth character says so cheaply.
        if (text.length() < 10 || text.charAt(4) != '-') {
            return "text";
        }
        if (DATE.matcher(text).matches()) {
            return "date";
        }
        if (TIMESTAMP.matcher(text).matches()) {
            return "timestamp";
        }
        return "text";
    }

    /**
     * A cell as a person reads it: a rate ("fraction") as a percentage, numbers of a known unit with
     * thousands separators and at most two decimals; anything else (a year, a port, an id) as it is.
     */
    public String shown(Object value, int column) {
        String unit = column < units.size() ? units.get(column) : null;
        if (value instanceof Number n && unit != null) {
            double d = n.doubleValue();
            if (unit.startsWith("fraction")) {
                return String.format(Locale.ROOT, "%,.2f%%", d * 100);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.format(Locale.ROOT, "%,d", (long) d);
            }
            return String.format(Locale.ROOT, "%,.2f", d);
        }
        return value == null ? "" : String.valueOf(value);
    }

    public List<Object> column(int index) {
        return rows.stream().map(r -> r.get(index)).toList();
    }

    /**
     * The table as CSV. Text that a spreadsheet would run as a formula (starting with {@code =},
     * {@code +}, {@code -}, {@code @}, tab or carriage return; OWASP "CSV Injection") gets a
     * leading single quote; numbers stay numbers, negative ones included.
     */
    public String toCsv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            printer.printRecord(columns.stream().map(Dataset::inert).toList());
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(Dataset::inert).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Object inert(Object value) {
        if (value instanceof CharSequence text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return value;
    }

    private static List<Object> cells(List<?> row) {
        List<Object> cells = new ArrayList<>(row.size());
        for (Object value : row) {
            cells.add(value instanceof String text && text.length() > CELL_CHARS ? text.substring(0, CELL_CHARS - 1) + "…" : value);
        }
        return Collections.unmodifiableList(cells);
    }

    /** Rows in, a table out; rows past {@link #KEPT_ROWS} are counted, not kept. */
    public static final class Builder {
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();
        private long total;

        private Builder(List<String> columns) {
            this.columns = List.copyOf(columns);
        }

        public Builder row(Object... values) {
            return row(Arrays.asList(values));
        }

        public Builder row(List<?> values) {
            total++;
            if (rows.size() < KEPT_ROWS) {
                rows.add(cells(values));
            }
            return this;
        }

        public Dataset build() {
            return new Dataset(columns, rows, total);
        }
    }
}
