package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.sightline.source.DataSources;
import org.junit.jupiter.api.Test;

/** The one statement an aggregate becomes: identifiers from the table, quoted; values bound in the column's own terms. */
class TableSqlTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final DataSources.Table ORDERS = new DataSources.Table("orders", "day", List.of(
            new DataSources.Column("day", "DATE", List.of()),
            new DataSources.Column("plan", "VARCHAR", List.of()),
            new DataSources.Column("amount", "DOUBLE", List.of()),
            new DataSources.Column("placed_at", "TIMESTAMP", List.of()),
            new DataSources.Column("paid_at", "TIMESTAMP WITH TIME ZONE", List.of())), 10);

    static DataSources.Aggregate aggregate(String measure, String function, String grain, String groupBy, Instant start, Instant end) {
        return new DataSources.Aggregate("orders", measure, function, grain, groupBy, start, end, BERLIN);
    }

    @Test
    void aDailySumOfADateColumnGroupsByTheDateAndBindsDates() {
        Instant start = Instant.parse("2026-11-01T10:00:00Z");
        Instant end = Instant.parse("2026-11-03T10:00:00Z");
        TableSql.Statement s = TableSql.aggregate("\"data\"", ORDERS, aggregate("amount", "sum", "day", null, start, end));
        assertThat(s.sql()).isEqualTo("SELECT \"day\" AS period, sum(\"amount\") AS value FROM \"data\" WHERE \"day\" >= ? AND \"day\" < ? "
                + "GROUP BY 1 ORDER BY 1 LIMIT " + (TableSql.MAX_ROWS + 1));
        // Bounds inside a day: whole days only, from the first the period fully covers to the one it ends in.
        assertThat(s.parameters()).containsExactly(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 4));
        assertThat(s.columns()).containsExactly("day", "amount");
    }

    @Test
    void timeStampsAreBoundInTheirOwnTerms() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Instant end = Instant.parse("2026-11-02T00:00:00Z");
        DataSources.Table byPlacement = new DataSources.Table("orders", "placed_at", ORDERS.columns(), 10);
        TableSql.Statement local = TableSql.aggregate("\"data\"", byPlacement, aggregate("amount", "sum", "week", null, start, end));
        assertThat(local.sql()).contains("CAST(date_trunc('week', CAST(\"placed_at\" AS TIMESTAMP)) AS DATE) AS period");
        assertThat(local.parameters()).containsExactly(LocalDateTime.of(2026, 11, 1, 1, 0), LocalDateTime.of(2026, 11, 2, 1, 0));
        DataSources.Table byPayment = new DataSources.Table("orders", "paid_at", ORDERS.columns(), 10);
        TableSql.Statement zoned = TableSql.aggregate("\"data\"", byPayment, aggregate("amount", "sum", "day", null, start, end));
        assertThat(zoned.sql()).contains("\"paid_at\" AT TIME ZONE 'Europe/Berlin'");
        assertThat(zoned.parameters()).containsExactly(OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void aGroupRanksByValueAndACountNeedsNoColumn() {
        TableSql.Statement byPlan = TableSql.aggregate("\"public\".\"orders\"", ORDERS, aggregate("amount", "avg", null, "plan", null, null));
        assertThat(byPlan.sql()).isEqualTo("SELECT \"plan\", avg(\"amount\") AS value FROM \"public\".\"orders\" GROUP BY 1 ORDER BY 2 DESC LIMIT "
                + (TableSql.MAX_ROWS + 1));
        TableSql.Statement rows = TableSql.aggregate("\"data\"", ORDERS, aggregate(null, "count", null, null, null, null));
        assertThat(rows.sql()).isEqualTo("SELECT count(*) AS value FROM \"data\"");
    }

    @Test
    void namesComeFromTheTableAndAreQuoted() {
        DataSources.Table hostile = new DataSources.Table("t", null, List.of(new DataSources.Column("a\"; DROP TABLE data; --", "BIGINT", List.of())), 1);
        TableSql.Statement s = TableSql.aggregate("\"data\"", hostile, new DataSources.Aggregate("t", "a\"; DROP TABLE data; --", "sum", null, null, null, null, BERLIN));
        assertThat(s.sql()).isEqualTo("SELECT sum(\"a\"\"; DROP TABLE data; --\") AS value FROM \"data\"");
        assertThat(TableSql.relation("sales.orders")).isEqualTo("\"sales\".\"orders\"");
        assertThat(TableSql.relation(TableSql.relationOf("eu.sales", "orders.2026"))).isEqualTo("\"eu.sales\".\"orders.2026\"");
        assertThatThrownBy(() -> TableSql.aggregate("\"data\"", ORDERS, aggregate("nope", "sum", null, null, null, null)))
                .hasMessageContaining("has no column nope");
        assertThatThrownBy(() -> TableSql.aggregate("\"data\"", ORDERS, aggregate("amount", "sum; DROP", null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableSql.aggregate("\"data\"", ORDERS, aggregate("plan", "sum", null, null, null, null)))
                .hasMessageContaining("holds no numbers");
    }

    @Test
    void aTableWithoutATimeColumnCannotBeCutByTime() {
        DataSources.Table timeless = new DataSources.Table("orders", null, ORDERS.columns(), 10);
        assertThatThrownBy(() -> TableSql.aggregate("\"data\"", timeless, aggregate("amount", "sum", "day", null, null, null)))
                .hasMessageContaining("no column marked as its time");
    }
}
