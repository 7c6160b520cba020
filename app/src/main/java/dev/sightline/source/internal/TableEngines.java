package dev.sightline.source.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sightline.dataset.Dataset;
import dev.sightline.source.DataSources;
import dev.sightline.vault.CredentialVault;
import jakarta.annotation.PreDestroy;
import org.duckdb.DuckDBConnection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where business data is read: a file source's DuckDB database (opened read-only, one per source,
 * each query on its own duplicate connection) and a database source's small read-only pool.
 * Every statement runs read-only, with a time limit and a row cap.
 */
@Component
class TableEngines {

    /** A query's time limit: an aggregate over millions of rows takes well under this. */
    static final int STATEMENT_SECONDS = 30;

    private final Path filesDir;
    private final CredentialVault vault;
    private final DatabaseAddresses addresses;
    /**
     * Open file databases by path: a file added again is a new path, so nobody is handed the old
     * data from a cache. At most {@link #OPEN_FILES} stay open, and one unused for ten minutes is
     * closed, so the sources' memory (up to the limit each) is not held for good; a query still
     * running on a closed one finishes, as DuckDB keeps a database until its last connection goes.
     */
    private final com.github.benmanes.caffeine.cache.Cache<Path, DuckDBConnection> open = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(OPEN_FILES).expireAfterAccess(java.time.Duration.ofMinutes(10))
            .removalListener((Path path, DuckDBConnection connection, com.github.benmanes.caffeine.cache.RemovalCause cause) -> closeQuietly(connection))
            .build();
    private final Map<Path, DuckDBConnection> files = open.asMap();
    /** File sources open at once. */
    static final int OPEN_FILES = 16;
    private final Map<Long, HikariDataSource> databases = new ConcurrentHashMap<>();

    private final String memoryLimit;

    TableEngines(@Value("${sightline.data-dir}") Path dataDir, CredentialVault vault, @Value("${sightline.files.memory-limit:1GB}") String memoryLimit,
                 DatabaseAddresses addresses) {
        this.filesDir = dataDir.resolve("files");
        this.vault = vault;
        this.addresses = addresses;
        if (!memoryLimit.matches("\\d{1,6}\\s?[KMGT]i?B")) {
            throw new IllegalArgumentException("sightline.files.memory-limit must look like 512MB or 2GB, not " + memoryLimit);
        }
        this.memoryLimit = memoryLimit;
        removeLeftovers();
    }

    /**
     * A file source's database: under the data directory, per workspace, named by the source and
     * its generation (stored in the source's settings), so that adding the file again or changing
     * a type writes a new file beside the one queries may still be reading.
     */
    Path fileOf(DataSourceRecord source) {
        String name = source.settings() != null && source.settings().matches("source-\\d+-\\d+\\.duckdb") ? source.settings()
                : "source-" + source.id() + ".duckdb";
        return filesDir.resolve("workspace-" + source.workspaceId()).resolve(name);
    }

    /** A new generation's file for a source, not yet in use. */
    Path newFile(long workspaceId, long dataSourceId) {
        return filesDir.resolve("workspace-" + workspaceId).resolve("source-" + dataSourceId + "-" + System.currentTimeMillis() + System.nanoTime() % 1000 + ".duckdb");
    }

    /** Where an import is written before it becomes a source's file. */
    Path staging(long workspaceId) {
        return filesDir.resolve("workspace-" + workspaceId).resolve("staged-" + System.nanoTime() + ".duckdb");
    }

    /** Imports cut short by a stop leave staged files behind: nothing refers to them. */
    private void removeLeftovers() {
        if (!Files.isDirectory(filesDir)) {
            return;
        }
        // Only those a day old: nodes that share the data directory may be importing into the others right now.
        java.nio.file.attribute.FileTime dayAgo = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        try (var files = Files.find(filesDir, 2, (path, attributes) -> attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(dayAgo) < 0
                && path.getFileName().toString().matches("staged-\\d+\\.duckdb(\\.wal)?|.*\\.importing(\\.wal)?"))) {
            for (Path leftover : files.toList()) {
                Files.deleteIfExists(leftover);
            }
        } catch (java.io.IOException e) {
            // Leftovers only take space; the next start tries again.
        }
    }

    /** Closes what is open on a source before its data is replaced or it is removed; queries already running finish on what they hold. */
    void forget(long dataSourceId) {
        for (Path path : List.copyOf(files.keySet())) {
            String name = path.getFileName().toString();
            if (name.equals("source-" + dataSourceId + ".duckdb") || name.startsWith("source-" + dataSourceId + "-")) {
                open.invalidate(path);
            }
        }
        HikariDataSource pool = databases.remove(dataSourceId);
        if (pool != null) {
            // Closing a pool aborts the connections in use: idle ones go now, those in use when given back, and the pool
            // itself once any statement still running would have hit its time limit.
            if (pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            java.util.concurrent.CompletableFuture.delayedExecutor(STATEMENT_SECONDS + 10, java.util.concurrent.TimeUnit.SECONDS).execute(pool::close);
        }
    }

    /** Runs an aggregate on the source's engine and reads its rows. */
    DataSources.TableResult aggregate(DataSourceRecord source, BusinessTables.Stored table, DataSources.Aggregate aggregate) {
        TableSql.Statement statement;
        try {
            statement = TableSql.aggregate(TableSql.relation(table.relation()), table.table(), aggregate);
        } catch (IllegalArgumentException e) {
            throw new DataSources.ToolCallException(DataSources.ToolCallException.Kind.REFUSED, e.getMessage());
        }
        long started = System.nanoTime();
        try (Connection connection = connect(source); PreparedStatement p = connection.prepareStatement(statement.sql())) {
            p.setQueryTimeout(STATEMENT_SECONDS);
            for (int i = 0; i < statement.parameters().size(); i++) {
                p.setObject(i + 1, statement.parameters().get(i));
            }
            Dataset.Builder rows = Dataset.builder(statement.columns());
            List<List<Object>> all = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                int n = statement.columns().size();
                while (rs.next()) {
                    if (all.size() == TableSql.MAX_ROWS) {
                        // An answer from the rows that fit would look whole and be wrong: refused, with what to ask instead.
                        throw new DataSources.ToolCallException(DataSources.ToolCallException.Kind.REFUSED, String.format(java.util.Locale.ROOT,
                                "The question splits %s into more than %,d rows, more than an answer can show whole. Ask for fewer: a shorter "
                                        + "period, a coarser grain (weeks, months), or without splitting by %s.", table.table().name(), TableSql.MAX_ROWS,
                                aggregate.groupBy() != null ? aggregate.groupBy() : "period"));
                    }
                    List<Object> row = new ArrayList<>(n);
                    for (int c = 0; c < n; c++) {
                        row.add(cell(rs.getObject(c + 1)));
                    }
                    rows.row(row);
                    all.add(row);
                }
            }
            return new DataSources.TableResult(rows.build(), all, statement.sql(), (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw failure(source, table, e);
        }
    }

    /** A file source's first rows, for its page. */
    List<List<Object>> preview(DataSourceRecord source, int rows) {
        try (Connection connection = connect(source)) {
            return FileImports.preview(connection, rows);
        } catch (SQLException e) {
            throw new ConnectionException("The file's data could not be read: " + Texts.shorten(e.getMessage(), 200));
        }
    }

    /** A JDBC value as a table cell: numbers stay numbers, dates and times become ISO text. */
    private static Object cell(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value instanceof java.math.BigDecimal big ? big.doubleValue() : value;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toString();
        }
        return value.toString();
    }

    /** A connection to the source's data as questions read it (a file's is read-only). */
    Connection connect(DataSourceRecord source) throws SQLException {
        if (DataSourceRecord.FILE.equals(source.connector())) {
            Path file = fileOf(source);
            try {
                return files.computeIfAbsent(file, f -> openFile(source, f)).duplicate();
            } catch (SQLException closed) {
                // Closed by the cache between finding and duplicating it: open it again, once.
                open.invalidate(file);
                return files.computeIfAbsent(file, f -> openFile(source, f)).duplicate();
            }
        }
        return databases.computeIfAbsent(source.id(), id -> pool(source)).getConnection();
    }

    private DuckDBConnection openFile(DataSourceRecord source, Path file) {
        if (!Files.exists(file)) {
            throw new DataSources.ToolCallException(DataSources.ToolCallException.Kind.SERVER_ERROR,
                    "The data of " + source.name() + " is gone from the data directory: add the file again on its page.");
        }
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, readOnly(memoryLimit));
        } catch (SQLException e) {
            throw new DataSources.ToolCallException(DataSources.ToolCallException.Kind.SERVER_ERROR,
                    "The data of " + source.name() + " could not be opened: " + Texts.shorten(e.getMessage(), 200));
        }
    }

    /**
     * How a file source's database is opened to answer: read-only, and bounded, as DuckDB takes 80 %
     * of the memory and every core by default, per open file. Every connection to one file in this
     * process must be opened alike: DuckDB refuses a second configuration for a file already open.
     */
    static Properties readOnly(String memoryLimit) {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        properties.setProperty("memory_limit", memoryLimit);
        properties.setProperty("threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())));
        // Answering reads this one file: no other file, no URL, no extension fetched, and no statement may change that.
        properties.setProperty("enable_external_access", "false");
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("lock_configuration", "true");
        return properties;
    }

    private static void closeQuietly(DuckDBConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a read-only connection cannot lose anything.
            }
        }
    }

    // ---- PostgreSQL ----

    private HikariDataSource pool(DataSourceRecord source) {
        DatabaseSettings settings = DatabaseSettings.fromJson(source.settings());
        String password = source.apiKey() == null ? null : vault.open(source.apiKey(), DataSourceSessions.slot(source.id(), "api_key"));
        HikariConfig config = new HikariConfig();
        config.setPoolName("business-" + source.id());
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(password);
        config.setReadOnly(true);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        driverProperties(settings, addresses).forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    /** The driver's settings for a source's connections, pooled or not: the source's, and the address check on every socket. */
    private static Map<String, String> driverProperties(DatabaseSettings settings, DatabaseAddresses addresses) {
        Map<String, String> properties = new LinkedHashMap<>(settings.properties());
        properties.putAll(addresses.driverProperties());
        return properties;
    }

    /** A connection made once with these settings, outside any pool: the check before a database source is saved. */
    static Connection connectOnce(DatabaseSettings settings, String password, DatabaseAddresses addresses) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(driverProperties(settings, addresses));
        properties.setProperty("user", settings.user());
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties);
        connection.setReadOnly(true);
        return connection;
    }

    /** The tables and views of the schema, each with its columns, as the database types them. */
    static List<DataSources.Table> tablesOf(Connection connection, String schema) throws SQLException {
        Map<String, List<DataSources.Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT c.table_name, c.column_name, upper(c.data_type) FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = ? ORDER BY c.table_name, c.ordinal_position""")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new DataSources.Column(rs.getString(2), rs.getString(3), List.of()));
                }
            }
        }
        List<DataSources.Table> tables = new ArrayList<>();
        for (Map.Entry<String, List<DataSources.Column>> e : columns.entrySet()) {
            String time = e.getValue().stream().filter(DataSources.Column::temporal).map(DataSources.Column::name).findFirst().orElse(null);
            tables.add(new DataSources.Table(e.getKey(), time, e.getValue(), -1));
        }
        return tables;
    }

    /**
     * How many rows a table has, from the planner's statistics: counting a production table row by
     * row when a source is added would load the database and could outlast the time limit. -1 when
     * the table was never analysed.
     */
    static long rowEstimate(Connection connection, String relation) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            p.setString(1, TableSql.relation(relation));
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Math.max(rs.getLong(1), -1) : -1;
            }
        }
    }

    /** What a failed statement means to the person: which table or column is gone, which login failed, what was unreachable. */
    private static DataSources.ToolCallException failure(DataSourceRecord source, BusinessTables.Stored table, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = DatabaseSettings.explain(e);
        DataSources.ToolCallException.Kind kind = state.startsWith("08") || state.startsWith("57P") ? DataSources.ToolCallException.Kind.UNAVAILABLE
                : DataSources.ToolCallException.Kind.SERVER_ERROR;
        if ("42P01".equals(state) || "42703".equals(state) || (e.getMessage() != null && e.getMessage().contains("Binder Error"))) {
            message = "The table " + table.table().name() + " of " + source.name() + " changed since it was added (" + Texts.shorten(e.getMessage().lines()
                    .findFirst().orElse(""), 160) + "). Open the data source to read its columns again.";
        }
        return new DataSources.ToolCallException(kind, message);
    }

    @PreDestroy
    void close() {
        open.invalidateAll();
        open.cleanUp();
        for (Long id : List.copyOf(databases.keySet())) {
            forget(id);
        }
    }
}
