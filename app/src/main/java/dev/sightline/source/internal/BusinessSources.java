package dev.sightline.source.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.sightline.account.SightlineUser;
import dev.sightline.source.DataSources;
import dev.sightline.storage.PrivateFiles;
import dev.sightline.vault.CredentialVault;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Business data as data sources: a file added (or added again) and read with DuckDB, a PostgreSQL
 * database whose tables the owner picks; what each column is called; the aggregates questions run.
 * Every step starts from the user's own data source, so nobody reaches another's files or databases.
 */
@Service
class BusinessSources {

    /** The column types a person may pick for a file's column, with the engine's names. */
    static final List<String> TYPES = List.of("VARCHAR", "BIGINT", "DOUBLE", "DATE", "TIMESTAMP", "BOOLEAN");
    /** The same types in people's words, for the page. */
    static final java.util.Map<String, String> TYPE_NAMES = java.util.Map.of("VARCHAR", "text", "BIGINT", "whole number", "DOUBLE", "number",
            "DATE", "date", "TIMESTAMP", "date and time", "BOOLEAN", "yes / no");

    private final DataSourceRecords records;
    private final BusinessTables tables;
    private final FileImports imports;
    private final TableEngines engines;
    private final CredentialVault vault;
    private final TransactionTemplate transaction;
    private final Path folder;
    private final DatabaseAddresses addresses;

    BusinessSources(DataSourceRecords records, BusinessTables tables, FileImports imports, TableEngines engines, CredentialVault vault,
                    TransactionTemplate transaction, @Value("${sightline.files.folder:}") String folder,
                    DatabaseAddresses addresses) {
        this.addresses = addresses;
        this.records = records;
        this.tables = tables;
        this.imports = imports;
        this.engines = engines;
        this.vault = vault;
        this.transaction = transaction;
        this.folder = folder == null || folder.isBlank() ? null : Path.of(folder).toAbsolutePath().normalize();
    }

    /** A file source as its page shows it: the table, its first rows, and what the import noticed. */
    record FileView(long id, String name, String fileName, DataSources.Table table, List<List<Object>> preview, List<String> warnings) {
    }

    /** Adds a file as a new data source. */
    FileView addFile(SightlineUser user, Path upload, String fileName, String name) {
        String clean = name(name, fileName);
        String tableName = tableName(fileName);
        Path staged = engines.staging(user.workspaceId());
        FileImports.Imported imported = imports.load(upload, fileName, tableName, staged);
        Path[] moved = new Path[1];
        try {
            long id;
            try {
                id = transaction.execute(status -> {
                    long created = records.insertBusiness(user.workspaceId(), user.id(), clean, DataSourceRecord.FILE, Texts.shorten(fileName, 200), null);
                    tables.replace(created, List.of(new BusinessTables.Stored(0, created, FileImports.TABLE, imported.table())));
                    Path file = engines.newFile(user.workspaceId(), created);
                    try {
                        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
                        moved[0] = file;
                    } catch (IOException e) {
                        // The row goes with the file: rolled back, nothing half-done stays.
                        throw new ConnectionException("The file could not be stored: " + e.getMessage());
                    }
                    records.saveSettings(created, Texts.shorten(fileName, 200), file.getFileName().toString());
                    return created;
                });
            } catch (RuntimeException e) {
                // Rolled back after the move (the commit failed): the file goes with the row.
                if (moved[0] != null) {
                    deleteQuietly(moved[0]);
                }
                throw e;
            }
            return view(user, id, imported.warnings()).orElseThrow();
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * Adds the file again: the new data replaces the old whole, the source keeps its id (pinned
     * tiles keep working), and the names people gave columns that are still there are kept. The
     * new data is a new file: questions running meanwhile finish on the old one.
     */
    FileView replaceFile(SightlineUser user, long id, Path upload, String fileName) {
        fileSource(user, id);
        Path staged = engines.staging(user.workspaceId());
        try {
            synchronized (lock(id)) {
                DataSourceRecord source = fileSource(user, id);
                BusinessTables.Stored before = tables.of(id).get(0);
                FileImports.Imported imported = imports.load(upload, fileName, before.table().name(), staged);
                DataSources.Table table = keepNames(before.table(), imported.table());
                switchTo(source, staged, table, Texts.shorten(fileName, 200), true);
                return view(user, id, imported.warnings()).orElseThrow();
            }
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * Makes {@code prepared} the source's file, with {@code table} as its columns, in one step: the
     * file moved to a new generation's name and the row pointing at it committed together; then
     * the old file is closed and removed. A failure leaves the source as it was.
     */
    private void switchTo(DataSourceRecord source, Path prepared, DataSources.Table table, String location, boolean move) {
        Path next = engines.newFile(source.workspaceId(), source.id());
        Path[] old = new Path[1];
        try {
            if (move) {
                Files.move(prepared, next, StandardCopyOption.ATOMIC_MOVE);
            }
            transaction.executeWithoutResult(status -> {
                // Under the source's row lock, from the source as it is now (an import takes a while; another request or node may
                // have named a column, or put another file in place, meanwhile): those names stay, and the file let go is the one in use.
                records.lock(source.id());
                DataSourceRecord current = records.find(source.workspaceId(), source.userId(), source.id())
                        .orElseThrow(() -> new ConnectionException("No such data source."));
                DataSources.Table named = tables.of(source.id()).stream().findFirst().map(t -> keepNames(t.table(), table)).orElse(table);
                tables.replace(source.id(), List.of(new BusinessTables.Stored(0, source.id(), FileImports.TABLE, named)));
                records.saveSettings(source.id(), location, next.getFileName().toString());
                old[0] = engines.fileOf(current);
            });
        } catch (IOException | RuntimeException e) {
            deleteQuietly(next);
            throw e instanceof ConnectionException c ? c : new ConnectionException("The file could not be stored: " + e.getMessage());
        }
        engines.forget(source.id());
        deleteQuietly(old[0]);
    }

    /** One change at a time per source (adding it again, changing a type): questions need no lock, they read a file that never changes. */
    private Object lock(long id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private final java.util.Map<Long, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    /** A file in the server's folder, as the Files tab offers it. */
    record FolderFile(String name, long bytes) {
    }

    /**
     * The CSV, TSV and Parquet files directly in the configured folder (none when there is none):
     * files an administrator put on the server, added without an upload. The demo's folder holds
     * Acme's sign-ups.
     */
    List<FolderFile> folderFiles() {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            // DuckDB reads a path with * ? [ { as a pattern over many files: such names are not offered.
            return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(BusinessSources::readable)
                    .filter(f -> !f.getFileName().toString().matches(".*[*?\\[\\]{}].*"))
                    .map(f -> new FolderFile(f.getFileName().toString(), size(f))).sorted(java.util.Comparator.comparing(FolderFile::name)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Adds a file of the folder by its name: only a name the folder lists, so no path can lead elsewhere. */
    FileView addFromFolder(SightlineUser user, String fileName, String name) {
        FolderFile file = folderFiles().stream().filter(f -> f.name().equals(fileName)).findFirst()
                .orElseThrow(() -> new ConnectionException("There is no file \"" + Texts.shorten(fileName, 80) + "\" in the server's folder."));
        return addFile(user, folder.resolve(file.name()), file.name(), name);
    }

    private static boolean readable(Path file) {
        try {
            FileImports.kind(file.getFileName().toString());
            return true;
        } catch (ConnectionException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    Optional<FileView> view(SightlineUser user, long id, List<String> warnings) {
        return records.find(user.workspaceId(), user.id(), id).filter(r -> DataSourceRecord.FILE.equals(r.connector())).map(source -> {
            DataSources.Table table = tables.of(id).get(0).table();
            return new FileView(id, source.name(), source.serverUrl(), table, engines.preview(source, FileImports.PREVIEW_ROWS), warnings);
        });
    }

    /**
     * Changes a file column's type. Refused, naming the first row that does not fit, unless every
     * value converts; with {@code emptyWhatDoesNotFit} such values become empty instead.
     */
    void setType(SightlineUser user, long id, String column, String type, boolean emptyWhatDoesNotFit) {
        String wanted = typeOf(type);
        synchronized (lock(id)) {
            DataSourceRecord source = fileSource(user, id);
            DataSources.Table table = tables.of(id).get(0).table();
            DataSources.Column known = columnOf(table, column);
            String c = FileImports.quote(known.name());
            // The change is made on a copy, a new generation: questions meanwhile read the file as it was.
            Path copy = engines.staging(source.workspaceId());
            try {
                Files.copy(engines.fileOf(source), copy);
                PrivateFiles.restrict(copy);
                DataSources.Table changed;
                try (Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:" + copy); Statement s = db.createStatement()) {
                    if (!emptyWhatDoesNotFit) {
                        refuseMisfit(db, known, wanted);
                    }
                    s.execute("ALTER TABLE " + FileImports.TABLE + " ALTER " + c + " TYPE " + wanted + " USING TRY_CAST(" + c + " AS " + wanted + ")");
                    changed = FileImports.describe(db, table.name());
                }
                String time = table.timeColumn() != null && changed.column(table.timeColumn()).map(DataSources.Column::temporal).orElse(false)
                        ? table.timeColumn() : changed.timeColumn();
                switchTo(source, copy, new DataSources.Table(table.name(), time, keepNames(table, changed).columns(), changed.rows()), source.serverUrl(), true);
            } catch (SQLException | IOException e) {
                throw new ConnectionException("The type could not be changed: " + Texts.shorten(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 200));
            } finally {
                deleteQuietly(copy);
                deleteQuietly(copy.resolveSibling(copy.getFileName() + ".wal"));
            }
        }
    }

    /**
     * Refuses, as {@link #setType} would, a type change that does not fit the file as it is now,
     * without changing anything: a request of several changes checks them all before making any.
     */
    void checkType(SightlineUser user, long id, String column, String type) {
        String wanted = typeOf(type);
        DataSourceRecord source = fileSource(user, id);
        DataSources.Column known = columnOf(tables.of(id).get(0).table(), column);
        try (Connection db = engines.connect(source)) {
            refuseMisfit(db, known, wanted);
        } catch (SQLException e) {
            throw new ConnectionException("The type could not be checked: " + Texts.shorten(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 200));
        }
    }

    /** Refuses a column the source's table does not have, naming it. */
    void checkColumn(SightlineUser user, long id, String tableName, String column) {
        columnOf(ownTable(user, id, tableName).table(), column);
    }

    /** Refuses a column a table does not have, naming it. */
    static DataSources.Column columnOf(DataSources.Table table, String column) {
        return table.column(column).orElseThrow(() -> new ConnectionException("There is no column \"" + Texts.shorten(column, 60) + "\"."));
    }

    private static String typeOf(String type) {
        String wanted = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (!TYPES.contains(wanted)) {
            throw new ConnectionException("Pick one of the types: text, whole number, number, date, date and time, yes/no.");
        }
        return wanted;
    }

    /** Refuses the change, naming the first row whose value does not convert (or, for whole numbers, would be rounded). */
    private static void refuseMisfit(Connection db, DataSources.Column known, String wanted) throws SQLException {
        String c = FileImports.quote(known.name());
        // A value fits when it converts and, for whole numbers, converts back to itself: 2.5 is not rounded to 2 unasked.
        String lost = "BIGINT".equals(wanted) ? " OR TRY_CAST(" + c + " AS DOUBLE) <> TRY_CAST(" + c + " AS BIGINT)" : "";
        try (Statement s = db.createStatement(); var rs = s.executeQuery("SELECT rowid, CAST(" + c + " AS VARCHAR) FROM " + FileImports.TABLE + " WHERE " + c
                + " IS NOT NULL AND (TRY_CAST(" + c + " AS " + wanted + ") IS NULL" + lost + ") ORDER BY rowid LIMIT 1")) {
            if (rs.next()) {
                throw new ConnectionException("Row " + Texts.number(rs.getLong(1) + 2) + " of column " + known.name() + " (\"" + Texts.shorten(rs.getString(2), 40)
                        + "\") is not " + describe(wanted) + ": fix the file and add it again, or change the type leaving such values empty.");
            }
        }
    }

    /** Marks the column that says when each row happened (dates or times only). */
    void setTimeColumn(SightlineUser user, long id, String tableName, String column) {
        editTable(user, id, tableName, table -> {
            DataSources.Column known = columnOf(table, column);
            if (!known.temporal()) {
                throw new ConnectionException("Column " + known.name() + " holds " + describe(known.type()) + ", not dates: change its type to date first.");
            }
            return new DataSources.Table(table.name(), known.name(), table.columns(), table.rows());
        });
    }

    /** The other words people use for a column ("signups, new users" for new_users), comma-separated. */
    void setSynonyms(SightlineUser user, long id, String tableName, String column, String words) {
        Set<String> synonyms = new LinkedHashSet<>();
        for (String word : (words == null ? "" : words).split(",")) {
            String clean = word.strip().toLowerCase(Locale.ROOT);
            if (clean.length() > 60) {
                throw new ConnectionException("\"" + Texts.shorten(clean, 40) + "\" is longer than 60 characters: a column's other names are words people use.");
            }
            if (!clean.isEmpty()) {
                synonyms.add(clean);
            }
        }
        if (synonyms.size() > 20) {
            throw new ConnectionException("A column takes up to 20 other names; these are " + synonyms.size() + ".");
        }
        editTable(user, id, tableName, table -> {
            columnOf(table, column);
            List<DataSources.Column> columns = table.columns().stream()
                    .map(c -> c.name().equals(column) ? new DataSources.Column(c.name(), c.type(), List.copyOf(synonyms)) : c).toList();
            return new DataSources.Table(table.name(), table.timeColumn(), columns, table.rows());
        });
    }

    /**
     * Changes a table's description as it is now: read and written under the source's row lock, so
     * two edits at once (two tabs, the API, another node) each apply to what the other left, and an
     * edit made while a file is being added again is kept by it.
     */
    private void editTable(SightlineUser user, long id, String tableName, java.util.function.UnaryOperator<DataSources.Table> edit) {
        transaction.executeWithoutResult(status -> {
            records.lock(id);
            BusinessTables.Stored stored = ownTable(user, id, tableName);
            tables.update(id, edit.apply(stored.table()));
        });
    }

    // ---- databases ----

    /** A database checked by signing in and listing its tables, before anything is saved. */
    record DatabaseCheck(DatabaseSettings settings, List<DataSources.Table> tables) {
    }

    DatabaseCheck checkDatabase(DatabaseSettings settings, String password) {
        addresses.check(settings);
        try (Connection connection = TableEngines.connectOnce(settings, password, addresses)) {
            List<DataSources.Table> found = TableEngines.tablesOf(connection, settings.schema());
            if (found.isEmpty()) {
                throw new ConnectionException("Signed in, but the schema \"" + settings.schema() + "\" has no tables or views this user can see.");
            }
            return new DatabaseCheck(settings, found);
        } catch (SQLException e) {
            throw new ConnectionException(DatabaseSettings.explain(e));
        }
    }

    /**
     * Saves a database source exposing the tables picked: all of the schema's when {@code picked}
     * is null, none yet when it is empty (the page then lets the person pick). The password is sealed in the vault.
     */
    long addDatabase(SightlineUser user, String name, DatabaseSettings settings, String password, List<String> picked) {
        DatabaseCheck check = checkDatabase(settings, password);
        List<DataSources.Table> chosen = check.tables().stream().filter(t -> picked == null || picked.contains(t.name())).toList();
        if (chosen.isEmpty() && picked != null && !picked.isEmpty()) {
            throw new ConnectionException("None of the tables named is in the schema \"" + settings.schema() + "\".");
        }
        List<BusinessTables.Stored> stored = new ArrayList<>();
        try (Connection connection = TableEngines.connectOnce(settings, password, addresses)) {
            for (DataSources.Table t : chosen) {
                String relation = TableSql.relationOf(settings.schema(), t.name());
                stored.add(new BusinessTables.Stored(0, 0, relation, new DataSources.Table(t.name(), t.timeColumn(), t.columns(),
                        TableEngines.rowEstimate(connection, relation))));
            }
        } catch (SQLException e) {
            throw new ConnectionException(DatabaseSettings.explain(e));
        }
        String clean = name == null || name.isBlank() ? settings.database() : Texts.shorten(name.strip(), 100);
        return transaction.execute(status -> {
            long id = records.insertBusiness(user.workspaceId(), user.id(), clean, DataSourceRecord.POSTGRESQL, settings.location(), settings.toJson());
            if (password != null && !password.isEmpty()) {
                records.saveApiKey(id, vault.seal(password, DataSourceSessions.slot(id, "api_key")));
            }
            tables.replace(id, stored.stream().map(s -> new BusinessTables.Stored(0, id, s.relation(), s.table())).toList());
            return id;
        });
    }

    /** A database source's tables as the database lists them now, whether exposed or not. */
    List<DataSources.Table> liveTables(SightlineUser user, long id) {
        DataSourceRecord source = databaseSource(user, id);
        String password = source.apiKey() == null ? null : vault.open(source.apiKey(), DataSourceSessions.slot(id, "api_key"));
        return checkDatabase(DatabaseSettings.fromJson(source.settings()), password).tables();
    }

    /** Exposes exactly these tables of a database source to questions (the names people gave columns of tables kept stay). */
    void expose(SightlineUser user, long id, List<String> picked) {
        DataSourceRecord source = databaseSource(user, id);
        DatabaseSettings settings = DatabaseSettings.fromJson(source.settings());
        String password = source.apiKey() == null ? null : vault.open(source.apiKey(), DataSourceSessions.slot(id, "api_key"));
        List<BusinessTables.Stored> before = tables.of(id);
        List<BusinessTables.Stored> now = new ArrayList<>();
        try (Connection connection = TableEngines.connectOnce(settings, password, addresses)) {
            for (DataSources.Table t : TableEngines.tablesOf(connection, settings.schema())) {
                if (picked.contains(t.name())) {
                    String relation = TableSql.relationOf(settings.schema(), t.name());
                    DataSources.Table kept = before.stream().filter(b -> b.table().name().equals(t.name())).findFirst()
                            .map(b -> keepNames(b.table(), t)).orElse(t);
                    now.add(new BusinessTables.Stored(0, id, relation, new DataSources.Table(kept.name(), kept.timeColumn(), kept.columns(),
                            TableEngines.rowEstimate(connection, relation))));
                }
            }
        } catch (SQLException e) {
            throw new ConnectionException(DatabaseSettings.explain(e));
        }
        tables.replace(id, now);
        // Queries from now on open the source afresh; those running finish on what they hold.
        engines.forget(id);
    }

    private DataSourceRecord databaseSource(SightlineUser user, long id) {
        return records.find(user.workspaceId(), user.id(), id).filter(r -> DataSourceRecord.POSTGRESQL.equals(r.connector()))
                .orElseThrow(() -> new ConnectionException("No such database data source."));
    }

    /** Reads a database source's tables again (after a column was added or dropped), keeping the names people gave. */
    void refresh(SightlineUser user, long id) {
        DataSourceRecord source = records.find(user.workspaceId(), user.id(), id).orElseThrow(() -> new ConnectionException("No such data source."));
        if (!DataSourceRecord.POSTGRESQL.equals(source.connector())) {
            return;
        }
        DatabaseSettings settings = DatabaseSettings.fromJson(source.settings());
        String password = source.apiKey() == null ? null : vault.open(source.apiKey(), DataSourceSessions.slot(id, "api_key"));
        DatabaseCheck check = checkDatabase(settings, password);
        List<BusinessTables.Stored> now = new ArrayList<>();
        for (BusinessTables.Stored before : tables.of(id)) {
            check.tables().stream().filter(t -> t.name().equals(before.table().name())).findFirst()
                    .ifPresent(t -> {
                        DataSources.Table kept = keepNames(before.table(), t);
                        now.add(new BusinessTables.Stored(0, id, before.relation(), new DataSources.Table(kept.name(), kept.timeColumn(), kept.columns(),
                                before.table().rows())));
                    });
        }
        tables.replace(id, now);
        // Queries from now on open the source afresh; those running finish on what they hold.
        engines.forget(id);
        records.saveStatus(id, DataSourceRecord.CONNECTED, null);
    }

    // ---- questions ----

    List<DataSources.Table> tablesOf(long dataSourceId) {
        return tables.of(dataSourceId).stream().map(BusinessTables.Stored::table).toList();
    }

    DataSources.TableResult aggregate(SightlineUser user, long id, DataSources.Aggregate aggregate) {
        DataSourceRecord source = records.findUsable(user.workspaceId(), user.id(), id)
                .orElseThrow(() -> new DataSources.ToolCallException(DataSources.ToolCallException.Kind.NOT_FOUND, "No such data source."));
        BusinessTables.Stored table = tables.find(id, aggregate.table())
                .orElseThrow(() -> new DataSources.ToolCallException(DataSources.ToolCallException.Kind.SERVER_ERROR,
                        "The table " + aggregate.table() + " is no longer part of " + source.name() + "."));
        return engines.aggregate(source, table, aggregate);
    }

    /** Deletes a file source's data with it. */
    void removed(DataSourceRecord source) {
        engines.forget(source.id());
        if (DataSourceRecord.FILE.equals(source.connector())) {
            deleteQuietly(engines.fileOf(source));
        }
    }

    // ---- pieces ----

    private DataSourceRecord fileSource(SightlineUser user, long id) {
        return records.find(user.workspaceId(), user.id(), id).filter(r -> DataSourceRecord.FILE.equals(r.connector()))
                .orElseThrow(() -> new ConnectionException("No such file data source."));
    }

    private BusinessTables.Stored ownTable(SightlineUser user, long id, String tableName) {
        records.find(user.workspaceId(), user.id(), id).filter(DataSourceRecord::business)
                .orElseThrow(() -> new ConnectionException("No such data source."));
        List<BusinessTables.Stored> all = tables.of(id);
        return (tableName == null ? all.stream().findFirst() : all.stream().filter(t -> t.table().name().equals(tableName)).findFirst())
                .orElseThrow(() -> new ConnectionException("There is no such table."));
    }

    /** The synonyms people gave survive a re-read where the column still exists; the time column too, while it is still dates. */
    private static DataSources.Table keepNames(DataSources.Table before, DataSources.Table after) {
        List<DataSources.Column> columns = after.columns().stream()
                .map(c -> before.column(c.name()).map(b -> new DataSources.Column(c.name(), c.type(), b.synonyms())).orElse(c)).toList();
        String time = before.timeColumn() != null && after.column(before.timeColumn()).map(DataSources.Column::temporal).orElse(false)
                ? before.timeColumn() : after.timeColumn();
        return new DataSources.Table(after.name(), time, columns, after.rows());
    }

    private static String name(String name, String fileName) {
        if (name != null && !name.isBlank()) {
            return Texts.shorten(name.strip(), 100);
        }
        return tableName(fileName);
    }

    /** "acme-signups.csv" → "acme-signups": what the table is called in answers. */
    static String tableName(String fileName) {
        String plain = fileName == null ? "" : fileName.replaceAll("\\p{Cntrl}", "").replace('\\', '/');
        String base = plain.isBlank() || plain.endsWith("/") ? "data" : plain.substring(plain.lastIndexOf('/') + 1);
        base = base.replaceFirst("\\.[A-Za-z0-9]{1,8}$", "").replaceAll("[^\\p{L}\\p{N} _.-]+", "").strip();
        return base.isEmpty() ? "data" : Texts.shorten(base, 100);
    }

    private static String describe(String type) {
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "BIGINT", "INTEGER" -> "a whole number";
            case "DOUBLE" -> "a number";
            case "DATE" -> "a date";
            case "TIMESTAMP" -> "a date and time";
            case "BOOLEAN" -> "yes or no";
            default -> "text";
        };
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A staged copy left behind is overwritten by the next import.
        }
    }
}
