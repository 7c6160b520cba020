package dev.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.sightline.SightlineApplication;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Sightline as ./demo runs it (H2 file database, key file and logs in one data directory that an
 * earlier version left readable to everyone), through a realistic session: connect Arcjet, add a
 * file, ask across both, pin to a dashboard and open it. Afterwards nobody but the owner can read
 * anything there, and H2 wrote no trace file (it writes one for every error it sees).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataDirectoryTests {

    static final String TOKEN = "storage-token-0123456789abcdefghij";

    final Path data = SandboxProcess.emptyDirectory(Path.of("target", "data-directory-test")).toAbsolutePath();
    ConfigurableApplicationContext app;

    @BeforeAll
    void startAndUse() throws Exception {
        // What an earlier version left behind: everything readable by others.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = Files.createDirectories(data.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(logs.resolve("sightline.log"), "{\"message\":\"an earlier run\"}\n");
        Files.setPosixFilePermissions(logs.resolve("sightline.log"), PosixFilePermissions.fromString("rw-r--r--"));
        Path rolled = logs.resolve("sightline.log.2026-11-01.0.gz");
        Files.write(rolled, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(rolled, PosixFilePermissions.fromString("rw-r--r--"));

        SandboxProcess sandbox = SandboxProcess.shared();
        app = new SpringApplicationBuilder(SightlineApplication.class, SandboxClock.class).run(
                "--server.port=0",
                "--spring.profiles.active=demo",
                "--spring.datasource.url=jdbc:h2:file:" + data + "/sightline;DB_CLOSE_ON_EXIT=FALSE",
                "--sightline.data-dir=" + data,
                "--logging.file.name=" + data + "/logs/sightline.log",
                "--sightline.connectors.arcjet-url=" + sandbox.mcpUrl(),
                "--sightline.allow-loopback-http=true",
                "--sightline.files.folder=target/sandbox-business",
                "--sightline.bootstrap.admin-email=owner@example.com",
                "--sightline.bootstrap.admin-password=owner-password-123",
                "--sightline.bootstrap.api-token=" + TOKEN);
        SightlineApi api = new SightlineApi(((WebServerApplicationContext) app).getWebServer().getPort(), TOKEN);

        long arcjet = api.connectArcjet("alice@example.com", "Arcjet");
        long signups = api.json("POST", "/api/datasources/files/folder", "{\"file\":\"acme-signups.csv\"}").path("id").asLong();
        JsonNode analysis = api.json("POST", "/api/analyses", "{\"question\":\"Did denial rates spike before the signup drop?\",\"dataSourceIds\":["
                + arcjet + "," + signups + "]}");
        assertThat(analysis.path("status").asString()).isEqualTo("ANSWERED");
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Attacks\"}").path("id").asLong();
        api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + analysis.path("id").asString() + "\"}");
        assertThat(api.json("GET", "/api/dashboards", null).size()).isEqualTo(1);
        assertThat(api.json("GET", "/api/dashboards/" + dashboard, null).path("tiles").size()).isEqualTo(1);
        assertThat(api.json("GET", "/api/datasources/" + signups, null).path("kind").asString()).isEqualTo("file");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void onlyTheOwnerCanReadTheDataDirectory() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path path : all.toList()) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(permissions(path)).as(path.toString()).isEqualTo("rwx------");
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(permissions(path)).as(path.toString()).isEqualTo("rw-------");
                    files.add(data.relativize(path));
                }
            }
        }
        // What was checked: the database, the key, the logs (old and new) and the file source's data.
        assertThat(files.stream().map(Path::toString)).contains("sightline.mv.db", "master.key", "logs/sightline.log",
                "logs/sightline.log.2026-11-01.0.gz");
        assertThat(files).anySatisfy(file -> assertThat(file.toString()).matches("files/workspace-\\d+/source-\\d+-\\d+\\.duckdb"));
    }

    @Test
    void h2WroteNoTraceFile() throws Exception {
        try (Stream<Path> all = Files.list(data)) {
            assertThat(all.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".trace.db"));
        }
    }

    @Test
    void theDemoListensOnLoopbackOnly() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
        Object address = server.getTomcat().getConnector().getProperty("address");
        assertThat(address).isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) address).isLoopbackAddress()).isTrue();
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
