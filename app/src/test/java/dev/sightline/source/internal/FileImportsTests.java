package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.sightline.source.DataSources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import of an uploaded CSV, TSV or Parquet file into a DuckDB file. People upload what their
 * spreadsheet or tool wrote, so the broken files are the ones that matter: each must be refused
 * with a message that says which row or column to fix, and a refused file must leave nothing
 * behind (no half-written database, and an earlier good import untouched). Real files are written
 * to a temporary folder and the database written is read back.
 */
class FileImportsTests {

    private static final String GOOD = """
            date,signups,activations
            2026-11-01,10,4
            2026-11-02,12,5
            2026-11-03,9,3
            2026-11-04,15,7
            2026-11-05,11,6
            """;

    @TempDir
    Path dir;

    private final FileImports imports = new FileImports();
    private Path target;

    @BeforeEach
    void placeTheDatabase() {
        // In a folder not yet made, as for a new source: the import makes it.
        target = dir.resolve("sources").resolve("source.duckdb");
    }

    // ---- files that are read ----

    @Test
    void aGoodCsvBecomesATableWithTypedColumnsAndATimeColumn() throws Exception {
        FileImports.Imported imported = imports.load(upload("signups.csv", GOOD), "signups.csv", "signups", target);

        DataSources.Table table = imported.table();
        assertThat(table.name()).isEqualTo("signups");
        assertThat(table.columns()).extracting(DataSources.Column::name).containsExactly("date", "signups", "activations");
        assertThat(table.columns()).extracting(DataSources.Column::type).containsExactly("DATE", "BIGINT", "BIGINT");
        assertThat(table.rows()).isEqualTo(5);
        assertThat(table.timeColumn()).isEqualTo("date");
        assertThat(imported.warnings()).isEmpty();
        assertThat(target).exists();
        assertNothingHalfWritten();
        // The file written is a database another connection can read, not only what describe() saw.
        assertThat(sum("signups")).isEqualTo(57.0);
        assertThat(sum("activations")).isEqualTo(25.0);
    }

    @Test
    void aUtf8ByteOrderMarkDoesNotBecomePartOfTheFirstColumnName() throws Exception {
        // Excel's "CSV UTF-8" starts the file with a BOM; left in, the time column would be "\uFEFFdate".
        Path upload = dir.resolve("bom.csv");
        Files.write(upload, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, GOOD.getBytes(StandardCharsets.UTF_8)));

        DataSources.Table table = imports.load(upload, "bom.csv", "signups", target).table();

        assertThat(table.columns().get(0).name()).isEqualTo("date").doesNotContain("\uFEFF");
        assertThat(table.columns().get(0).type()).isEqualTo("DATE");
        assertThat(table.timeColumn()).isEqualTo("date");
        assertThat(table.rows()).isEqualTo(5);
    }

    @Test
    void aTsvFileIsSplitOnTabs() throws Exception {
        Path upload = upload("signups.tsv", GOOD.replace(',', '\t'));

        DataSources.Table table = imports.load(upload, "signups.tsv", "signups", target).table();

        assertThat(table.columns()).extracting(DataSources.Column::name).containsExactly("date", "signups", "activations");
        assertThat(table.columns()).extracting(DataSources.Column::type).containsExactly("DATE", "BIGINT", "BIGINT");
        assertThat(sum("signups")).isEqualTo(57.0);
    }

    @Test
    void windowsAndOldMacLineEndingsAreRead() throws Exception {
        // Excel on Windows ends lines with CR LF, Excel's "CSV (Macintosh)" with CR alone.
        for (String end : new String[] {"\r\n", "\r"}) {
            Path upload = upload("signups.csv", GOOD.replace("\n", end));

            DataSources.Table table = imports.load(upload, "signups.csv", "signups", target).table();

            assertThat(table.columns()).extracting(DataSources.Column::type).containsExactly("DATE", "BIGINT", "BIGINT");
            assertThat(table.columns().get(2).name()).isEqualTo("activations");
            assertThat(table.rows()).isEqualTo(5);
            assertThat(sum("activations")).isEqualTo(25.0);
        }
    }

    @Test
    void quotedFieldsMayHoldTheDelimiterAndLineBreaks() throws Exception {
        Path upload = upload("notes.csv", """
                id,note
                1,"hello, world"
                2,"line one
                line two"
                3,plain
                """);

        DataSources.Table table = imports.load(upload, "notes.csv", "notes", target).table();

        // Three rows, not four: the line break inside quotes belongs to the value.
        assertThat(table.rows()).isEqualTo(3);
        assertThat(table.columns()).extracting(DataSources.Column::name).containsExactly("id", "note");
        assertThat(strings("SELECT note FROM data ORDER BY id")).containsExactly("hello, world", "line one\nline two", "plain");
    }

    @Test
    void aSemicolonFileWithEuropeanNumbersIsReadAsNumbers() throws Exception {
        // What a spreadsheet set to German or French writes: ; between fields, "1.234,5" for 1234.5.
        Path upload = upload("orders.csv", """
                date;amount
                2026-11-01;"1.234,5"
                2026-11-02;"2.000,25"
                2026-11-03;"10,75"
                """);
        assertThat(FileImports.delimiter(upload)).isEqualTo(';');

        FileImports.Imported imported = imports.load(upload, "orders.csv", "orders", target);

        assertThat(imported.table().columns()).extracting(DataSources.Column::name).containsExactly("date", "amount");
        assertThat(imported.table().column("amount")).get().extracting(DataSources.Column::type).isEqualTo("DOUBLE");
        assertThat(imported.warnings()).singleElement().asString().contains("Column amount", "thousands separators", "such as \"");
        assertThat(sum("amount")).isCloseTo(3245.5, within(1e-9));
    }

    @Test
    void aCommaFileWithQuotedThousandsSeparatorsIsReadAsNumbers() throws Exception {
        Path upload = upload("orders.csv", """
                date,amount
                2026-11-01,"1,234.50"
                2026-11-02,"12,000"
                2026-11-03,99.5
                """);
        assertThat(FileImports.delimiter(upload)).isEqualTo(',');

        FileImports.Imported imported = imports.load(upload, "orders.csv", "orders", target);

        assertThat(imported.table().column("amount")).get().extracting(DataSources.Column::type).isEqualTo("DOUBLE");
        assertThat(imported.warnings()).singleElement().asString().contains("Column amount", "thousands separators");
        assertThat(sum("amount")).isCloseTo(13334.0, within(1e-9));
    }

    @Test
    void theDelimiterIsWhicheverSplitsTheHeaderMostOutsideQuotes() throws Exception {
        assertThat(FileImports.delimiter(upload("a.csv", "a,b,c\n1,2,3\n"))).isEqualTo(',');
        assertThat(FileImports.delimiter(upload("b.csv", "a;b;c\n1;2;3\n"))).isEqualTo(';');
        assertThat(FileImports.delimiter(upload("c.csv", "a\tb\tc\n1\t2\t3\n"))).isEqualTo('\t');
        assertThat(FileImports.delimiter(upload("d.csv", "a|b|c\n1|2|3\n"))).isEqualTo('|');
        // Commas inside a quoted name do not count: two semicolons split this header, no comma does.
        assertThat(FileImports.delimiter(upload("e.csv", "\"x, y, z\";b;c\n1;2;3\n"))).isEqualTo(';');
        // One column: nothing splits it, and a comma is as good as any.
        assertThat(FileImports.delimiter(upload("f.csv", "amount\n1\n"))).isEqualTo(',');
    }

    @Test
    void aParquetFileIsReadWithItsOwnTypes() throws Exception {
        Path upload = dir.resolve("days.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT DATE '2026-11-01' + i::INTEGER AS day, i AS n FROM range(10) t(i)) TO '" + upload + "' (FORMAT parquet)");
        }

        FileImports.Imported imported = imports.load(upload, "days.parquet", "days", target);

        DataSources.Table table = imported.table();
        assertThat(table.columns()).extracting(DataSources.Column::name).containsExactly("day", "n");
        assertThat(table.columns()).extracting(DataSources.Column::type).containsExactly("DATE", "BIGINT");
        assertThat(table.rows()).isEqualTo(10);
        assertThat(table.timeColumn()).isEqualTo("day");
        assertThat(imported.warnings()).isEmpty();
        assertThat(sum("n")).isEqualTo(45.0);
        assertNothingHalfWritten();
    }

    @Test
    void aFileWithMoreRowsThanTheLimitIsRefusedBeforeItsRowsAreRead() throws Exception {
        // Run-length encoding makes a small Parquet file of many rows: its footer's count is checked, not its size.
        Path upload = dir.resolve("many.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT 1 AS n FROM range(5000)) TO '" + upload + "' (FORMAT parquet)");
        }
        FileImports bounded = new FileImports(1000);
        assertThatThrownBy(() -> bounded.load(upload, "many.parquet", "many", target))
                .isInstanceOf(ConnectionException.class).hasMessageContaining("holds 5,000 rows").hasMessageContaining("up to 1,000 rows");
        assertNothingHalfWritten();
        assertThatThrownBy(() -> new FileImports(4).load(upload("signups.csv", GOOD), "signups.csv", "signups", target))
                .isInstanceOf(ConnectionException.class).hasMessageContaining("holds 5 rows");
        assertNothingHalfWritten();
        assertThat(new FileImports(5).load(upload("signups.csv", GOOD), "signups.csv", "signups", target).table().rows()).isEqualTo(5);
    }

    @Test
    void aColumnNameTooLongOrTooManyColumnsAreRefusedWithTheLimit() throws Exception {
        String longName = "d".repeat(FileImports.MAX_COLUMN_NAME + 1);
        assertThatThrownBy(() -> imports.load(upload("long.csv", longName + ",n\n2026-11-01,1\n"), "long.csv", "long", target))
                .isInstanceOf(ConnectionException.class).hasMessageContaining("up to " + FileImports.MAX_COLUMN_NAME);
        StringBuilder wide = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int c = 0; c <= FileImports.MAX_COLUMNS; c++) {
            wide.append(c == 0 ? "" : ",").append("column_").append(c);
            row.append(c == 0 ? "" : ",").append(c);
        }
        assertThatThrownBy(() -> imports.load(upload("wide.csv", wide + "\n" + row + "\n"), "wide.csv", "wide", target))
                .isInstanceOf(ConnectionException.class).hasMessageContaining("Sightline adds files of up to " + FileImports.MAX_COLUMNS);
        assertNothingHalfWritten();
    }

    @Test
    void anImportBeyondThoseAllowedAtOnceIsToldToComeBackAndTheNextTurnReadsIt() throws Exception {
        FileImports oneAtATime = new FileImports(FileImports.MAX_ROWS, 1, java.time.Duration.ZERO);
        try (FileImports.Turn held = oneAtATime.turn()) {
            assertThatThrownBy(() -> oneAtATime.load(upload("signups.csv", GOOD), "signups.csv", "signups", target))
                    .isInstanceOf(ConnectionException.class).hasMessageContaining("adding other files right now");
        }
        assertThat(oneAtATime.load(upload("signups.csv", GOOD), "signups.csv", "signups", target).table().rows()).isEqualTo(5);
    }

    // ---- what is read, but said ----

    @Test
    void aNumberColumnWithOneOddValueIsKeptAsTextAndTheRowIsNamed() throws Exception {
        Path upload = upload("orders.csv", """
                date,amount
                2026-11-01,10
                2026-11-02,20
                2026-11-03,n/a
                2026-11-04,40
                2026-11-05,50
                """);

        FileImports.Imported imported = imports.load(upload, "orders.csv", "orders", target);

        // Not silently emptied: the value stays as written, and the person is told where it is.
        assertThat(imported.table().column("amount")).get().extracting(DataSources.Column::type).isEqualTo("VARCHAR");
        assertThat(imported.warnings()).singleElement().asString()
                .contains("Column amount is numbers except in 1 row", "row 4", "\"n/a\"", "kept as text");
        assertThat(strings("SELECT amount FROM data ORDER BY date")).containsExactly("10", "20", "n/a", "40", "50");
    }

    @Test
    void aDateColumnWithAnImpossibleDateIsKeptAsTextAndTheRowIsNamed() throws Exception {
        Path upload = upload("days.csv", """
                day,visits
                2026-11-01,1
                2026-11-02,2
                2026-11-03,3
                2026-13-45,4
                2026-11-05,5
                """);

        FileImports.Imported imported = imports.load(upload, "days.csv", "days", target);

        assertThat(imported.table().column("day")).get().extracting(DataSources.Column::type).isEqualTo("VARCHAR");
        // Text is no time column: nothing is marked rather than a column that would not bucket.
        assertThat(imported.table().timeColumn()).isNull();
        assertThat(imported.warnings()).singleElement().asString()
                .contains("Column day is dates except in 1 row", "row 5", "\"2026-13-45\"", "kept as text");
        assertThat(sum("visits")).isEqualTo(15.0);
    }

    @Test
    void formulaCellsAreKeptAsTextAndCountedOnceWithTheFirstPlace() throws Exception {
        Path upload = upload("notes.csv", """
                id,note,delta
                1,plain,-5
                2,=SUM(A1),+3.5
                3,@cmd,-5
                4,"+HYPERLINK(""http://evil.example"",""Click"")",+3.5
                """);

        FileImports.Imported imported = imports.load(upload, "notes.csv", "notes", target);

        // Three formulas in the note column; the signed numbers in delta are numbers, not formulas.
        assertThat(imported.warnings()).singleElement().asString()
                .startsWith("3 cells look like a spreadsheet formula")
                .contains("first at row 3, column note", "=SUM(A1)", "never run");
        assertThat(imported.table().column("note")).get().extracting(DataSources.Column::type).isEqualTo("VARCHAR");
        assertThat(strings("SELECT note FROM data ORDER BY id"))
                .containsExactly("plain", "=SUM(A1)", "@cmd", "+HYPERLINK(\"http://evil.example\",\"Click\")");
        // Signed numbers are numbers, not formulas: they add up.
        assertThat(imported.table().column("delta")).get().extracting(DataSources.Column::numeric).isEqualTo(true);
        assertThat(sum("delta")).isCloseTo(-3.0, within(1e-9));
    }

    @Test
    void aColumnOfSignedNumbersIsReadAsNumbers() throws Exception {
        // Spreadsheets export changes as "+5"; they are not formulas, so they should add up like numbers.
        Path upload = upload("changes.csv", """
                id,delta
                1,+5
                2,-3
                3,+2.5
                """);

        FileImports.Imported imported = imports.load(upload, "changes.csv", "changes", target);

        assertThat(imported.table().column("delta")).get().extracting(DataSources.Column::numeric).isEqualTo(true);
        assertThat(sum("delta")).isCloseTo(4.5, within(1e-9));
    }

    @Test
    void aFormulaIsWhatASpreadsheetWouldRunButASignedNumberIsNot() {
        assertThat(FileImports.formula("=SUM(A1)")).isTrue();
        assertThat(FileImports.formula("=1+1")).isTrue();
        assertThat(FileImports.formula("@cmd")).isTrue();
        assertThat(FileImports.formula("+HYPERLINK(\"http://evil.example\")")).isTrue();
        assertThat(FileImports.formula("-cmd|' /C calc'!A0")).isTrue();
        assertThat(FileImports.formula("+1 555 0100")).isTrue();

        assertThat(FileImports.formula("-5")).isFalse();
        assertThat(FileImports.formula("+3.5")).isFalse();
        assertThat(FileImports.formula("-1,234.50")).isFalse();
        assertThat(FileImports.formula("+1e6")).isFalse();
        assertThat(FileImports.formula("-")).isFalse();
        assertThat(FileImports.formula("")).isFalse();
        assertThat(FileImports.formula("a = b")).isFalse();
    }

    @Test
    void aHostileColumnNameIsJustANameAndIsQuotedWhereverItIsUsed() throws Exception {
        String hostile = "a\"; DROP TABLE data; --";
        Path upload = upload("hostile.csv", """
                "a""; DROP TABLE data; --",b
                1,x
                2,y
                """);

        DataSources.Table table = imports.load(upload, "hostile.csv", "hostile", target).table();

        assertThat(table.columns()).extracting(DataSources.Column::name).containsExactly(hostile, "b");
        assertThat(FileImports.quote(hostile)).isEqualTo("\"a\"\"; DROP TABLE data; --\"");
        // The statement built on that name runs as a sum over the column, and the table is still there.
        TableSql.Statement statement = TableSql.aggregate(TableSql.relation(FileImports.TABLE), table,
                new DataSources.Aggregate("hostile", hostile, "sum", null, null, null, null, null));
        assertThat(statement.sql()).isEqualTo("SELECT sum(\"a\"\"; DROP TABLE data; --\") AS value FROM \"data\"");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + target);
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery(statement.sql())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(3.0);
        }
        assertThat(strings("SELECT b FROM data ORDER BY b")).containsExactly("x", "y");
    }

    // ---- files that are refused, and leave nothing ----

    @Test
    void aRaggedLastRowThatTheEngineReadsAsNoRowsIsStillRefusedByItsRow() throws Exception {
        // DuckDB's sniffer reads this two-row file as a header and nothing else, without an error: the rows it lost give it away.
        Path upload = upload("visits.csv", "day,visits\n2026-11-20,10\n2026-11-21,20,5\n");

        assertThatThrownBy(() -> imports.load(upload, "visits.csv", "visits", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 3 has 3 values but the header has 2 columns");
        assertNothingLeft();
    }

    @Test
    void aRowWithOneValueTooManyIsRefusedByItsRowNumber() throws Exception {
        Path upload = upload("ragged.csv", """
                date,signups,activations
                2026-11-01,10,4
                2026-11-02,12,5,99
                2026-11-03,9,3
                """);

        // The header is row 1, so the third line is row 3.
        assertThatThrownBy(() -> imports.load(upload, "ragged.csv", "signups", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 3 has 4 values but the header has 3 columns (date, signups, activations)")
                .hasMessageContaining("Nothing was added");
        assertNothingLeft();
    }

    @Test
    void aRowWithOneValueTooFewIsRefusedByItsRowNumber() throws Exception {
        Path upload = upload("ragged.csv", """
                date,signups,activations
                2026-11-01,10,4
                2026-11-02,12,5
                2026-11-03,9
                2026-11-04,15,7
                """);

        assertThatThrownBy(() -> imports.load(upload, "ragged.csv", "signups", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 4 has 2 values but the header has 3 columns")
                .hasMessageContaining("Nothing was added");
        assertNothingLeft();
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path upload = upload("empty.csv", "");

        assertThatThrownBy(() -> imports.load(upload, "empty.csv", "empty", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("The file is empty: there is nothing to add.");
        assertNothingLeft();
    }

    @Test
    void aFileOfBlankLinesIsRefusedAsHavingNoHeader() throws Exception {
        // Not empty by size, so it passes the first check; the reader must still find no header.
        Path upload = upload("blank.csv", "\n\r\n\n");

        assertThatThrownBy(() -> imports.load(upload, "blank.csv", "blank", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("The file has no header line: the first line must name the columns.");
        assertNothingLeft();
    }

    @Test
    void aHeaderWithoutRowsIsRefused() throws Exception {
        Path upload = upload("header.csv", "date,signups,activations\n");

        assertThatThrownBy(() -> imports.load(upload, "header.csv", "signups", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("The file has a header but no rows: there is nothing to add.");
        assertNothingLeft();
    }

    @Test
    void aHeaderWithAnUnnamedColumnIsRefusedByItsPosition() throws Exception {
        Path upload = upload("unnamed.csv", """
                date,,activations
                2026-11-01,10,4
                """);

        assertThatThrownBy(() -> imports.load(upload, "unnamed.csv", "signups", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("Column 2 of the header has no name: the first line must name every column.");
        assertNothingLeft();
    }

    @Test
    void twoColumnsNamedAlikeInAnyCaseAreRefused() throws Exception {
        // Date and date would be one column to the engine, which does not tell names apart by case.
        Path upload = upload("twice.csv", """
                Date,signups,date
                2026-11-01,10,2026-11-01
                """);

        assertThatThrownBy(() -> imports.load(upload, "twice.csv", "signups", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("Columns 1 and 3 are both named \"date\": give each column its own name.");
        assertNothingLeft();
    }

    @Test
    void aBinaryFileNamedCsvIsRefusedAsNotText() throws Exception {
        // A PNG's signature (0x89 is no UTF-8 start, and NULs follow), then noise from a fixed seed.
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path upload = dir.resolve("picture.csv");
        Files.write(upload, concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'}, noise));

        assertThatThrownBy(() -> imports.load(upload, "picture.csv", "picture", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("Row 1 is not UTF-8 text")
                .hasMessageContaining("looks like a binary file")
                .hasMessageContaining("Nothing was added");
        assertNothingLeft();
    }

    @Test
    void aNulByteInValidUtf8IsRefusedAsBinaryByRowAndColumn() throws Exception {
        Path upload = upload("nul.csv", "id,note\n1,fine\n2,bad\0value\n");

        assertThatThrownBy(() -> imports.load(upload, "nul.csv", "notes", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 3, column note holds a NUL byte")
                .hasMessageContaining("looks like a binary file");
        assertNothingLeft();
    }

    @Test
    void aLatin1FileIsRefusedAsNotUtf8() throws Exception {
        Path upload = dir.resolve("cafes.csv");
        Files.write(upload, "name,visits\nBistro,3\nCaf\u00e9 Central,5\nDiner,2\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Files.readAllBytes(upload)).contains((byte) 0xE9);

        assertThatThrownBy(() -> imports.load(upload, "cafes.csv", "cafes", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageMatching("Row \\d+ is not UTF-8 text.*")
                .hasMessageContaining("Save the file as CSV in UTF-8")
                .hasMessageContaining("Nothing was added");
        assertNothingLeft();
    }

    @Test
    void aLatin1FileIsRefusedByTheRowThatHoldsTheOddByte() throws Exception {
        Path upload = dir.resolve("cafes.csv");
        Files.write(upload, "name,visits\nBistro,3\nCaf\u00e9 Central,5\nDiner,2\n".getBytes(StandardCharsets.ISO_8859_1));

        // "Café" is on the third line: the person should be sent there, not to the header.
        assertThatThrownBy(() -> imports.load(upload, "cafes.csv", "cafes", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 3 is not UTF-8 text");
        assertNothingLeft();
    }

    @Test
    void anUnclosedQuoteIsRefusedByTheRowWhereItOpens() throws Exception {
        Path upload = upload("quote.csv", """
                id,note
                1,fine
                2,"never closed
                3,also swallowed
                """);

        assertThatThrownBy(() -> imports.load(upload, "quote.csv", "notes", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 3 could not be read")
                .hasMessageContaining("Nothing was added");
        assertNothingLeft();
    }

    @Test
    void aTextFileNamedParquetIsRefused() throws Exception {
        Path upload = upload("days.parquet", GOOD);

        assertThatThrownBy(() -> imports.load(upload, "days.parquet", "days", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("This is not a Parquet file");
        assertNothingLeft();
    }

    @Test
    void aDamagedParquetFileIsRefusedByTheEngineAndLeavesNothing() throws Exception {
        // Parquet's marker at both ends passes the first check: the engine's refusal is the one that counts.
        Path upload = damagedParquet();

        assertThatThrownBy(() -> imports.load(upload, "bad.parquet", "bad", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("The file could not be read: ");
        // The engine had opened the partial database before it failed: it is gone too.
        assertNothingLeft();
    }

    @Test
    void aDamagedParquetFileIsRefusedWithoutTheServersPathOfTheUpload() throws Exception {
        Path upload = damagedParquet();

        // The person named the file bad.parquet; where the server keeps it is not theirs to read.
        assertThatThrownBy(() -> imports.load(upload, "bad.parquet", "bad", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("The file could not be read")
                .hasMessageNotContaining(dir.toString());
    }

    @Test
    void theKindIsReadFromTheNameAndSpreadsheetsAreToldWhatToDo() {
        assertThat(FileImports.kind("signups.csv")).isEqualTo(FileImports.Kind.CSV);
        assertThat(FileImports.kind("SIGNUPS.CSV")).isEqualTo(FileImports.Kind.CSV);
        assertThat(FileImports.kind("export.txt")).isEqualTo(FileImports.Kind.CSV);
        assertThat(FileImports.kind("export.tsv")).isEqualTo(FileImports.Kind.TSV);
        assertThat(FileImports.kind("Days.Parquet")).isEqualTo(FileImports.Kind.PARQUET);

        assertThatThrownBy(() -> FileImports.kind("Budget.xlsx"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("save the sheet as CSV");
        assertThatThrownBy(() -> FileImports.kind("setup.exe"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Sightline reads CSV, TSV and Parquet files")
                .hasMessageContaining("\"setup.exe\" is none of these");
        assertThatThrownBy(() -> FileImports.kind(null)).isInstanceOf(ConnectionException.class);
    }

    @Test
    void aRefusedKindIsRefusedBeforeTheFileIsRead() throws Exception {
        Path upload = upload("Budget.xlsx", GOOD);

        assertThatThrownBy(() -> imports.load(upload, "Budget.xlsx", "budget", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("save the sheet as CSV");
        assertNothingLeft();
    }

    @Test
    void aReimportReplacesTheTableOnlyWhenTheNewFileIsGood() throws Exception {
        imports.load(upload("a.csv", GOOD), "a.csv", "signups", target);
        assertThat(sum("signups")).isEqualTo(57.0);

        Path broken = upload("b.csv", """
                date,signups,activations
                2026-12-01,100,40
                2026-12-02,120
                """);
        assertThatThrownBy(() -> imports.load(broken, "b.csv", "signups", target))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("Row 3 has 2 values");
        // The refused file changed nothing: the first import still answers.
        assertThat(sum("signups")).isEqualTo(57.0);
        assertNothingHalfWritten();

        // Nor does one refused later, by the engine, after a new database was begun beside the old one.
        Path damaged = damagedParquet();
        assertThatThrownBy(() -> imports.load(damaged, "bad.parquet", "signups", target)).isInstanceOf(ConnectionException.class);
        assertThat(sum("signups")).isEqualTo(57.0);
        assertNothingHalfWritten();

        imports.load(upload("c.csv", "date,signups,activations\n2026-12-01,100,40\n"), "c.csv", "signups", target);
        assertThat(sum("signups")).isEqualTo(100.0);
        assertNothingHalfWritten();
    }

    // ---- helpers ----

    private Path upload(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Parquet's marker at both ends, and no Parquet between them. */
    private Path damagedParquet() throws IOException {
        return Files.write(dir.resolve("bad.parquet"), "PAR1 this is not really Parquet at all PAR1".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A refused file leaves no database and no partial one. */
    private void assertNothingLeft() throws IOException {
        assertThat(target).doesNotExist();
        assertNothingHalfWritten();
    }

    /** No file being written remains anywhere under the temporary folder. */
    private void assertNothingHalfWritten() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.contains(".importing"));
        }
    }

    /** The sum of an expression over the imported table, read through a new connection to the target. */
    private double sum(String expression) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + target);
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT sum(" + expression + ") FROM data")) {
            assertThat(rs.next()).isTrue();
            return rs.getDouble(1);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + target);
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
