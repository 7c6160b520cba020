package dev.sightline.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.sightline.testing.SandboxClock;
import dev.sightline.testing.SandboxProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's flow in a real browser against the sandboxed Arcjet: Data Sources → Add data source →
 * MCP Servers → Arcjet → Authorize with Arcjet → sign in and approve in the popup → name → Finish →
 * 15 allowed and 7 blocked tools → Settings → Integrations → Disconnect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:browser-connect;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=ada@example.com",
        "sightline.bootstrap.admin-password=analytical-engine-1843"})
@ActiveProfiles("test")
@Import(SandboxClock.class)
class ConnectArcjetBrowserTests extends BrowserTest {

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    @Test
    void connectArcjetAsTheSeedDescribesThenDisconnect() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            context.setDefaultTimeout(20_000);
            Page page = context.newPage();
            signIn(page, port, "ada@example.com", "analytical-engine-1843");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Data Sources")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add data source").setExact(true)).first().click();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("MCP Servers"))).isVisible();
            page.locator("[data-connector=arcjet]").click();

            // A closed popup is reported, and nothing is connected.
            Page abandoned = page.waitForPopup(() -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Authorize with Arcjet")).click());
            abandoned.waitForLoadState();
            abandoned.close();
            assertThat(page.getByText("The sign-in window was closed before access was granted")).isVisible();

            Page popup = page.waitForPopup(() -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Authorize with Arcjet")).click());
            popup.getByLabel("Email").fill("alice@example.com");
            popup.getByLabel("Password").fill("sandbox");
            popup.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(popup.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Grant read access?"))).isVisible();
            popup.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("arcjet-consent.png")));
            popup.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")).click();
            popup.waitForClose(() -> { });

            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Arcjet is authorized"))).isVisible();
            assertThat(page.getByLabel("Site")).containsText("acme-prod");
            page.getByLabel("Name").fill("Arcjet production");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("arcjet-name.png")));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Finish")).click();

            assertThat(page.getByText("Connection ready").first()).isVisible();
            // The site is stored by its id (a TypeID) and shown by its name.
            assertThat(page.locator(".page-header")).containsText("site acme-prod");
            assertThat(page.locator(".page-header")).not().containsText("site_");
            assertThat(page.locator(".tool-list:not(.blocked) li")).hasCount(15);
            assertThat(page.locator(".tool-list.blocked li")).hasCount(7);
            assertThat(page.locator(".tool-list.blocked")).containsText("promote-rule");
            assertThat(page.locator(".tool-list.blocked")).containsText("secret");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("arcjet-data-source.png")).setFullPage(true));

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection")).click();
            assertThat(page.getByText("Connection works: 15 read-only tools available.")).isVisible();

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings").setExact(true)).click();
            assertThat(page.locator("table")).containsText("Arcjet production");
            page.onDialog(dialog -> dialog.accept());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disconnect")).click();
            assertThat(page.getByText("Disconnected. The stored credentials were deleted.")).isVisible();
            assertThat(page.getByText("No integrations are connected.")).isVisible();
        }
    }
}
