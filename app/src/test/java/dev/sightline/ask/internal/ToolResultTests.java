package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.sightline.testing.TestMcpServer;
import dev.sightline.testing.TestMcpServer.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Whatever a tool answers, the question gets an answer: any number of rows, an answer too large to
 * read, names longer than any column, and errors in the server's own words, made safe to show.
 */
class ToolResultTests extends McpServerFlowTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aHundredThousandRowsAreAnsweredWithTheFirstThousandShown() throws Exception {
        TestMcpServer shop = server("list-orders", "Orders placed in a period", Reply.rows(100_000));
        long id = connect(shop, "Order book");

        long started = System.nanoTime();
        JsonNode answer = ask(id, "list the orders");
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("100,000 rows answered in %d ms%n", millis);

        assertThat(answer.path("status").asString()).isEqualTo("ANSWERED");
        assertThat(answer.path("answer").path("text").asString()).contains("**100,000** rows", "Showing the first 1,000 of 100,000 rows");
        JsonNode table = answer.path("table");
        assertThat(table.path("columns").toString()).isEqualTo("[\"id\",\"count\"]");
        assertThat(table.path("rows").size()).isEqualTo(1_000);
        assertThat(table.path("rows").get(999).get(0).asLong()).isEqualTo(1_000);
        assertThat(table.path("totalRows").asLong()).isEqualTo(100_000);
        assertThat(table.path("note").asString()).isEqualTo("Showing the first 1,000 of 100,000 rows");
        assertThat(answer.path("chart").path("kind").asString()).isEqualTo("table");

        // Stored as shown, and the page says what it leaves out.
        JsonNode stored = api.json("GET", "/api/analyses/" + answer.path("id").asString(), null);
        assertThat(stored.path("table").path("totalRows").asLong()).isEqualTo(100_000);
        assertThat(stored.path("table").path("rows").size()).isEqualTo(1_000);
        assertThat(pages.page("/ask?id=" + answer.path("id").asString())).contains("Showing the first 1,000 of 100,000 rows", "100,000");
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedOnceAndNotRead() throws Exception {
        TestMcpServer bank = server("get-statement", "The account statement of a period as one document", Reply.megabytes(50));
        long id = connect(bank, "Bank");

        JsonNode answer = ask(id, "get the account statement");

        assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("FAILED");
        assertThat(answer.path("answer").path("text").asString())
                .isEqualTo("I could not get the data: The tool's answer is larger than 8 MB, so it was not read.");
        assertThat(answer.path("steps").get(0).path("status").asString()).isEqualTo("TOOL_ERROR");
        assertThat(bank.calls("get-statement")).isEqualTo(1);
    }

    @Test
    void theLimitHoldsForAnswersSentAsEventStreams() throws Exception {
        TestMcpServer bank = server("get-statement", "The account statement of a period as one document", Reply.megabytes(50)).answerAsEventStreams();
        TestMcpServer shop = server("list-orders", "Orders placed in a period", Reply.rows(100_000)).answerAsEventStreams();
        long statements = connect(bank, "Streaming bank");
        long orders = connect(shop, "Streaming order book");

        JsonNode refused = ask(statements, "get the account statement");
        assertThat(refused.path("answer").path("text").asString()).isEqualTo("I could not get the data: The tool's answer is larger than 8 MB, so it was not read.");
        assertThat(bank.calls("get-statement")).isEqualTo(1);

        JsonNode answered = ask(orders, "list the orders");
        assertThat(answered.path("status").asString()).isEqualTo("ANSWERED");
        assertThat(answered.path("table").path("totalRows").asLong()).isEqualTo(100_000);
    }

    @Test
    void aToolNameLongerThanTheAuditColumnIsAuditedCut() throws Exception {
        String name = "list_" + "region_".repeat(70) + "sales";
        assertThat(name).hasSize(500);
        TestMcpServer sales = server(name, "Sales per region", Reply.rows(2));
        long id = connect(sales, "Regional sales");

        JsonNode answer = ask(id, "list the sales per region");

        assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("ANSWERED");
        assertThat(answer.path("steps").get(0).path("tool").asString()).isEqualTo(name);
        String audited = jdbc.sql("SELECT tool FROM tool_call_audit WHERE data_source_id = ?").param(id).query(String.class).single();
        assertThat(audited).hasSize(200).startsWith("list_region_region_").endsWith("…");
        assertThat(sales.calls(name)).isEqualTo(1);
    }

    @Test
    void aToolErrorIsShownInTheServersOwnWordsMadeSafe() throws Exception {
        String error = "<b>Quota exceeded</b> for Authorization: Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc\u0007 on\u202e account acct_1 "
                + "(see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl). " + "Details follow. ".repeat(100);
        TestMcpServer billing = server("list-invoices", "Invoices issued in a period", Reply.toolError(error));
        long id = connect(billing, "Billing");

        JsonNode answer = ask(id, "list the invoices");

        assertThat(answer.path("status").asString()).isEqualTo("FAILED");
        String shown = answer.path("warnings").get(0).path("cause").asString();
        assertThat(shown).startsWith("Quota exceeded for Authorization: [hidden]").hasSizeLessThanOrEqualTo(ServerMessages.MAX_CHARS).endsWith("…")
                .doesNotContain("<b>", "sk_live", "eyJ", "\u0007", "\u202e");
        assertThat(answer.path("answer").path("text").asString()).isEqualTo("I could not get the data: " + shown);
        assertThat(answer.path("answer").path("confidence").isNull()).isTrue();
        assertThat(answer.path("pinnable").asBoolean()).isFalse();
        // A tool's error is its answer: asked once, not again.
        assertThat(billing.calls("list-invoices")).isEqualTo(1);
    }

    @Test
    void aFailedAnswerHasNoConfidenceAndCannotBePinned() throws Exception {
        TestMcpServer payouts = server("list-payouts", "Payouts made in a period",
                Reply.rpcError("<script>alert(1)</script>Payout service unavailable; token=abc123secretvalue"));
        long id = connect(payouts, "Payouts");

        JsonNode answer = ask(id, "list the payouts");

        assertThat(answer.path("status").asString()).isEqualTo("FAILED");
        assertThat(answer.path("answer").path("confidence").isNull()).isTrue();
        assertThat(answer.path("pinnable").asBoolean()).isFalse();
        assertThat(answer.toString()).doesNotContain("<script>", "abc123secretvalue");
        // The server's own words reach the person, cleaned; an answered error is not retried.
        assertThat(answer.toString()).contains("Payout service unavailable");
        assertThat(payouts.calls("list-payouts")).isEqualTo(1);
        String page = pages.page("/ask?id=" + answer.path("id").asString());
        assertThat(page).contains("I could not get the data").doesNotContain("% confidence").doesNotContain("Pin to dashboard")
                .doesNotContain("abc123secretvalue");

        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Money\"}").path("id").asLong();
        var pin = api.send("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + answer.path("id").asString() + "\"}");
        assertThat(pin.statusCode()).isEqualTo(400);
        assertThat(pin.body()).contains("nothing to pin");
    }

    @Test
    void anAnsweredQuestionKeepsItsConfidenceAndCanBePinned() throws Exception {
        TestMcpServer refunds = server("list-refunds", "Refunds granted in a period", Reply.json(Map.of("refunds", List.of(Map.of("id", "r1", "amount", -25)))));
        long id = connect(refunds, "Refunds");

        JsonNode answer = ask(id, "list the refunds");

        assertThat(answer.path("status").asString()).isEqualTo("ANSWERED");
        assertThat(answer.path("answer").path("confidence").asInt()).isPositive();
        assertThat(answer.path("pinnable").asBoolean()).isTrue();
        assertThat(pages.page("/ask?id=" + answer.path("id").asString())).contains("% confidence", "Pin to dashboard");
    }
}
