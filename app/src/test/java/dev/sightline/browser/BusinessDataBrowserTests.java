package dev.sightline.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
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

/**
 * The seed's third question as a new user meets it: Arcjet connected, the sample sign-ups added in
 * one click on the Files tab, a broken file refused with its row, the question asked and its
 * two-series chart pinned to a dashboard; at desktop and phone sizes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:browser-business;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.data-dir=target/browser-business-data",
        "sightline.files.folder=target/sandbox-business",
        "sightline.bootstrap.admin-email=ada@example.com",
        "sightline.bootstrap.admin-password=analytical-engine-1843",
        "sightline.bootstrap.api-token=" + BusinessDataBrowserTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
class BusinessDataBrowserTests extends BrowserTest {

    static final String TOKEN = "browser-business-token-0123456789ab";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    @Test
    void addTheSampleSignupsAskTheSeedsThirdQuestionAndPinIt() throws Exception {
        new SightlineApi(port, TOKEN).connectArcjet("alice@example.com", "Arcjet");
        Path ragged = Files.createTempFile("ragged", ".csv");
        Files.writeString(ragged, "day,visits\n2026-11-20,10\n2026-11-21,20,5\n", StandardCharsets.UTF_8);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            signIn(page, port, "ada@example.com", "analytical-engine-1843");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Data Sources")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add data source")).first().click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Files").setExact(true)).click();

            // A broken file is refused with the row that is wrong, and nothing is added.
            page.getByLabel("File", new Page.GetByLabelOptions().setExact(true)).setInputFiles(ragged);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add file")).click();
            assertThat(page.locator(".notice.error")).containsText("Row 3 has 3 values");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add Acme's sign-ups")).click();
            assertThat(page.locator(".notice.success")).containsText("rows of acme-signups.csv");
            assertThat(page.locator("h1")).containsText("Acme sign-ups");
            assertThat(page.locator("table").first()).containsText("signups");
            // The type read for each column, shown in people's words, can be changed in place.
            assertThat(page.getByLabel("Type of signups")).hasValue("BIGINT");
            org.assertj.core.api.Assertions.assertThat(page.getByLabel("Type of signups").evaluate("s => s.options[s.selectedIndex].text"))
                    .isEqualTo("whole number");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("business-source.png")).setFullPage(true));

            // The page offers the question; asking it pairs Arcjet's denial rate with the file's sign-ups.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Did denial rates spike before the signup drop?")).click();
            assertThat(page.getByLabel("Question")).hasValue("Did denial rates spike before the signup drop?");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true)).click();
            assertThat(page.locator(".answer-text")).containsText("spiked on");
            assertThat(page.locator(".answer-text")).containsText("dropped");
            assertThat(page.locator(".chart canvas")).isVisible();
            page.getByText("How this was answered").click();
            assertThat(page.locator(".steps")).containsText("sql");
            page.waitForTimeout(600); // the chart's entrance animation
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("ask-signup-drop.png")).setFullPage(true));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pin to dashboard")).click();
            page.locator("input[name=newDashboard]").fill("Attack and sign-ups");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pin").setExact(true)).click();
            assertThat(page.getByText("Pinned.")).isVisible();
            assertThat(page.locator(".tile")).hasCount(1);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click();
            assertThat(page.locator(".tile canvas")).isVisible();
            page.waitForTimeout(600);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-signup-drop.png")).setFullPage(true));

            page.setViewportSize(390, 844);
            page.reload();
            assertThat(page.locator(".tile canvas")).isVisible();
            page.waitForTimeout(600);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard-signup-drop-phone.png")).setFullPage(true));
        } finally {
            Files.deleteIfExists(ragged);
        }
    }
}
