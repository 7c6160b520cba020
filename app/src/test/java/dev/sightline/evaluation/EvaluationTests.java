package dev.sightline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The evaluation set on every build: at least 95 % of the answers right, every miss printed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:evaluation;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=eval@example.com",
        "sightline.bootstrap.admin-password=evaluation-password",
        "sightline.bootstrap.api-token=" + EvaluationTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
class EvaluationTests {

    static final String TOKEN = "evaluation-token-0123456789abcdef";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    @Test
    void atLeastNinetyFivePercentOfTheEvaluationSetIsAnsweredCorrectly() throws Exception {
        SightlineApi api = new SightlineApi(port, TOKEN);
        long dataSource = api.connectArcjet("alice@example.com", "Arcjet");
        Evaluation.Report report = new Evaluation(api, 20261125L, 200_000, SandboxProcess.NOW).run(dataSource);
        System.out.println(report.describe());
        assertThat(report.results()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(report.correctness()).as(report.describe()).isGreaterThanOrEqualTo(0.95);
    }
}
