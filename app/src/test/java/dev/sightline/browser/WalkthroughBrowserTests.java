package dev.sightline.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import dev.sightline.testing.SightlineApi;
import dev.sightline.testing.TestMcpServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:walk;DB_CLOSE_DELAY=-1", "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=ada@example.com", "sightline.bootstrap.admin-password=analytical-engine-1843",
        "sightline.bootstrap.api-token=walk-token-0123456789abcdefghijkl"})
@ActiveProfiles("test")
@Import(SandboxClock.class)
/**
 * What a person sees at desktop and phone sizes: the Arcjet data source with its allowed and
 * blocked tools, and an answer that failed because the server answered with an error (its own
 * words, no confidence, no pin). Screenshots: target/screenshots/walk-*.png.
 */
class WalkthroughBrowserTests extends BrowserTest {
    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry r) {
        r.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    @Test
    void aDataSourceAndAFailedAnswerAtDesktopAndPhoneSizes() throws Exception {
        SightlineApi api = new SightlineApi(port, "walk-token-0123456789abcdefghijkl");
        long arcjet = api.connectArcjet("alice@example.com", "Arcjet production");
        try (TestMcpServer payouts = TestMcpServer.start()) {
            payouts.tool("list-payouts", "Payouts made in a period", TestMcpServer.Reply.rpcError("Payout service unavailable until 09:00 UTC"));
            long custom = api.json("POST", "/api/datasources", "{\"connector\":\"custom-mcp\",\"url\":\"" + payouts.url() + "\",\"name\":\"Payouts\",\"auth\":\"none\"}").path("id").asLong();
            for (var size : Map.of("desktop", new int[] {1280, 900}, "phone", new int[] {390, 844}).entrySet()) {
                try (BrowserContext context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(size.getValue()[0], size.getValue()[1]))) {
                    Page page = context.newPage();
                    signIn(page, port, "ada@example.com", "analytical-engine-1843");
                    page.navigate("http://localhost:" + port + "/sources/" + arcjet);
                    assertThat(page.locator(".tool-list.blocked")).containsText("put-guard-policy");
                    // The vendor knowledge is checked against this server's live catalog and offers questions to try.
                    assertThat(page.locator(".knowledge")).containsText("knowledge matches this server's tools");
                    assertThat(page.locator(".knowledge .examples li").first()).isVisible();
                    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("walk-source-" + size.getKey() + ".png")).setFullPage(true));
                    page.navigate("http://localhost:" + port + "/ask");
                    page.getByPlaceholder("e.g. How many requests did we deny for rate limiting this week?").fill("list the payouts");
                    page.locator("select").first().selectOption(String.valueOf(custom));
                    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask").setExact(true)).click();
                    assertThat(page.getByText("Payouts answered with an error")).isVisible();
                    assertThat(page.getByText("Payout service unavailable until 09:00 UTC").first()).isVisible();
                    assertThat(page.getByText("Pin to dashboard")).hasCount(0);
                    assertThat(page.getByText("% confidence")).hasCount(0);
                    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("walk-failed-" + size.getKey() + ".png")).setFullPage(true));
                }
            }
        }
    }
}
