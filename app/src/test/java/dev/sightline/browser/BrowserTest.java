package dev.sightline.browser;

import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One Debian Chromium per test class; screenshots land in target/screenshots and are kept as artifacts. */
abstract class BrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        // A loaded two-core CI machine answers slower than a desk; assertions wait up to 20 s.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    /** Signs in through Sightline's own login form. */
    static void signIn(Page page, int port, String email, String password) {
        page.navigate("http://localhost:" + port + "/login");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    @AfterAll
    static void stopBrowser() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }
}
