package dev.sightline.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
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

/** Ask → answer with live progress → pin → the dashboard runs the tiles again, in a real browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:browser-ask;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=ada@example.com",
        "sightline.bootstrap.admin-password=analytical-engine-1843",
        "sightline.bootstrap.api-token=" + AskAndPinBrowserTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
class AskAndPinBrowserTests extends BrowserTest {

    static final String TOKEN = "browser-ask-token-0123456789abcdef";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    @Test
    void askTheSeedsQuestionsPinTwoAndSeeTheDashboard() throws Exception {
        new SightlineApi(port, TOKEN).connectArcjet("alice@example.com", "Arcjet");
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            signIn(page, port, "ada@example.com", "analytical-engine-1843");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            // The page's script binds the stream when it has run; a click before that (a busy machine) would post the plain form.
            page.waitForURL(java.util.regex.Pattern.compile(".*/ask$"), new Page.WaitForURLOptions().setWaitUntil(com.microsoft.playwright.options.WaitUntilState.LOAD));
            // The answer comes through the live-progress stream: posted with the page's CSRF token, never a GET.
            Response stream = page.waitForResponse(response -> response.url().contains("/ask/stream"), () ->
                    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("How many requests did we deny for rate limiting this week?")).click());
            org.assertj.core.api.Assertions.assertThat(stream.request().method()).isEqualTo("POST");
            org.assertj.core.api.Assertions.assertThat(stream.status()).isEqualTo(200);
            assertThat(page.locator(".answer-text")).containsText("denied requests for rate limiting on acme-prod");
            assertThat(page.locator(".metric-card")).isVisible();
            assertThat(page.locator(".confidence")).containsText("confidence");
            page.getByText("How this was answered").click();
            assertThat(page.locator(".steps")).containsText("analyze-traffic");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("ask-rate-limit.png")).setFullPage(true));
            pin(page, "Security");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            page.getByLabel("Question").fill("Which paths and IPs trigger the most bot detections?");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true)).click();
            assertThat(page.locator(".answer-text")).containsText("the top path is /api/signup");
            assertThat(page.locator(".chart canvas")).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("ask-bot-paths.png")).setFullPage(true));
            pin(page, null);

            assertThat(page.locator(".tile")).hasCount(2);
            assertThat(page.locator(".tile").nth(1).locator("canvas")).isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click();
            assertThat(page.locator(".tile")).hasCount(2);
            assertThat(page.locator(".tile").first()).containsText("Updated");
            page.waitForTimeout(600); // the charts' entrance animation
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard.png")).setFullPage(true));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Did denial rates spike before the signup drop?")).click();
            assertThat(page.locator(".answer-text")).containsText("signups");
            assertThat(page.locator(".warning-box")).containsText("Missing data");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            page.getByLabel("Question").fill("Which IPs get denied most on /api/login this week?");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true)).click();
            // Counted from the path's own requests, and said so.
            assertThat(page.locator(".answer-text")).containsText("denied requests to /api/login");
            assertThat(page.getByText("Not narrowed to /api/login")).hasCount(0);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("ask-path-ips.png")).setFullPage(true));

            // Owners see every tool call in Settings → Audit log.
            page.navigate("http://localhost:" + port + "/settings/audit");
            assertThat(page.locator("table")).containsText("analyze-traffic");

            // Settings → Workspace: "today" is read in the workspace's time zone.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Workspace")).click();
            page.getByLabel("Time zone").selectOption("America/New_York");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator(".notice.success")).containsText("America/New_York");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("settings-workspace.png")));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            page.getByLabel("Question").fill("How many requests were denied today?");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true)).click();
            assertThat(page.locator(".answer-text")).containsText("(America/New_York)");
            assertThat(page.locator(".answer-period")).containsText("America/New_York");

            // A question the server refuses (longer than a question may be) is said on the page, and the form stays usable.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            page.getByLabel("Question").evaluate("input => { input.value = 'How many requests were denied ' + 'x'.repeat(1200); }");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true)).click();
            assertThat(page.locator("[data-progress] .failed")).containsText("Questions are at most 1,000 characters");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true))).isEnabled();
        }
    }

    private static void pin(Page page, String newDashboard) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pin to dashboard")).click();
        if (newDashboard != null) {
            page.locator("input[name=newDashboard]").fill(newDashboard);
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pin").setExact(true)).click();
        assertThat(page.getByText("Pinned.")).isVisible();
    }
}
