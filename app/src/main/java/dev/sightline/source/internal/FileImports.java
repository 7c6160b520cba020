package dev.sightline.source.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sightline.source.DataSources;
import dev.sightline.storage.PrivateFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * Turns an uploaded file into a DuckDB database file holding one table, {@value #TABLE}. A text
 * file is checked first, row by row, so a broken one is refused with the row and column that are
 * wrong; DuckDB's sniffer then reads it (types, dates, quotes, BOM). The database is written beside
 * its final place and moved there only when whole: a failed import leaves nothing behind.
 */
@Component
class FileImports {

    static final String TABLE = "data";
    /** Rows shown on the source's page, with the types read. */
    static final int PREVIEW_ROWS = 20;
    /**
     * The most rows a file may hold. The upload limit bounds a text file's rows, not a Parquet
     * file's: run-length encoding lets a few megabytes stand for billions of rows, which would keep
     * an import busy for hours and fill the disk.
     */
    static final long MAX_ROWS = 100_000_000;
    /** Imports at once on this node: each uses every core while it reads, and memory up to its limit. */
    private static final int AT_ONCE = 2;

    private final long maxRows;
    private final java.util.concurrent.Semaphore turns;
    private final java.time.Duration wait;

    FileImports() {
        this(MAX_ROWS);
    }

    FileImports(long maxRows) {
        this(maxRows, AT_ONCE, java.time.Duration.ofMinutes(1));
    }

    FileImports(long maxRows, int atOnce, java.time.Duration wait) {
        this.maxRows = maxRows;
        this.turns = new java.util.concurrent.Semaphore(atOnce, true);
        this.wait = wait;
    }

    /** One of the imports allowed at once on this node, held until closed. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits (a while) for a turn to import; refused with a sentence when none comes. */
    Turn turn() {
        try {
            if (!turns.tryAcquire(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new ConnectionException("Sightline is adding other files right now; try again in a minute.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("The file was not added: Sightline is stopping.");
        }
        return turns::release;
    }

    private static final Pattern US_THOUSANDS = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?|-?\\d{1,3}(\\.\\d+)?");
    private static final Pattern EU_THOUSANDS = Pattern.compile("-?\\d{1,3}(\\.\\d{3})+(,\\d+)?|-?\\d{1,3}(,\\d+)?");

    /** What was read: the table, its first rows, and what the reader should know (formula cells, columns kept as text). */
    record Imported(DataSources.Table table, List<String> warnings) {
    }

    /** The kinds of file read, by name: Excel workbooks are named so their refusal can say what to do. */
    enum Kind { CSV, TSV, PARQUET }

    static Kind kind(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return Kind.CSV;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return Kind.TSV;
        }
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return Kind.PARQUET;
        }
        if (name.endsWith(".xlsx") || name.endsWith(".xls") || name.endsWith(".ods")) {
            throw new ConnectionException("Spreadsheets are not read directly: save the sheet as CSV (File → Save as → CSV) and add that file.");
        }
        throw new ConnectionException("Sightline reads CSV, TSV and Parquet files (.csv, .tsv, .txt, .parquet); \"" + Texts.shorten(fileName, 80)
                + "\" is none of these.");
    }

    /**
     * Reads {@code upload} (named {@code fileName} by the person) into a new database at {@code target},
     * replacing what was there only when the whole file was read.
     */
    Imported load(Path upload, String fileName, String tableName, Path target) {
        Kind kind = kind(fileName);
        try (Turn turn = turn()) {
            return loadInTurn(upload, fileName, tableName, target, kind);
        }
    }

    private Imported loadInTurn(Path upload, String fileName, String tableName, Path target, Kind kind) {
        List<String> warnings = new ArrayList<>();
        try {
            if (Files.size(upload) == 0) {
                throw new ConnectionException("The file is empty: there is nothing to add.");
            }
            char delimiter = 0;
            long lines = 0;
            int columns = 0;
            if (kind == Kind.PARQUET) {
                checkParquet(upload);
            } else {
                lines = checkEncoding(upload);
                checkRows(lines - 1);
                delimiter = kind == Kind.TSV ? '\t' : delimiter(upload);
                columns = checkHeader(upload, delimiter);
            }
            PrivateFiles.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".importing");
            Files.deleteIfExists(partial);
            try {
                DataSources.Table table;
                java.util.Properties bounded = new java.util.Properties();
                // An import reads one file: a bounded share of memory, spilling to disk beyond it, whatever else runs.
                bounded.setProperty("memory_limit", "2GB");
                try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + partial, bounded)) {
                    if (kind == Kind.PARQUET) {
                        checkRows(parquetRows(db, upload));
                    }
                    read(db, upload, kind, delimiter);
                    if (kind != Kind.PARQUET) {
                        DataSources.Table read = describe(db, tableName);
                        // DuckDB can read a broken file as something else (a ragged last row, say, as no rows at all): a row or a
                        // column that went missing sends the file through the row-by-row reading, which says where it is broken.
                        // Rows with a line break inside quotes are the honest reason for fewer rows than lines.
                        if (read.rows() != lines - 1 || read.columns().size() != columns) {
                            checkText(upload, delimiter);
                        }
                        warnings.addAll(textChecks(db, upload, delimiter));
                    }
                    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            throw new ConnectionException("The file has a header but no rows: there is nothing to add.");
                        }
                    }
                    warnings.addAll(numbersWithSeparators(db, delimiter));
                    warnings.addAll(mostlyTyped(db));
                    table = describe(db, tableName);
                    checkColumns(table);
                }
                // DuckDB creates its file with the process's default permissions; the data stays the owner's.
                PrivateFiles.restrict(partial);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new Imported(table, warnings);
            } finally {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(partial.resolveSibling(partial.getFileName() + ".wal"));
            }
        } catch (IOException e) {
            throw new ConnectionException("The file could not be stored: " + e.getMessage());
        } catch (SQLException e) {
            // The engine's words, without where the server keeps the upload.
            String message = firstLine(e.getMessage()).replace(upload.toString(), fileName).replace(upload.getParent().toString(), "…")
                    .replaceAll("'/[^']*'", java.util.regex.Matcher.quoteReplacement("'" + fileName + "'"));
            throw new ConnectionException("The file could not be read: " + message);
        }
    }

    /**
     * The whole file decoded as UTF-8 before anything else reads it, counting lines, so a byte
     * that is not UTF-8 (a binary file, another encoding) is refused by the line it is on. Returns
     * the lines that are not blank, the header's included.
     */
    static long checkEncoding(Path upload) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(64 * 1024);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(64 * 1024);
        long line = 1;
        long filled = 0;
        boolean blank = true;
        try (var in = java.nio.channels.FileChannel.open(upload)) {
            boolean end = false;
            while (!end) {
                end = in.read(bytes) < 0;
                bytes.flip();
                java.nio.charset.CoderResult result = decoder.decode(bytes, chars, end);
                chars.flip();
                for (int i = 0; i < chars.limit(); i++) {
                    char c = chars.get(i);
                    if (c == '\n') {
                        line++;
                        filled += blank ? 0 : 1;
                        blank = true;
                    } else if (c != '\r' && c != '\uFEFF' && !Character.isWhitespace(c)) {
                        blank = false;
                    }
                }
                chars.clear();
                if (result.isError()) {
                    throw new ConnectionException("Row " + Texts.number(line) + " is not UTF-8 text: this looks like a binary file or another encoding. "
                            + "Save the file as CSV in UTF-8 and add it again. Nothing was added.");
                }
                bytes.compact();
            }
        }
        return filled + (blank ? 0 : 1);
    }

    /** The table's columns with the engine's types, its row count, and its first time column as the one that says when. */
    static DataSources.Table describe(Connection db, String tableName) throws SQLException {
        List<DataSources.Column> columns = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE " + TABLE)) {
            while (rs.next()) {
                columns.add(new DataSources.Column(rs.getString(1), rs.getString(2), List.of()));
            }
        }
        long rows;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            rows = rs.getLong(1);
        }
        String time = columns.stream().filter(DataSources.Column::temporal).map(DataSources.Column::name).findFirst().orElse(null);
        return new DataSources.Table(tableName, time, columns, rows);
    }

    /** The first rows, as the page shows them. */
    static List<List<Object>> preview(Connection db, int rows) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + TABLE + " LIMIT " + rows)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int c = 1; c <= n; c++) {
                    Object value = rs.getObject(c);
                    row.add(value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
                }
                out.add(row);
            }
        }
        return out;
    }

    /**
     * The file into the table. DuckDB reads a well-formed file on its own, as fast as it can; when
     * it refuses one, the file is read here row by row to say where it is broken, and if nothing is,
     * DuckDB reads it again sampling every row for the types (a number column with text late in
     * the file).
     */
    private static void read(Connection db, Path upload, Kind kind, char delimiter) throws SQLException, IOException {
        try {
            read(db, upload, kind, delimiter, false);
        } catch (SQLException refused) {
            if (kind == Kind.PARQUET) {
                throw refused;
            }
            checkText(upload, delimiter);
            read(db, upload, kind, delimiter, true);
        }
    }

    private static void read(Connection db, Path upload, Kind kind, char delimiter, boolean everyRow) throws SQLException {
        String sql = kind == Kind.PARQUET ? "CREATE TABLE " + TABLE + " AS SELECT * FROM read_parquet(?)"
                : "CREATE TABLE " + TABLE + " AS SELECT * FROM read_csv(?, delim = ?, header = true, quote = '\"', escape = '\"', strict_mode = true"
                        + (everyRow ? ", sample_size = -1)" : ")");
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setString(1, upload.toString());
            if (kind != Kind.PARQUET) {
                p.setString(2, String.valueOf(delimiter));
            }
            p.execute();
        }
    }

    /**
     * What DuckDB accepts but a person should hear about, found with a query per text column: a
     * NUL byte (refused, the file read row by row to say where), and cells a spreadsheet would
     * run as a formula (kept as text, counted, the first one named).
     */
    private static List<String> textChecks(Connection db, Path upload, char delimiter) throws SQLException, IOException {
        long formulas = 0;
        long firstRow = Long.MAX_VALUE;
        String first = null;
        for (DataSources.Column column : describe(db, TABLE).columns()) {
            if (!column.type().equalsIgnoreCase("VARCHAR")) {
                continue;
            }
            String c = quote(column.name());
            String formula = "(" + c + " LIKE '=%' OR " + c + " LIKE '@%' OR ((" + c + " LIKE '+%' OR " + c + " LIKE '-%') AND length(" + c + ") > 1"
                    + " AND NOT regexp_full_match(trim(substr(" + c + ", 2)), '[0-9.,eE+-]+')))";
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE strpos(" + c + ", chr(0)) > 0), "
                    + "count(*) FILTER (WHERE " + formula + "), min(rowid) FILTER (WHERE " + formula + ") FROM " + TABLE)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    checkText(upload, delimiter);
                    throw new ConnectionException("Column " + column.name() + " holds a NUL byte: this looks like a binary file, not CSV text. Nothing was added.");
                }
                formulas += rs.getLong(2);
                long row = rs.getLong(3);
                if (rs.getLong(2) > 0 && row < firstRow) {
                    firstRow = row;
                    first = "row " + Texts.number(row + 2) + ", column " + column.name() + " (\"" + Texts.shorten(value(db, column.name(), row), 30) + "\")";
                }
            }
        }
        return formulas == 0 ? List.of() : List.of(Texts.number(formulas) + " cell" + (formulas == 1 ? " looks" : "s look") + " like a spreadsheet formula, first at "
                + first + ": kept as plain text, never run; downloads of answers mark such cells so spreadsheets do not run them either.");
    }

    /**
     * "1,234.50" or "1.234,50" in every row of a text column: numbers with thousands separators,
     * which DuckDB's sniffer leaves as text. Read as numbers, and said so.
     */
    private static List<String> numbersWithSeparators(Connection db, char delimiter) throws SQLException {
        List<String> warnings = new ArrayList<>();
        for (DataSources.Column column : describe(db, TABLE).columns()) {
            if (!column.type().equalsIgnoreCase("VARCHAR")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT " + quote(column.name()) + " FROM " + TABLE + " WHERE " + quote(column.name())
                         + " IS NOT NULL LIMIT 10000")) {
                while (rs.next()) {
                    values.add(rs.getString(1).strip());
                }
            }
            if (values.isEmpty() || values.size() >= 10000) {
                continue;
            }
            // A comma decimal needs a separator other than the comma between fields; where there is one, it is the likelier
            // reading ("0,250;1,500" are a quarter and one and a half, not 250 and 1,500).
            boolean eu = delimiter != ',' && values.stream().allMatch(v -> EU_THOUSANDS.matcher(v).matches())
                    && values.stream().anyMatch(v -> v.contains(",") || v.contains("."));
            boolean us = !eu && values.stream().allMatch(v -> US_THOUSANDS.matcher(v).matches()) && values.stream().anyMatch(v -> v.contains(","));
            if (!us && !eu) {
                continue;
            }
            String cleaned = us ? "replace(trim(" + quote(column.name()) + "), ',', '')"
                    : "replace(replace(trim(" + quote(column.name()) + "), '.', ''), ',', '.')";
            try (Statement s = db.createStatement()) {
                s.execute("ALTER TABLE " + TABLE + " ALTER " + quote(column.name()) + " TYPE DOUBLE USING CAST(" + cleaned + " AS DOUBLE)");
            }
            warnings.add("Column " + column.name() + " had numbers written with thousands separators (such as \"" + values.get(0)
                    + "\"): they were read as numbers.");
        }
        return warnings;
    }

    /** A text column that is numbers or dates but for a few rows: kept as text, and the first odd row named so it can be fixed. */
    private static List<String> mostlyTyped(Connection db) throws SQLException {
        List<String> warnings = new ArrayList<>();
        for (DataSources.Column column : describe(db, TABLE).columns()) {
            if (!column.type().equalsIgnoreCase("VARCHAR")) {
                continue;
            }
            for (String[] type : new String[][] {{"DOUBLE", "numbers"}, {"DATE", "dates"}}) {
                String c = quote(column.name());
                try (Statement s = db.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE TRY_CAST(" + c + " AS " + type[0] + ") IS NOT NULL), count(" + c + "), "
                             + "min(rowid) FILTER (WHERE " + c + " IS NOT NULL AND TRY_CAST(" + c + " AS " + type[0] + ") IS NULL) FROM " + TABLE)) {
                    rs.next();
                    long typed = rs.getLong(1);
                    long all = rs.getLong(2);
                    if (all > 0 && typed == all && type[0].equals("DOUBLE") && !identifiers(db, column.name())) {
                        // "+5", "-3", "+2.5": numbers with a sign, which the sniffer leaves as text; every one of them converts.
                        try (Statement alter = db.createStatement()) {
                            alter.execute("ALTER TABLE " + TABLE + " ALTER " + c + " TYPE DOUBLE USING TRY_CAST(" + c + " AS DOUBLE)");
                        }
                        break;
                    }
                    if (all > 0 && typed >= all * 0.8 && typed < all) {
                        long row = rs.getLong(3);
                        String odd = value(db, column.name(), row);
                        warnings.add("Column " + column.name() + " is " + type[1] + " except in " + (all - typed) + " row" + (all - typed == 1 ? "" : "s")
                                + ", such as row " + (row + 2) + " (\"" + Texts.shorten(odd, 40) + "\"): it is kept as text. Fix those rows and add the file again, "
                                + "or change the column's type below to leave them empty.");
                        break;
                    }
                }
            }
        }
        return warnings;
    }

    /** "+4915112345678": a phone number or an id with a sign is no quantity, so it stays text. */
    private static boolean identifiers(Connection db, String column) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE regexp_full_match(trim("
                + quote(column) + "), '\\+?0?\\d{8,}')")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static String value(Connection db, String column, long rowid) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT " + quote(column) + " FROM " + TABLE + " WHERE rowid = ?")) {
            p.setLong(1, rowid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    /** An identifier in double quotes, its own quotes doubled: column names come from files and databases, never from questions. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // ---- checks before DuckDB reads the file ----

    private static void checkParquet(Path upload) throws IOException {
        long size = Files.size(upload);
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (var file = java.nio.channels.FileChannel.open(upload)) {
            if (size < 12 || file.read(java.nio.ByteBuffer.wrap(head), 0) < 4 || file.read(java.nio.ByteBuffer.wrap(tail), size - 4) < 4
                    || !new String(head, StandardCharsets.ISO_8859_1).equals("PAR1") || !new String(tail, StandardCharsets.ISO_8859_1).equals("PAR1")) {
                throw new ConnectionException("This is not a Parquet file (it does not start and end with Parquet's marker), though it is named .parquet.");
            }
        }
    }

    /** The most columns a file may have, and the longest column name: what a source's description can hold. */
    static final int MAX_COLUMNS = 500;
    static final int MAX_COLUMN_NAME = 200;

    private static void checkColumns(DataSources.Table table) {
        if (table.columns().size() > MAX_COLUMNS) {
            throw new ConnectionException(String.format(Locale.ROOT, "The file has %,d columns; Sightline adds files of up to %d. Keep the columns "
                    + "questions need.", table.columns().size(), MAX_COLUMNS));
        }
        for (DataSources.Column column : table.columns()) {
            if (column.name().length() > MAX_COLUMN_NAME) {
                throw new ConnectionException("The column \"" + Texts.shorten(column.name(), 60) + "\" has a name of " + column.name().length()
                        + " characters; give it a name of up to " + MAX_COLUMN_NAME + ".");
            }
        }
    }

    private void checkRows(long rows) {
        if (rows > maxRows) {
            throw new ConnectionException(String.format(Locale.ROOT, "The file holds %,d rows; Sightline adds files of up to %,d rows. "
                    + "Add a part of it, or a summary (a row per day, say).", rows, maxRows));
        }
    }

    /** A Parquet file's rows as its footer counts them, read before any row is. */
    private static long parquetRows(Connection db, Path upload) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(?)")) {
            p.setString(1, upload.toString());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The field separator: whichever of , ; tab | splits the header line most, outside quotes; a comma for a single column. */
    static char delimiter(Path upload) throws IOException {
        String line;
        try (var reader = Files.newBufferedReader(upload, StandardCharsets.ISO_8859_1)) {
            line = reader.readLine();
        }
        Map<Character, Integer> counts = new LinkedHashMap<>();
        for (char c : new char[] {',', ';', '\t', '|'}) {
            counts.put(c, 0);
        }
        boolean quoted = false;
        for (char c : (line == null ? "" : line).toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && counts.containsKey(c)) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(',');
    }

    /** The header line alone: every column named, no name twice; a file of blank lines has none. Returns how many columns it names. */
    static int checkHeader(Path upload, char delimiter) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(upload, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(reader, format)) {
            var records = parser.iterator();
            if (!records.hasNext()) {
                throw new ConnectionException("The file has no header line: the first line must name the columns.");
            }
            return headerOf(records.next()).size();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new ConnectionException("Row 1 could not be read: " + firstLine(e.getMessage()) + " Nothing was added.");
        }
    }

    /**
     * Reads the whole file once as UTF-8 text: a binary file, bytes that are not UTF-8, a header
     * without names, a row with more or fewer values than the header, or no rows at all is refused
     * with where it is. Spreadsheet formulas are kept as text (they are never run), and said.
     */
    static List<String> checkText(Path upload, char delimiter) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        List<String> warnings = new ArrayList<>();
        long row = 0;
        try (InputStream in = Files.newInputStream(upload); Reader reader = new InputStreamReader(in, decoder); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = null;
            long formulas = 0;
            String firstFormula = null;
            for (CSVRecord record : parser) {
                row++;
                if (header == null) {
                    header = headerOf(record);
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new ConnectionException("Row " + Texts.number(row) + " has " + record.size() + " value" + (record.size() == 1 ? "" : "s")
                            + " but the header has " + header.size() + " columns (" + Texts.shorten(String.join(", ", header), 80)
                            + "): every row needs one value per column. Nothing was added.");
                }
                for (int c = 0; c < record.size(); c++) {
                    String value = record.get(c);
                    if (value.indexOf('\0') >= 0) {
                        throw new ConnectionException("Row " + Texts.number(row) + ", column " + header.get(c)
                                + " holds a NUL byte: this looks like a binary file, not CSV text. Nothing was added.");
                    }
                    if (formula(value)) {
                        formulas++;
                        if (firstFormula == null) {
                            firstFormula = "row " + Texts.number(row) + ", column " + header.get(c) + " (\"" + Texts.shorten(value, 30) + "\")";
                        }
                    }
                }
            }
            if (header == null) {
                throw new ConnectionException("The file has no header line: the first line must name the columns.");
            }
            if (row == 1) {
                throw new ConnectionException("The file has a header but no rows: there is nothing to add.");
            }
            if (formulas > 0) {
                warnings.add(Texts.number(formulas) + " cell" + (formulas == 1 ? " looks" : "s look") + " like a spreadsheet formula, first at " + firstFormula
                        + ": kept as plain text, never run; downloads of answers mark such cells so spreadsheets do not run them either.");
            }
        } catch (CharacterCodingException e) {
            throw new ConnectionException("Row " + Texts.number(row + 1) + " is not UTF-8 text: this looks like a binary file or another encoding. "
                    + "Save the file as CSV in UTF-8 and add it again. Nothing was added.");
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new ConnectionException("Row " + Texts.number(row + 1) + " is not UTF-8 text: this looks like a binary file or another encoding. "
                        + "Save the file as CSV in UTF-8 and add it again. Nothing was added.");
            }
            throw new ConnectionException("Row " + Texts.number(row + 1) + " could not be read: " + firstLine(e.getMessage()) + " Nothing was added.");
        } catch (IllegalStateException e) {
            // commons-csv: an opened quote never closed, or text after a closing quote.
            throw new ConnectionException("Row " + Texts.number(row + 1) + " could not be read: " + firstLine(e.getMessage())
                    + " (a quote opened and never closed, perhaps). Nothing was added.");
        }
        return warnings;
    }

    private static List<String> headerOf(CSVRecord record) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < record.size(); c++) {
            String name = record.get(c).replace("\uFEFF", "").strip();
            if (name.isEmpty()) {
                throw new ConnectionException("Column " + (c + 1) + " of the header has no name: the first line must name every column.");
            }
            if (name.indexOf('\0') >= 0) {
                throw new ConnectionException("The header holds a NUL byte: this looks like a binary file, not CSV text.");
            }
            Integer before = seen.put(name.toLowerCase(Locale.ROOT), c + 1);
            if (before != null) {
                throw new ConnectionException("Columns " + before + " and " + (c + 1) + " are both named \"" + Texts.shorten(name, 40)
                        + "\": give each column its own name.");
            }
            names.add(name);
        }
        return names;
    }

    /** A cell a spreadsheet would run: =, @, or + and - when what follows is not a number. */
    static boolean formula(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '=' || first == '@') {
            return true;
        }
        return (first == '+' || first == '-') && value.length() > 1 && !value.substring(1).strip().matches("[0-9.,eE+-]+");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error.";
        }
        String line = message.lines().findFirst().orElse(message).strip();
        return Texts.shorten(line, 300);
    }
}
