package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;

import dev.sightline.source.DataSources;
import dev.sightline.vault.CredentialSlot;
import dev.sightline.vault.CredentialVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine business data is read with, on real DuckDB files: an aggregate whose rows pass the cap
 * is refused with what to ask instead, never answered from the rows that fit (cut by value, the
 * smallest groups would be missing; cut by period, the latest periods); files left by imports cut
 * short are removed at start, but not one another node may be writing now.
 */
class TableEnginesTests {

    @TempDir
    Path dir;

    @Test
    void oneRowOverTheCapIsRefusedAndTheCapItselfIsAnswered() throws Exception {
        TableEngines engines = new TableEngines(dir, new NoVault(), "256MB", new DatabaseAddresses(false, ""));
        DataSources.Aggregate byCustomer = new DataSources.Aggregate("orders", "amount", "sum", null, "customer", null, null, ZoneId.of("UTC"));
        try {
            assertThatThrownBy(() -> engines.aggregate(source(engines, 7, TableSql.MAX_ROWS + 1), table(7, TableSql.MAX_ROWS + 1), byCustomer))
                    .isInstanceOfSatisfying(DataSources.ToolCallException.class, e -> assertThat(e.kind()).isEqualTo(DataSources.ToolCallException.Kind.REFUSED))
                    .hasMessageContaining("splits orders into more than 100,000 rows").hasMessageContaining("without splitting by customer");
            DataSources.TableResult all = engines.aggregate(source(engines, 8, TableSql.MAX_ROWS), table(8, TableSql.MAX_ROWS), byCustomer);
            assertThat(all.rows()).hasSize(TableSql.MAX_ROWS);
        } finally {
            engines.close();
        }
    }

    /** A file source whose table has one customer per row. */
    private static DataSourceRecord source(TableEngines engines, long id, int customers) throws Exception {
        DataSourceRecord source = new DataSourceRecord(id, 1, 1, "Orders", DataSourceRecord.FILE, "orders.csv", DataSourceRecord.NONE,
                DataSourceRecord.CONNECTED, null, null, null, null, null, null, null, null, null, null, null, null, List.of(), java.util.Set.of(), null, null,
                null, false);
        Path file = engines.fileOf(source);
        Files.createDirectories(file.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE data AS SELECT 'customer-' || i AS customer, 1.0 AS amount FROM range(" + customers + ") t(i)");
        }
        return source;
    }

    private static BusinessTables.Stored table(long id, int rows) {
        return new BusinessTables.Stored(1, id, FileImports.TABLE, new DataSources.Table("orders", null, List.of(
                new DataSources.Column("customer", "VARCHAR", List.of()), new DataSources.Column("amount", "DOUBLE", List.of())), rows));
    }

    @Test
    void importsCutShortLongAgoAreRemovedAtStartButNotOneGoingOnNow() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("files").resolve("workspace-1"));
        Path old = Files.writeString(workspace.resolve("staged-1.duckdb"), "left by a stop");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        Path now = Files.writeString(workspace.resolve("staged-2.duckdb"), "another node's import");
        Path source = Files.writeString(workspace.resolve("source-7-1.duckdb"), "a source's data");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        new TableEngines(dir, new NoVault(), "256MB", new DatabaseAddresses(false, "")).close();
        assertThat(old).doesNotExist();
        assertThat(now).exists();
        assertThat(source).exists();
    }

    /** File sources have nothing sealed. */
    private static final class NoVault implements CredentialVault {
        @Override
        public String seal(String secret, CredentialSlot slot) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String open(String sealed, CredentialSlot slot) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isStale(String sealed) {
            return false;
        }
    }
}
