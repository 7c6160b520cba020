package dev.sightline.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
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
 * A team in a real browser: the owner invites a viewer by link, the viewer joins and reads a shared
 * dashboard that runs with the owner's Arcjet connection, the owner disconnects that connection (warned
 * which tiles read it), the tile says so, connecting the same account again brings it back, and
 * removing the viewer signs them out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:browser-team;DB_CLOSE_DELAY=-1",
        "sightline.allow-loopback-http=true",
        "sightline.bootstrap.admin-email=ada@example.com",
        "sightline.bootstrap.admin-password=analytical-engine-1843",
        "sightline.bootstrap.api-token=" + TeamBrowserTests.TOKEN})
@ActiveProfiles("test")
@Import(SandboxClock.class)
class TeamBrowserTests extends BrowserTest {

    static final String TOKEN = "browser-team-token-0123456789abcdef";

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("sightline.connectors.arcjet-url", () -> SandboxProcess.shared().mcpUrl());
    }

    @LocalServerPort
    int port;

    @Test
    void inviteJoinShareDisconnectReconnectRemove() throws Exception {
        SightlineApi api = new SightlineApi(port, TOKEN);
        api.connectArcjet("alice@example.com", "Arcjet");
        String analysis = api.json("POST", "/api/analyses", "{\"question\":\"How many requests did we deny for rate limiting this week?\"}")
                .path("id").asString();
        long dashboard = api.json("POST", "/api/dashboards", "{\"name\":\"Security\"}").path("id").asLong();
        api.json("POST", "/api/dashboards/" + dashboard + "/tiles", "{\"analysisId\":\"" + analysis + "\",\"title\":\"Rate-limit denials\"}");

        try (BrowserContext owner = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900));
             BrowserContext viewer = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
            owner.setDefaultTimeout(30_000);
            viewer.setDefaultTimeout(30_000);
            Page ada = owner.newPage();
            signIn(ada, port, "ada@example.com", "analytical-engine-1843");

            // The owner shares the dashboard and invites a viewer.
            ada.navigate(url("/dashboards/" + dashboard));
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share with workspace")).click();
            assertThat(ada.getByText("Shared with the workspace.")).isVisible();
            ada.navigate(url("/settings/members"));
            ada.locator("form[action$='/settings/members/invitations'] select[name=role]").selectOption("VIEWER");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create invitation link")).click();
            String link = ada.locator("#invitation-link").textContent().strip();
            assertThat(ada.locator(".table").last()).containsText("Viewer");
            ada.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("members-invitation.png")).setFullPage(true));

            // The invitee joins with the link and signs in.
            Page vic = viewer.newPage();
            vic.navigate(link);
            assertThat(vic.locator("h1")).hasText("Join the workspace");
            vic.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("join-phone.png")).setFullPage(true));
            vic.getByLabel("Email").fill("vic@example.com");
            vic.getByLabel("Your name").fill("Vic");
            vic.locator("#password").fill("password1234");
            vic.locator("#confirmPassword").fill("password1234");
            vic.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
            assertThat(vic.locator(".notice.error")).containsText("too easy to guess");
            vic.locator("#password").fill("heron-orchard-lantern-73");
            vic.locator("#confirmPassword").fill("heron-orchard-lantern-73");
            vic.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
            assertThat(vic.getByText("Welcome aboard")).isVisible();
            signIn(vic, port, "vic@example.com", "heron-orchard-lantern-73");

            // A viewer lands on dashboards, has no Ask, and reads the shared one with Ada's connection.
            assertThat(vic).hasURL(java.util.regex.Pattern.compile(".*/dashboards$"));
            assertThat(vic.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask"))).hasCount(0);
            vic.getByText("Security").click();
            assertThat(vic.locator(".shared-note")).containsText("Shared by ada@example.com");
            assertThat(vic.locator(".tile-text")).containsText("rate limiting");
            assertThat(vic.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Share with workspace"))).hasCount(0);
            vic.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("viewer-shared-dashboard-phone.png")).setFullPage(true));

            // Disconnecting warns first and names the tile that reads the source.
            List<String> warnings = new ArrayList<>();
            ada.onDialog(dialog -> {
                warnings.add(dialog.message());
                dialog.accept();
            });
            ada.navigate(url("/settings/integrations"));
            ada.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("integrations-admin.png")).setFullPage(true));
            ada.locator("tr", new Page.LocatorOptions().setHasText("Arcjet")).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disconnect")).click();
            assertThat(ada.getByText("Disconnected.")).isVisible();
            org.assertj.core.api.Assertions.assertThat(warnings).singleElement().asString().contains("Security › Rate-limit denials");

            vic.reload();
            assertThat(vic.locator(".tile-gone")).containsText("Arcjet was disconnected.");
            assertThat(vic.locator(".tile-gone")).containsText("Ask whoever shared this dashboard");

            // Connecting the same Arcjet account again brings the tile back.
            api.connectArcjet("alice@example.com", "Arcjet");
            vic.reload();
            assertThat(vic.locator(".tile-gone")).hasCount(0);
            assertThat(vic.locator(".tile-text")).containsText("rate limiting");

            // Removing the viewer signs them out at once.
            ada.navigate(url("/settings/members"));
            ada.locator("tr", new Page.LocatorOptions().setHasText("vic@example.com")).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove")).click();
            assertThat(ada.getByText("Member removed")).isVisible();
            vic.reload();
            assertThat(vic).hasURL(java.util.regex.Pattern.compile(".*/login$"));
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
