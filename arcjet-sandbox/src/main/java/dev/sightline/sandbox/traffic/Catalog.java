package dev.sightline.sandbox.traffic;

import java.util.List;

/** The realistic pieces requests are built from: networks, paths, user agents and bots. */
final class Catalog {

    private Catalog() {
    }

    /** A network that addresses are drawn from. {@code v4Prefix}: the first two octets; {@code v6Prefix}: the first groups. */
    record Network(int asn, String name, String type, String country, String city, String v4Prefix, String v6Prefix,
                   double weight) {
    }

    static final List<Network> RESIDENTIAL = List.of(
            new Network(7922, "Comcast Cable Communications", "RESIDENTIAL", "US", "Philadelphia", "73.162", "2601:41", 24),
            new Network(7018, "AT&T Services", "RESIDENTIAL", "US", "Dallas", "99.104", "2600:1700", 14),
            new Network(3320, "Deutsche Telekom AG", "RESIDENTIAL", "DE", "Berlin", "91.47", "2003:e6", 10),
            new Network(2856, "British Telecommunications", "RESIDENTIAL", "GB", "London", "86.151", "2a00:23c5", 9),
            new Network(3215, "Orange S.A.", "RESIDENTIAL", "FR", "Paris", "90.66", "2a01:cb00", 7),
            new Network(1136, "KPN B.V.", "RESIDENTIAL", "NL", "Amsterdam", "77.163", "2a02:a46", 4),
            new Network(812, "Rogers Communications", "RESIDENTIAL", "CA", "Toronto", "99.226", "2607:fea8", 6),
            new Network(55836, "Reliance Jio Infocomm", "MOBILE", "IN", "Mumbai", "49.36", "2409:4042", 8),
            new Network(28573, "Claro S.A.", "RESIDENTIAL", "BR", "São Paulo", "177.69", "2804:14c", 5),
            new Network(4713, "NTT Communications", "RESIDENTIAL", "JP", "Tokyo", "153.201", "2400:4050", 5),
            new Network(1221, "Telstra Corporation", "RESIDENTIAL", "AU", "Sydney", "101.160", "2001:8003", 4),
            new Network(21928, "T-Mobile USA", "MOBILE", "US", "Seattle", "172.58", "2607:fb90", 8));

    static final Network DIGITALOCEAN = new Network(14061, "DigitalOcean, LLC", "HOSTING", "US", "North Bergen", "167.99", "2604:a880", 1);
    static final Network OVH = new Network(16276, "OVH SAS", "HOSTING", "FR", "Roubaix", "51.75", "2001:41d0", 1);
    static final Network HETZNER = new Network(24940, "Hetzner Online GmbH", "HOSTING", "DE", "Falkenstein", "95.216", "2a01:4f8", 1);

    static final List<Network> HOSTING = List.of(
            DIGITALOCEAN, OVH, HETZNER,
            new Network(16509, "Amazon.com, Inc.", "HOSTING", "US", "Ashburn", "54.210", "2600:1f18", 1),
            new Network(396982, "Google LLC (Cloud)", "HOSTING", "US", "Council Bluffs", "34.141", "2600:1900", 1),
            new Network(45102, "Alibaba (US) Technology", "HOSTING", "CN", "Hangzhou", "47.96", "2408:4000", 1));

    static final Network M247 = new Network(9009, "M247 Europe SRL", "VPN", "RO", "Bucharest", "185.156", "2a0d:5600", 1);
    static final Network TOR = new Network(60729, "Stiftung Erneuerbare Freiheit", "TOR", "DE", "Frankfurt", "185.220", "2a0b:f4c2", 1);
    static final Network KP = new Network(131279, "Star Joint Venture Co.", "RESIDENTIAL", "KP", "Pyongyang", "175.45", null, 1);
    static final Network GOOGLEBOT = new Network(15169, "Google LLC", "HOSTING", "US", "Mountain View", "66.249", "2001:4860", 1);
    static final Network MICROSOFT = new Network(8075, "Microsoft Corporation", "HOSTING", "US", "Boydton", "157.55", "2a01:111", 1);

    static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");

    /** A bot with the user agent it sends and where it comes from. */
    record KnownBot(Bot bot, String userAgent, Network network, double weight) {
    }

    static final List<KnownBot> GOOD_BOTS = List.of(
            new KnownBot(new Bot("GOOGLE_CRAWLER", "CATEGORY:SEARCH_ENGINE", true),
                    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", GOOGLEBOT, 45),
            new KnownBot(new Bot("BING_CRAWLER", "CATEGORY:SEARCH_ENGINE", true),
                    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", MICROSOFT, 20),
            new KnownBot(new Bot("UPTIMEROBOT", "CATEGORY:MONITOR", true),
                    "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", HOSTING.get(3), 25),
            new KnownBot(new Bot("SLACK_LINK_PREVIEW", "CATEGORY:PREVIEW", true),
                    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", HOSTING.get(3), 10));

    static final List<KnownBot> BAD_BOTS = List.of(
            new KnownBot(new Bot("OPENAI_CRAWLER", "CATEGORY:AI", true),
                    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", MICROSOFT, 18),
            new KnownBot(new Bot("ANTHROPIC_CRAWLER", "CATEGORY:AI", true),
                    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", HOSTING.get(3), 10),
            new KnownBot(new Bot("AHREFS_CRAWLER", "CATEGORY:SEO", true),
                    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", OVH, 14),
            new KnownBot(new Bot("SEMRUSH_CRAWLER", "CATEGORY:SEO", true),
                    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", HETZNER, 9),
            new KnownBot(new Bot("PYTHON_REQUESTS", "CATEGORY:TOOL", false), "python-requests/2.32.3", DIGITALOCEAN, 22),
            new KnownBot(new Bot("CURL", "CATEGORY:TOOL", false), "curl/8.5.0", HOSTING.get(4), 10),
            new KnownBot(new Bot("GO_HTTP", "CATEGORY:TOOL", false), "Go-http-client/2.0", HOSTING.get(5), 8),
            new KnownBot(new Bot("HEADLESS_CHROME", "CATEGORY:HEADLESS", false),
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", HETZNER, 9));

    /** A protected route: {@code weight} for people; {@code api} routes are rate limited; {@code post} share of writes. */
    record Route(String path, double weight, boolean api, double post) {
    }

    static final List<Route> PROD_ROUTES = List.of(
            new Route("/", 16, false, 0), new Route("/pricing", 7, false, 0), new Route("/features", 4, false, 0),
            new Route("/docs/getting-started", 5, false, 0), new Route("/docs/api-reference", 4, false, 0),
            new Route("/blog/launch-week-recap", 3, false, 0), new Route("/blog/how-we-cut-fraud", 2, false, 0),
            new Route("/login", 5, false, 0), new Route("/signup", 3, false, 0),
            new Route("/api/login", 6, true, 1), new Route("/api/signup", 2.2, true, 1), new Route("/api/search", 9, true, 0),
            new Route("/api/products", 10, true, 0), new Route("/api/cart", 5, true, 0.5), new Route("/api/checkout", 1.8, true, 1),
            new Route("/api/orders", 3, true, 0.2), new Route("/api/account", 2.5, true, 0.3), new Route("/account/settings", 1.5, false, 0));

    /** Staging protects only a few routes: the rest produce no decisions at all. */
    static final List<Route> STAGING_ROUTES = List.of(
            new Route("/api/login", 8, true, 1), new Route("/api/signup", 3, true, 1), new Route("/api/products", 10, true, 0),
            new Route("/api/search", 6, true, 0));

    static final List<String> ATTACK_PATHS = List.of(
            "/api/search?q=%27%20OR%201%3D1--", "/wp-login.php", "/.env", "/api/products?id=1%20UNION%20SELECT%20password",
            "/admin/config.php", "/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/../../etc/passwd", "/.git/config");

    static final List<String> COUNTRIES_OF_VPN = List.of("RO", "NL", "SE", "CH");
}
