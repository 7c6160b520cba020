package dev.sightline.source.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.sightline.source.DataSources;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

/**
 * What business data costs in Sightline beside the engine that holds it, on the same machine in one
 * run: importing a generated CSV of daily sign-ups ({@link FileImports#load}: the bytes and the
 * header checked, DuckDB's read, a query per text column) against DuckDB's {@code read_csv} alone, and a per-day sum over a year through
 * {@link TableEngines#aggregate} (the statement of {@link TableSql}, a duplicate connection per
 * query, a time limit, a row cap, rows read into a dataset) against plain JDBC running the same
 * statement, on DuckDB and on an embedded PostgreSQL. The product's overhead on a query should stay
 * within 1.2 times the engine's own time; an import is allowed more, since it checks every row.
 * {@code ./benchmark-business [--rows N]} prints wall time, heap and p50/p95 side by side.
 */
public final class BusinessDataBenchmark {

    static final int WARMUP = 10;
    static final int RUNS = 50;
    static final int DAYS = 700;
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    /** A year well inside the data: about half the rows fall in it, the rest are filtered out. */
    static final LocalDate YEAR_START = LocalDate.of(2024, 7, 1);
    static final LocalDate YEAR_END = YEAR_START.plusYears(1);
    static final double TARGET_RATIO = 1.2;
    static final String[] PLANS = {"free", "team", "enterprise"};
    static final long WORKSPACE = 1;
    static final long FILE_SOURCE = 1;
    static final long DATABASE_SOURCE = 2;

    private static final String ROW_FORMAT = "%-44s %12s %12s %8s%n";

    public static void main(String[] args) throws Exception {
        int rows = rows(args);
        // The embedded PostgreSQL and the pool log every step at INFO: only what went wrong belongs beside the figures.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        System.out.printf(Locale.ROOT, "%nJava %s, %d CPUs, max heap %d MB, %,d rows (%d days, %d plans), %d runs after %d warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, rows, DAYS,
                PLANS.length, RUNS, WARMUP);
        Path work = Files.createTempDirectory("sightline-business-benchmark");
        TableEngines engines = new TableEngines(work.resolve("data"), new NoSecrets(), "1GB", new DatabaseAddresses(true, ""));
        EmbeddedPostgres postgres = null;
        try {
            Path csv = work.resolve("signups.csv");
            writeSignups(csv, rows);
            // The first DuckDB connection unpacks and loads the native library: not part of either import.
            DriverManager.getConnection("jdbc:duckdb:").close();

            // ---- 1. import ----
            Path staged = engines.staging(WORKSPACE);
            FileImports imports = new FileImports();
            AtomicReference<FileImports.Imported> imported = new AtomicReference<>();
            Footprint productImport = Footprint.of(() -> imported.set(imports.load(csv, "signups.csv", "signups", staged)));
            // The row-by-row reading alone: what a file DuckDB refuses costs on top, to say where it is broken.
            Footprint rowCheck = Footprint.of(() -> FileImports.checkText(csv, FileImports.delimiter(csv)));
            Path rawFile = work.resolve("raw.duckdb");
            Footprint rawImport = Footprint.of(() -> {
                try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + rawFile);
                     PreparedStatement p = db.prepareStatement("CREATE TABLE data AS SELECT * FROM read_csv(?)")) {
                    p.setString(1, csv.toString());
                    p.execute();
                }
            });
            // Where the product keeps a file source's database once added (BusinessSources moves the staged file there).
            DataSourceRecord fileSource = source(FILE_SOURCE, "Sign-ups file", DataSourceRecord.FILE, "signups.csv");
            Path sourceFile = engines.fileOf(fileSource);
            Files.createDirectories(sourceFile.getParent());
            Files.move(staged, sourceFile);

            // ---- 2. a year of day sums on DuckDB ----
            DataSources.Aggregate daySums = new DataSources.Aggregate("signups", "signups", "sum", "day", null,
                    YEAR_START.atStartOfDay(ZoneOffset.UTC).toInstant(), YEAR_END.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneId.of("UTC"));
            BusinessTables.Stored fileTable = new BusinessTables.Stored(1, FILE_SOURCE, FileImports.TABLE, imported.get().table());
            // The raw connection is opened as Sightline opens the file (DuckDB allows one configuration per open file).
            Properties readOnly = TableEngines.readOnly("1GB");
            Timings duckdb;
            try (Connection raw = DriverManager.getConnection("jdbc:duckdb:" + sourceFile, readOnly)) {
                duckdb = compare(engines, fileSource, fileTable, daySums, raw);
            }

            // ---- 3. the same on PostgreSQL ----
            postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres")).setCleanDataDirectory(true).start();
            long loading = System.nanoTime();
            try (Connection db = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"))) {
                loadPostgres(db, csv);
            }
            double loadSeconds = (System.nanoTime() - loading) / 1e9;
            DatabaseSettings settings = new DatabaseSettings("localhost", postgres.getPort(), "postgres", "postgres", "public", "disable");
            DataSourceRecord databaseSource = source(DATABASE_SOURCE, "Sign-ups database", DataSourceRecord.POSTGRESQL, settings.toJson());
            BusinessTables.Stored databaseTable = storedLikeTheProduct(settings);
            Timings postgresql;
            try (Connection raw = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"))) {
                postgresql = compare(engines, databaseSource, databaseTable, daySums, raw);
            }

            System.out.println();
            System.out.printf(Locale.ROOT, ROW_FORMAT, "", "Sightline", "raw engine", "ratio");
            row(String.format(Locale.ROOT, "import %,d-row CSV, wall s", rows), productImport.seconds(), rawImport.seconds(), "%.2f");
            System.out.printf(Locale.ROOT, ROW_FORMAT, "  row-by-row reading (refused files), s", String.format(Locale.ROOT, "%.2f", rowCheck.seconds()), "-",
                    "-");
            // DuckDB works in native memory, so the raw engine's heap is near nothing: a ratio would say nothing.
            row("import, peak heap used above start, MB", productImport.peakHeapMb(), rawImport.peakHeapMb(), "%.0f", false);
            row("import, heap allocated by the thread, MB", productImport.allocatedMb(), rawImport.allocatedMb(), "%.0f", false);
            row("DuckDB day sums over a year, p50 ms", duckdb.product().p50(), duckdb.raw().p50(), "%.2f");
            row("DuckDB day sums over a year, p95 ms", duckdb.product().p95(), duckdb.raw().p95(), "%.2f");
            row("PostgreSQL day sums over a year, p50 ms", postgresql.product().p50(), postgresql.raw().p50(), "%.2f");
            row("PostgreSQL day sums over a year, p95 ms", postgresql.product().p95(), postgresql.raw().p95(), "%.2f");
            System.out.println();
            System.out.println("Import: Sightline checks the bytes are UTF-8 and the header names every column, DuckDB reads the file, then a query");
            System.out.println("  per text column looks for NUL bytes, formulas, numbers and dates kept as text; a file DuckDB refuses is read");
            System.out.println("  row by row to say where it is broken. The raw engine is read_csv(path) alone into a fresh DuckDB file.");
            System.out.println("  Heap is the JVM's only: DuckDB's own memory is native.");
            System.out.printf(Locale.ROOT, "Day sums: %s%n", duckdb.statement());
            System.out.printf(Locale.ROOT, "  over [%s, %s): DuckDB %d days, %s; PostgreSQL %d days, %s.%n  Target ratio <= %.1fx.%n", YEAR_START,
                    YEAR_END, duckdb.days(), duckdb.sameSums() ? "same sums on both paths" : "PATHS DIFFER", postgresql.days(),
                    postgresql.sameSums() ? "same sums on both paths" : "PATHS DIFFER", TARGET_RATIO);
            System.out.println("  Sightline: TableEngines.aggregate (DuckDB: read-only file, duplicate() per query; PostgreSQL: its HikariCP pool");
            System.out.println("  with Sightline's driver settings). Raw: one open JDBC connection, the same SQL and bounds prepared per run,");
            System.out.println("  rows read with getObject. Runs alternate between the two paths.");
            System.out.printf(Locale.ROOT, "PostgreSQL %s embedded (zonky), loaded by JDBC COPY + ANALYZE in %.1f s; psql is not used, raw is plain JDBC.%n",
                    postgresVersion(postgres), loadSeconds);
        } finally {
            engines.close();
            if (postgres != null) {
                postgres.close();
            }
            deleteAll(work);
        }
    }

    private static int rows(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                int rows = Integer.parseInt(args[i + 1].replace("_", "").replace(",", ""));
                if (rows < 1) {
                    throw new IllegalArgumentException("--rows needs a positive count");
                }
                return rows;
            }
            if (!args[i].isBlank()) {
                throw new IllegalArgumentException("usage: ./benchmark-business [--rows N]");
            }
        }
        return 1_000_000;
    }

    // ---- the data ----

    /** Daily sign-ups and revenue per plan, in no particular order of days: an export is not always sorted, and a range filter then skips nothing. */
    static void writeSignups(Path csv, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(20240701);
        StringBuilder line = new StringBuilder(64);
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("day,plan,signups,revenue\n");
            for (int i = 0; i < rows; i++) {
                long cents = random.nextLong(0, 5_000_000);
                line.setLength(0);
                line.append(FIRST_DAY.plusDays(random.nextInt(DAYS))).append(',').append(PLANS[random.nextInt(PLANS.length)]).append(',')
                        .append(random.nextInt(0, 500)).append(',').append(cents / 100).append('.');
                if (cents % 100 < 10) {
                    line.append('0');
                }
                out.append(line.append(cents % 100).append('\n'));
            }
        }
    }

    private static void loadPostgres(Connection db, Path csv) throws SQLException, IOException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE public.signups (day date NOT NULL, plan text NOT NULL, signups integer NOT NULL, revenue numeric(12, 2) NOT NULL)");
        }
        try (Reader in = Files.newBufferedReader(csv)) {
            db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY public.signups FROM STDIN WITH (FORMAT csv, HEADER true)", in);
        }
        try (Statement s = db.createStatement()) {
            s.execute("ANALYZE public.signups");
        }
    }

    /** The table as BusinessSources stores it when a database is added: its columns as listed, relation schema.table, rows counted. */
    private static BusinessTables.Stored storedLikeTheProduct(DatabaseSettings settings) throws SQLException {
        try (Connection connection = TableEngines.connectOnce(settings, null, new DatabaseAddresses(true, ""))) {
            DataSources.Table listed = TableEngines.tablesOf(connection, settings.schema()).stream().filter(t -> t.name().equals("signups")).findFirst()
                    .orElseThrow();
            String relation = settings.schema() + "." + listed.name();
            return new BusinessTables.Stored(2, DATABASE_SOURCE, relation,
                    new DataSources.Table(listed.name(), listed.timeColumn(), listed.columns(), TableEngines.rowEstimate(connection, relation)));
        }
    }

    private static String postgresVersion(EmbeddedPostgres postgres) throws SQLException {
        try (Connection db = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres")); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---- the import ----

    /** A task run once on this thread: its wall time, the heap's peak above where it started, and what the thread allocated. */
    record Footprint(double seconds, double peakHeapMb, double allocatedMb) {

        interface Task {
            void run() throws Exception;
        }

        static Footprint of(Task task) throws Exception {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            // Both start from the same collected heap, so the peak is this task's garbage and live data, not the last one's.
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            long started = System.nanoTime();
            try {
                task.run();
            } finally {
                running.set(false);
            }
            long elapsed = System.nanoTime() - started;
            allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocated;
            sampler.join();
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            return new Footprint(elapsed / 1e9, (peak.get() - before) / 1048576.0, allocated / 1048576.0);
        }
    }

    // ---- the aggregate ----

    record Percentiles(double p50, double p95) {
        static Percentiles of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6);
        }
    }

    record Timings(Percentiles product, Percentiles raw, String statement, int days, boolean sameSums) {
    }

    /**
     * The aggregate through the product, then the same statement on the raw connection, alternately,
     * so load from other work on the machine falls on both alike.
     */
    private static Timings compare(TableEngines engines, DataSourceRecord source, BusinessTables.Stored table, DataSources.Aggregate aggregate,
                                   Connection raw) throws SQLException {
        // The statement the product runs, so raw JDBC runs the very same text and bounds.
        TableSql.Statement statement = TableSql.aggregate(TableSql.relation(table.relation()), table.table(), aggregate);
        long[] product = new long[RUNS];
        long[] plain = new long[RUNS];
        double productSum = 0;
        double rawSum = 0;
        int productDays = 0;
        int rawDays = 0;
        for (int run = 0; run < WARMUP + RUNS; run++) {
            long started = System.nanoTime();
            DataSources.TableResult result = engines.aggregate(source, table, aggregate);
            long between = System.nanoTime();
            double sum = 0;
            int days = 0;
            try (PreparedStatement p = raw.prepareStatement(statement.sql())) {
                for (int i = 0; i < statement.parameters().size(); i++) {
                    p.setObject(i + 1, statement.parameters().get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                        sum += ((Number) rs.getObject(2)).doubleValue();
                        days++;
                    }
                }
            }
            long ended = System.nanoTime();
            if (run >= WARMUP) {
                product[run - WARMUP] = between - started;
                plain[run - WARMUP] = ended - between;
            }
            productSum = result.data().rows().stream().mapToDouble(r -> ((Number) r.get(1)).doubleValue()).sum();
            productDays = (int) result.data().totalRows();
            rawSum = sum;
            rawDays = days;
        }
        return new Timings(Percentiles.of(product), Percentiles.of(plain), statement.sql(), productDays, productDays == rawDays && productSum == rawSum);
    }

    // ---- printing and plumbing ----

    private static void row(String name, double sightline, double raw, String format) {
        row(name, sightline, raw, format, true);
    }

    private static void row(String name, double sightline, double raw, String format, boolean ratio) {
        System.out.printf(Locale.ROOT, ROW_FORMAT, name, String.format(Locale.ROOT, format, sightline), String.format(Locale.ROOT, format, raw),
                ratio && raw > 0 ? String.format(Locale.ROOT, "%.2fx", sightline / raw) : "-");
    }

    /** A data source as stored, with only what reading its tables needs. */
    private static DataSourceRecord source(long id, String name, String connector, String settings) {
        return new DataSourceRecord(id, WORKSPACE, 1, name, connector, null, DataSourceRecord.NONE, DataSourceRecord.CONNECTED, null, null, null, null, null,
                null, null, null, null, null, null, null, List.of(), java.util.Set.of(), null, null, settings, false);
    }

    /** No source here has a sealed password: the embedded PostgreSQL trusts local connections. */
    private static final class NoSecrets implements CredentialVault {
        @Override
        public String seal(String secret, CredentialSlot slot) {
            throw new UnsupportedOperationException("nothing is sealed in the benchmark");
        }

        @Override
        public String open(String sealed, CredentialSlot slot) {
            throw new UnsupportedOperationException("nothing is sealed in the benchmark");
        }

        @Override
        public boolean isStale(String sealed) {
            return false;
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private BusinessDataBenchmark() {
    }
}
