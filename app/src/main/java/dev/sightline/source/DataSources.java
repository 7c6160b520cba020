package dev.sightline.source;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.sightline.account.SightlineUser;
import dev.sightline.dataset.Dataset;

/**
 * What other modules may do with a user's data sources: list them with their allowed tools, and
 * open a session that calls those tools. The read-only policy is enforced inside: a tool that is
 * not allowed is refused before any network traffic, whoever asks.
 */
public interface DataSources {

    List<DataSource> list(SightlineUser user);

    Optional<DataSource> find(SightlineUser user, long id);

    /**
     * What the question engine knows about a source's vendor, checked against the source's live
     * catalog; implemented where that knowledge lives, shown on the source's page.
     */
    interface Knowledge {
        /** Empty when there is no vendor knowledge for this source: the generic planner answers. */
        Optional<KnowledgeReport> of(DataSource source);
    }

    /**
     * {@code mismatches}: what in the knowledge the live catalog does not offer (then the generic
     * planner answers); {@code topics}: what questions can be about; {@code examples}: questions to try.
     */
    record KnowledgeReport(String vendor, List<String> mismatches, List<String> topics, List<String> examples) {
        public boolean fits() {
            return mismatches.isEmpty();
        }
    }

    /** A source that was disconnected: what to call it, and which connector brings it back. */
    record Disconnected(String name, String connector) {
    }

    /** The source this id named before it was disconnected, within the user's workspace; empty when it never was or is back. */
    Optional<Disconnected> disconnected(SightlineUser user, long id);

    /**
     * Who else relies on a data source, asked before it is disconnected so the person can be warned:
     * implemented where that reliance lives (dashboards), shown in the confirmation.
     */
    interface Dependents {
        /**
         * What reads each of these sources, in words ("Security › Denied requests"), as far as
         * {@code user} may see it; what they may not see is only counted ("2 tiles on other people's
         * private dashboards"). A source nothing reads has no entry.
         */
        java.util.Map<Long, List<String>> of(SightlineUser user, java.util.Collection<Long> dataSourceIds);
    }

    /** Opens one MCP session for several calls; close it when done. */
    ToolSession open(SightlineUser user, long dataSourceId);

    /**
     * Aggregates a table of a business source (a file or a database), pushed down to the engine
     * that holds it; identifiers come from the table's known columns, values are bound, never
     * spliced. Fails with {@link ToolCallException} (NOT_FOUND, UNAVAILABLE, SERVER_ERROR).
     */
    TableResult aggregate(SightlineUser user, long dataSourceId, Aggregate aggregate);

    /**
     * A connected source. An MCP server ({@code kind} "mcp") lists only its allowed (read-only)
     * tools; {@code site} is the id the vendor's tools take (an Arcjet TypeID such as site_01...),
     * {@code siteName} what people call it (acme-prod), null when unknown. A file or a database
     * ({@code kind} "file", "database") has {@code tables} instead.
     */
    record DataSource(long id, String name, String connector, String site, String status, List<AllowedTool> tools, String siteName,
                      String kind, List<Table> tables) {

        public static final String MCP = "mcp";
        public static final String FILE = "file";
        public static final String DATABASE = "database";

        public DataSource {
            tools = tools == null ? List.of() : List.copyOf(tools);
            tables = tables == null ? List.of() : List.copyOf(tables);
            kind = kind == null ? MCP : kind;
        }

        public DataSource(long id, String name, String connector, String site, String status, List<AllowedTool> tools, String siteName) {
            this(id, name, connector, site, status, tools, siteName, MCP, List.of());
        }

        public boolean hasTool(String name) {
            return tools.stream().anyMatch(t -> t.name().equals(name));
        }

        /** Business data (a file or a database) rather than a vendor's MCP server. */
        public boolean business() {
            return !MCP.equals(kind);
        }
    }

    /**
     * A table of business data: its columns as the engine typed them, the column that says when a
     * row happened (null when none was marked), and how many rows it had when last read.
     */
    record Table(String name, String timeColumn, List<Column> columns, long rows) {
        public Table {
            columns = List.copyOf(columns);
        }

        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    /** A column: its name, the engine's type, and the other words people use for it ("signups" for new_users). */
    record Column(String name, String type, List<String> synonyms) {
        public Column {
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        }

        public boolean numeric() {
            String t = type.toUpperCase(Locale.ROOT);
            return t.matches("(TINY|SMALL|BIG|HUGE|U)?INT(EGER|2|4|8)?|U?(TINY|SMALL|BIG|HUGE)INT|INT\\d*|DOUBLE( PRECISION)?|FLOAT\\d?|REAL|NUMERIC.*|DECIMAL.*|SERIAL|BIGSERIAL");
        }

        /** A date, or a time stamp with or without its zone. */
        public boolean temporal() {
            String t = type.toUpperCase(Locale.ROOT);
            return t.equals("DATE") || t.startsWith("TIMESTAMP");
        }

        /** The name as words: new_users → "new users". */
        public String words() {
            return name.replaceAll("[_\\s]+", " ").replaceAll("([a-z])([A-Z])", "$1 $2").strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to compute over a table: {@code function} (sum, avg, count, min, max) of {@code measure}
     * (null for count), per {@code grain} bucket (day, week, month; null for one figure) of the time
     * column in {@code zone}, per value of {@code groupBy} (null for none), over [start, end) when
     * both are given.
     */
    record Aggregate(String table, String measure, String function, String grain, String groupBy, Instant start, Instant end, ZoneId zone) {
    }

    /**
     * An aggregate's rows as a table to show ({@code data}, cut at its kept rows), every row it
     * returned ({@code rows}, up to the statement's cap, for totals and rankings that must see them
     * all), the statement that computed them (for provenance), and how long it took.
     */
    record TableResult(Dataset data, List<List<Object>> rows, String statement, long durationMs) {
        public TableResult {
            rows = rows == null ? data.rows() : java.util.Collections.unmodifiableList(rows);
        }
    }

    /** A tool the analysis engine may use, as the server described it. */
    record AllowedTool(String name, String title, String description, Map<String, Object> inputSchema) {
    }

    /**
     * A tool's answer: its text, the structured content when the server sent one, whether it is a
     * tool error, and the resources it points to (resource links, embedded resources) so they are
     * shown rather than dropped.
     */
    record ToolResult(boolean error, String text, Object structured, List<Link> links) {
        public ToolResult {
            links = links == null ? List.of() : List.copyOf(links);
        }

        public ToolResult(boolean error, String text, Object structured) {
            this(error, text, structured, List.of());
        }
    }

    /** A resource a tool result points to: its URI and what the server says about it. */
    record Link(String uri, String name, String description, String mimeType) {
    }

    /**
     * Calls on a data source's session. Not thread-bound: calls may run in parallel. Closing it
     * ends this use; the connection behind it may live on for the next one.
     */
    interface ToolSession extends AutoCloseable {
        ToolResult call(String tool, Map<String, Object> arguments);

        /** Gives up the connection behind this session, ending every call blocked on it (one hangs); the next call connects anew. */
        default void abandon() {
            close();
        }

        @Override
        void close();
    }

    /** Why a call could not be made. */
    final class ToolCallException extends RuntimeException {

        /**
         * REFUSED: not sent (policy or arguments); NEEDS_REAUTH: the person must sign in at the
         * vendor again; UNAVAILABLE: could not be reached, may pass, worth a retry; SERVER_ERROR:
         * the server answered with an error, retrying will not help; NOT_FOUND: no such data source.
         */
        public enum Kind { REFUSED, NEEDS_REAUTH, UNAVAILABLE, SERVER_ERROR, NOT_FOUND }

        private final Kind kind;

        public ToolCallException(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
