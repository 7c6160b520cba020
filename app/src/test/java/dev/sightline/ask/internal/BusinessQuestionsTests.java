package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.sightline.ask.Query;
import dev.sightline.source.DataSources;
import org.junit.jupiter.api.Test;

/** Questions read against business tables: the column the words name, the period, grain, split and aggregate, and pairing with the vendor. */
class BusinessQuestionsTests {

    static final Semantics ARCJET = Semantics.of("arcjet").orElseThrow();
    static final DataSources.DataSource ORDERS = new DataSources.DataSource(7, "Orders", "file", null, "CONNECTED", List.of(), null, "file",
            List.of(new DataSources.Table("orders", "day", List.of(
                    new DataSources.Column("day", "DATE", List.of()),
                    new DataSources.Column("plan", "VARCHAR", List.of()),
                    new DataSources.Column("new_users", "BIGINT", List.of()),
                    new DataSources.Column("revenue", "DOUBLE", List.of("takings"))), 30)));

    static BusinessQuestions.Named named(String question) {
        return BusinessQuestions.measure(question, List.of(ORDERS), ARCJET).orElse(null);
    }

    static Query.Table read(String question, String window) {
        return BusinessQuestions.read(question, named(question), window);
    }

    @Test
    void aColumnIsNamedByItsWordsItsOwnersNamesAndTheVendorsWordsForIt() {
        assertThat(named("new users this week").column().name()).isEqualTo("new_users");
        assertThat(named("what were the takings yesterday").column().name()).isEqualTo("revenue");
        // Arcjet's word for data it does not have, "sign-ups", names the column that has it.
        assertThat(named("How many sign-ups did we get?").column().name()).isEqualTo("new_users");
        assertThat(named("How many sign-ups did we get?").byOwnName()).isFalse();
        assertThat(named("total revenue").byOwnName()).isTrue();
    }

    @Test
    void aWordInsideAPathNamesThePathNotTheColumn() {
        DataSources.DataSource signups = new DataSources.DataSource(8, "Sign-ups", "file", null, "CONNECTED", List.of(), null, "file",
                List.of(new DataSources.Table("signups", "date", List.of(new DataSources.Column("date", "DATE", List.of()),
                        new DataSources.Column("signup", "BIGINT", List.of())), 30)));
        assertThat(BusinessQuestions.measure("how many requests to /api/signup were denied", List.of(signups), ARCJET)).isEmpty();
        assertThat(BusinessQuestions.measure("how many requests were denied", List.of(ORDERS), ARCJET)).isEmpty();
    }

    @Test
    void aColumnOfTimePartsOrIdsIsNoMeasureAndAVendorSeriesStands() {
        DataSources.DataSource withParts = new DataSources.DataSource(9, "Parts", "file", null, "CONNECTED", List.of(), null, "file",
                List.of(new DataSources.Table("parts", "date", List.of(new DataSources.Column("date", "DATE", List.of()),
                        new DataSources.Column("day", "BIGINT", List.of()), new DataSources.Column("year", "BIGINT", List.of()),
                        new DataSources.Column("customer_id", "BIGINT", List.of()), new DataSources.Column("amount", "DOUBLE", List.of())), 30)));
        assertThat(BusinessQuestions.measure("Show bot denials per day and the top IPs last week", List.of(withParts), ARCJET)).isEmpty();
        assertThat(BusinessQuestions.measure("How much did we make this year?", List.of(withParts), ARCJET)).isEmpty();
        assertThat(BusinessQuestions.measure("amount per customer id", List.of(withParts), ARCJET).orElseThrow().column().name()).isEqualTo("amount");
    }

    @Test
    void grainSplitAndAggregateAreRead() {
        assertThat(read("new users per day last month", "lastMonth"))
                .isEqualTo(new Query.Table(7, "orders", "new_users", "sum", "lastMonth", "day", null));
        assertThat(read("total revenue this quarter by plan", "thisQuarter"))
                .isEqualTo(new Query.Table(7, "orders", "revenue", "sum", "thisQuarter", null, "plan"));
        assertThat(read("average revenue per plan", null)).isEqualTo(new Query.Table(7, "orders", "revenue", "avg", null, null, "plan"));
        assertThat(read("weekly revenue", null).grain()).isEqualTo("week");
        // "the best day": a maximum is of the days.
        assertThat(read("what was our best revenue day", null)).isEqualTo(new Query.Table(7, "orders", "revenue", "sum", null, "day", null));
        assertThat(read("how many rows of revenue are there", null).function()).isEqualTo("count");
    }

    @Test
    void aQuestionThatNeededTheBusinessDataIsPairedWithTheVendorsSeriesOnWholeDays() {
        Query.Series partial = new Query.Series(null, "denialRate", Map.of(), "last(30d)", "day");
        Query.Unanswerable vendor = new Query.Unanswerable("missing-data", null, List.of("signups"), List.of(), partial);
        Query.Paired paired = BusinessQuestions.pair("Did denial rates spike before the signup drop?", named("Did denial rates spike before the signup drop?"), vendor, ARCJET)
                .orElseThrow();
        assertThat(paired.relation()).isEqualTo(Query.Paired.LEAD);
        assertThat(paired.vendor().window()).isEqualTo("calendarDays(30)");
        assertThat(paired.business()).isEqualTo(new Query.Table(7, "orders", "new_users", "sum", "calendarDays(30)", "day", null));
    }

    @Test
    void attackDaysAgainstTheOthersSplitTheBusinessFigure() {
        String question = "which plan's revenue dropped most during the campaign";
        Query.Paired paired = BusinessQuestions.pair(question, named(question), new Query.Unanswerable("missing-data", null, List.of("revenue"), List.of()), ARCJET)
                .orElseThrow();
        assertThat(paired.relation()).isEqualTo(Query.Paired.SPLIT);
        assertThat(paired.vendor().measure()).isEqualTo("denied");
        assertThat(paired.business().groupBy()).isEqualTo("plan");
        // A business question on its own is not paired.
        assertThat(BusinessQuestions.pair("total revenue", named("total revenue"),
                new Query.Unanswerable("missing-data", null, List.of("revenue"), List.of()), ARCJET)).isEmpty();
    }
}
