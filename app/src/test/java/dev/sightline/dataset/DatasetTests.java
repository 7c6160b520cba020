package dev.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DatasetTests {

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreMadeText() {
        Dataset table = Dataset.builder(List.of("=cmd|' /C calc'!A0", "Note", "Amount"))
                .row("=HYPERLINK(\"http://evil.example\",\"Click\")", "+1 555 0100", -25)
                .row("-2+3", "@SUM(A1:A2)", -0.5)
                .row("\tindented", "\rreturn", 12)
                .row("plain", "a = b", 0)
                .build();

        assertThat(table.toCsv()).isEqualTo(String.join("\r\n",
                "'=cmd|' /C calc'!A0,Note,Amount",
                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",'+1 555 0100,-25",
                "'-2+3,'@SUM(A1:A2),-0.5",
                "'\tindented,\"'\rreturn\",12",
                "plain,a = b,0", ""));
    }

    @Test
    void aLargeTableKeepsItsFirstRowsAndCountsAll() {
        Dataset.Builder builder = Dataset.builder(List.of("Id", "Name"));
        for (int i = 1; i <= 100_000; i++) {
            builder.row(i, "row " + i);
        }
        Dataset table = builder.build();

        assertThat(table.rows()).hasSize(Dataset.KEPT_ROWS);
        assertThat(table.rows().get(Dataset.KEPT_ROWS - 1)).containsExactly(1_000, "row 1000");
        assertThat(table.totalRows()).isEqualTo(100_000);
        assertThat(table.truncated()).isTrue();
        assertThat(table.note()).isEqualTo("Showing the first 1,000 of 100,000 rows");
        assertThat(table.toCsv().lines()).hasSize(1 + Dataset.KEPT_ROWS);
    }

    @Test
    void aSmallTableIsWholeAndLongTextIsCut() {
        Dataset table = Dataset.builder(List.of("Text")).row("x".repeat(5_000)).row((Object) null).build();

        assertThat(table.truncated()).isFalse();
        assertThat(table.note()).isNull();
        assertThat((String) table.rows().get(0).get(0)).hasSize(Dataset.CELL_CHARS).endsWith("…");
        assertThat(table.rows().get(1)).containsExactly((Object) null);
    }

    @Test
    void theJsonCarriesTheTotalAndTheNoteAndReadsBack() {
        Dataset.Builder builder = Dataset.builder(List.of("Id"));
        for (int i = 0; i < 1_500; i++) {
            builder.row(i);
        }
        String json = JsonMapper.shared().writeValueAsString(builder.build());
        assertThat(json).contains("\"totalRows\":1500", "\"note\":\"Showing the first 1,000 of 1,500 rows\"");

        Dataset read = JsonMapper.shared().readValue(json, Dataset.class);
        assertThat(read.rows()).hasSize(1_000);
        assertThat(read.totalRows()).isEqualTo(1_500);
        // Tables stored before the total was kept read as whole.
        assertThat(JsonMapper.shared().readValue("{\"columns\":[\"Id\"],\"rows\":[[1],[2]]}", Dataset.class).totalRows()).isEqualTo(2);
    }

    @org.junit.jupiter.api.Test
    void columnsHaveTypesReadFromTheirValues() {
        Dataset table = Dataset.builder(java.util.List.of("Day", "Hour", "Requests", "Path", "Mixed"))
                .row("2026-11-30", "2026-11-30 14:00", 12L, "/api/login", 1L)
                .row("2026-12-01", "2026-12-01 15:00", 3.5, "/", "n/a").build();
        org.assertj.core.api.Assertions.assertThat(table.types()).containsExactly("date", "timestamp", "number", "text", "text");
    }

    @Test
    void columnsSayWhatTheyCountAndCellsReadAsPeopleReadThem() {
        Dataset table = Dataset.builder(List.of("Day", "Denial rate", "Denied")).row("2026-12-01", 0.11452, 12345L).build()
                .withUnits(null, "fraction", "requests");
        assertThat(table.units()).containsExactly(null, "fraction", "requests");
        assertThat(table.shown(0.11452, 1)).isEqualTo("11.45%");
        assertThat(table.shown(12345L, 2)).isEqualTo("12,345");
        assertThat(table.shown(2024L, 0)).isEqualTo("2024");
        assertThat(table.shown("2026-12-01", 0)).isEqualTo("2026-12-01");
        String json = JsonMapper.shared().writeValueAsString(table);
        assertThat(json).contains("\"units\":[null,\"fraction\",\"requests\"]");
        assertThat(JsonMapper.shared().readValue(json, Dataset.class).units()).containsExactly(null, "fraction", "requests");
        // Tables stored before units were kept have none known.
        assertThat(JsonMapper.shared().readValue("{\"columns\":[\"Id\"],\"rows\":[[1]]}", Dataset.class).units()).containsExactly((String) null);
    }
}
