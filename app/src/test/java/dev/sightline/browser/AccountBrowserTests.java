package dev.sightline.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** A new user in a real browser: create the account, sign in, look around the shell, sign out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:browser;DB_CLOSE_DELAY=-1")
class AccountBrowserTests extends BrowserTest {

    @LocalServerPort
    int port;

    @Test
    void createAccountSignInSeeTheShellSignOut() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            context.setDefaultTimeout(10_000);
            Page page = context.newPage();
            page.navigate("http://localhost:" + port + "/");

            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Create your account"))).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("setup.png")));
            page.getByLabel("Email").fill("ada@example.com");
            page.getByLabel("Your name").fill("Ada Lovelace");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("analytical-engine-1843");
            page.getByLabel("Confirm password").fill("analytical-engine-1843");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();

            assertThat(page.getByText("Your account is ready")).isVisible();
            page.getByLabel("Email").fill("ada@example.com");
            page.getByLabel("Password").fill("analytical-engine-1843");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Data Sources").setLevel(1))).isVisible();
            assertThat(page.locator(".sidebar")).containsText("Ada Lovelace");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("shell.png")));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Ask").setLevel(1))).isVisible();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dashboards")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dashboards").setLevel(1))).isVisible();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Integrations"))).isVisible();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API tokens")).click();
            page.getByLabel("Token name").fill("Browser test");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
            assertThat(page.locator("#issued-token")).containsText("slt_");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("api-tokens.png")).setFullPage(true));

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(page.getByText("You are signed out")).isVisible();
            page.navigate("http://localhost:" + port + "/sources");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
        }
    }
}
