package dev.sightline.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright. Playwright never downloads a browser here. Without
 * Chromium the browser tests are skipped with the reason, except under CI, where they must run.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("SIGHTLINE_CHROMIUM", "/usr/bin/chromium"));

    private Chromium() {
    }

    static Playwright playwright() {
        boolean installed = Files.isExecutable(EXECUTABLE);
        String reason = "No Chromium at " + EXECUTABLE + ": install Debian's package (apt-get install chromium) "
                + "or point SIGHTLINE_CHROMIUM at a Chromium binary to run the browser tests";
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason);
        }
        Assumptions.assumeTrue(installed, reason);
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }
}
