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
 * An aggregate whose rows pass the cap is refused with what to ask instead, never answered from the
 * rows that fit: cut by value, the smallest groups would be missing; cut by period, the latest
 * periods. A real DuckDB file with one group per row, read through the engine questions use.
 */
class TableEngineCapTests {

    @TempDir
    Path dir;

    @Test
    void oneRowOverTheCapIsRefusedAndTheCapItselfIsAnswered() throws Exception {
        TableEngines engines = new TableEngines(dir, new NoVault(), "256MB", new DatabaseAddresses(false, ""));
        DataSourceRecord source = new DataSourceRecord(7, 1, 1, "Orders", DataSourceRecord.FILE, "orders.csv", DataSourceRecord.NONE,
                DataSourceRecord.CONNECTED, null, null, null, null, null, null, null, null, null, null, null, null, List.of(), java.util.Set.of(), null, null,
                null, false);
        Path file = engines.fileOf(source);
        Files.createDirectories(file.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE data AS SELECT 'customer-' || i AS customer, 1.0 AS amount FROM range(" + (TableSql.MAX_ROWS + 1) + ") t(i)");
        }
        DataSources.Table orders = new DataSources.Table("orders", null, List.of(new DataSources.Column("customer", "VARCHAR", List.of()),
                new DataSources.Column("amount", "DOUBLE", List.of())), TableSql.MAX_ROWS + 1);
        BusinessTables.Stored table = new BusinessTables.Stored(1, source.id(), FileImports.TABLE, orders);
        DataSources.Aggregate byCustomer = new DataSources.Aggregate("orders", "amount", "sum", null, "customer", null, null, ZoneId.of("UTC"));
        try {
            assertThatThrownBy(() -> engines.aggregate(source, table, byCustomer))
                    .isInstanceOfSatisfying(DataSources.ToolCallException.class, e -> assertThat(e.kind()).isEqualTo(DataSources.ToolCallException.Kind.REFUSED))
                    .hasMessageContaining("splits orders into more than 100,000 rows").hasMessageContaining("without splitting by customer");

            engines.forget(source.id());
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = db.createStatement()) {
                s.execute("DELETE FROM data WHERE customer = 'customer-0'");
            }
            DataSources.TableResult all = engines.aggregate(source, table, byCustomer);
            assertThat(all.rows()).hasSize(TableSql.MAX_ROWS);
        } finally {
            engines.forget(source.id());
        }
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
