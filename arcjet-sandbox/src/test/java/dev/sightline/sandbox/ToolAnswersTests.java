package dev.sightline.sandbox;

import static dev.sightline.sandbox.world.SandboxWorld.ACME;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_PROD;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_STAGING;
import static dev.sightline.sandbox.world.SandboxWorld.GLOBEX;
import static dev.sightline.sandbox.world.SandboxWorld.GLOBEX_WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.sightline.sandbox.tools.ArcjetTools;
import dev.sightline.sandbox.tools.ToolError;
import dev.sightline.sandbox.traffic.Conclusion;
import dev.sightline.sandbox.traffic.Reason;
import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.traffic.TrafficStore;
import dev.sightline.sandbox.world.Account;
import dev.sightline.sandbox.world.SandboxWorld;
import org.junit.jupiter.api.Test;

/**
 * Every tool's answer, for many windows, sites, filters and ids, at the default seed and volume,
 * pinned by digest: the project's tests and its evaluation compare answers against the sandbox,
 * so a change to how the sandbox stores or counts its traffic must not move a single figure.
 * Twice: with the clock at the moment the traffic was generated, and minutes later at an odd
 * millisecond, so that windows end between the stored time buckets.
 *
 * <p>On a mismatch the answers are written to target/tool-answers/ (one line per call, and the
 * digests). If the change of answers is intended, copy target/tool-answers/tool-answers.sha256
 * over src/test/resources/tool-answers.sha256.
 */
class ToolAnswersTests {

    static final Instant NOW = Instant.parse(SandboxTest.NOW);
    static final Duration LATER = Duration.ofMillis(1_234_567);
    static final String DIGESTS = "tool-answers.sha256";

    @Test
    void everyToolAnswersAsPinned() throws IOException {
        int volume = Integer.getInteger("tool-answers.volume", 200_000);
        List<String> lines = new ArrayList<>();
        lines.addAll(answers(volume, Duration.ZERO));
        lines.addAll(answers(volume, LATER));
        // A line's digest covers the call and its answer; the tool's name is only there to read.
        List<String> digests = lines.stream().map(line -> sha256(line).substring(0, 16) + " " + line.split(" ")[2]).toList();

        Path out = Path.of("target", "tool-answers");
        Files.createDirectories(out);
        Files.write(out.resolve("tool-answers-" + volume + ".txt"), lines, StandardCharsets.UTF_8);
        Files.write(out.resolve(DIGESTS), digests, StandardCharsets.UTF_8);
        if (volume != 200_000) {
            // Other volumes are for comparing two builds by hand; only the default volume is pinned.
            return;
        }
        List<String> pinned;
        try (InputStream in = getClass().getResourceAsStream("/" + DIGESTS)) {
            assertThat(in).as("src/test/resources/%s (copy it from %s)", DIGESTS, out.resolve(DIGESTS)).isNotNull();
            pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.max(pinned.size(), digests.size()); i++) {
            String expected = i < pinned.size() ? pinned.get(i) : "(none)";
            String actual = i < digests.size() ? digests.get(i) : "(none)";
            if (!expected.equals(actual)) {
                changed.add("line " + (i + 1) + ": " + actual);
            }
        }
        assertThat(changed).as("answers that differ from the pinned ones; all answers are in %s", out).isEmpty();
    }

    /** One line per call: the call, then its answer as canonical JSON (or the error it raised). */
    static List<String> answers(int volume, Duration clockAfterGeneration) {
        SandboxWorld world = new SandboxWorld(Clock.fixed(NOW.plus(clockAfterGeneration), ZoneOffset.UTC));
        TrafficStore traffic = new TrafficStore(world, new TrafficGenerator(SandboxWorld.DEFAULT_SEED, volume, NOW));
        ArcjetTools tools = new ArcjetTools(world, traffic);
        Account alice = world.account("alice@example.com").orElseThrow();
        Account bob = world.account("bob@example.com").orElseThrow();
        Calls calls = new Calls(tools, "+" + clockAfterGeneration.toMillis() + "ms ");
        Instant now = world.clock().instant();
        TrafficGenerator.Incident incident = traffic.generator().incident();
        List<RequestDecision> prod = traffic.of(ACME_PROD).stream().toList();
        List<RequestDecision> staging = traffic.of(ACME_STAGING).stream().toList();
        Instant someRequest = prod.get(prod.size() / 3).timestamp();

        List<Map<String, Object>> windows = new ArrayList<>();
        windows.add(Map.of());
        for (String period : List.of("1h", "6h", "24h", "48h", "7d", "14d", "30d", "90d")) {
            windows.add(Map.of("period", period));
        }
        windows.add(window(incident.start(), incident.end()));
        windows.add(window(incident.start(), incident.start().plus(Duration.ofHours(24))));
        windows.add(window(now.minus(Duration.ofDays(3)).plusMillis(1_043_456), now.minus(Duration.ofDays(1)).minusMillis(299_211)));
        windows.add(Map.of("start", now.minus(Duration.ofDays(2)).plusMillis(1).toString()));
        windows.add(window(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(45))));
        windows.add(window(now.minus(Duration.ofDays(35)), now.minus(Duration.ofDays(25))));
        windows.add(window(someRequest, someRequest.plusMillis(1)));
        windows.add(window(now.minus(Duration.ofHours(10)).minusMillis(1_234), now.minus(Duration.ofHours(9)).plusMillis(4_321)));
        windows.add(window(Instant.parse("2026-11-18T00:00:00Z"), Instant.parse("2026-11-19T00:00:00Z")));
        windows.add(window(now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(2))));
        List<Map<String, Object>> someWindows = List.of(Map.of(), Map.of("period", "24h"), Map.of("period", "7d"), Map.of("period", "30d"),
                windows.get(9), windows.get(11));

        List<Map<String, Object>> filters = new ArrayList<>();
        for (Conclusion c : Conclusion.values()) {
            filters.add(Map.of("conclusion", c.name()));
        }
        for (Reason r : Reason.values()) {
            filters.add(Map.of("reason", r.name()));
        }
        filters.add(Map.of("conclusion", "DENY", "reason", "BOT"));
        filters.add(Map.of("conclusion", "DENY", "reason", "RATE_LIMIT"));
        filters.add(Map.of("conclusion", "CHALLENGE", "reason", "BOT"));
        filters.add(Map.of("conclusion", "ALLOW", "reason", "FILTER"));
        filters.add(Map.of("conclusion", "ALLOW", "reason", "NONE"));
        filters.add(Map.of("conclusion", "ERROR", "reason", "ERROR"));
        filters.add(Map.of("conclusion", "deny", "reason", " shield "));

        calls.add(alice, "list-teams", Map.of());
        calls.add(bob, "list-teams", Map.of());
        calls.add(alice, "list-sites", Map.of("teamId", ACME));
        calls.add(alice, "list-sites", Map.of("teamId", GLOBEX));
        calls.add(bob, "list-sites", Map.of("teamId", GLOBEX));

        Map<Account, List<String>> sitesOf = new LinkedHashMap<>();
        sitesOf.put(alice, List.of(ACME_PROD, ACME_STAGING));
        sitesOf.put(bob, List.of(GLOBEX_WEB));
        for (var entry : sitesOf.entrySet()) {
            Account caller = entry.getKey();
            for (String site : entry.getValue()) {
                for (Map<String, Object> window : windows) {
                    calls.add(caller, "analyze-traffic", with(window, "siteId", site));
                    calls.add(caller, "get-anomalies", with(window, "siteId", site));
                    calls.add(caller, "get-dry-run-impact", with(window, "siteId", site));
                    calls.add(caller, "list-requests", with(window, "siteId", site));
                }
                for (Map<String, Object> window : someWindows) {
                    for (Map<String, Object> filter : filters) {
                        calls.add(caller, "analyze-traffic", with(with(window, filter), "siteId", site));
                        calls.add(caller, "list-requests", with(with(window, filter), "siteId", site));
                    }
                }
                calls.add(caller, "analyze-traffic", Map.of("siteId", site, "period", "30d", "limit", 1));
                calls.add(caller, "analyze-traffic", Map.of("siteId", site, "period", "30d", "limit", 50));
                calls.add(caller, "analyze-traffic", Map.of("siteId", site, "period", "7d", "reason", "BOT", "limit", 50));
                calls.add(caller, "get-site-quota", Map.of("siteId", site));
                calls.add(caller, "get-security-briefing", Map.of("siteId", site));
                calls.add(caller, "list-rules", Map.of("siteId", site));
                calls.add(caller, "get-site-key", Map.of("siteId", site));
                calls.add(caller, "list-guard-policies", Map.of("siteId", site));
            }
        }
        calls.add(alice, "analyze-traffic", Map.of("siteId", GLOBEX_WEB));
        calls.add(alice, "analyze-traffic", Map.of("siteId", "acme-prod"));
        calls.add(alice, "analyze-traffic", Map.of("siteId", ACME_PROD, "period", "0h"));
        calls.add(alice, "analyze-traffic", Map.of("siteId", ACME_PROD, "period", "91d"));
        calls.add(alice, "analyze-traffic", Map.of("siteId", ACME_PROD, "period", "7d", "start", now.toString()));
        calls.add(alice, "analyze-traffic", window(now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(2))), "siteId", ACME_PROD);
        calls.add(alice, "analyze-traffic", window(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))), "siteId", ACME_PROD);
        calls.add(alice, "analyze-traffic", Map.of("siteId", ACME_PROD, "reason", "NOPE"));

        // investigate-ip: the busiest addresses, the campaign's, denied ones, a sample of all, unknown and malformed ones.
        Set<String> ips = new LinkedHashSet<>();
        for (List<RequestDecision> site : List.of(prod, staging)) {
            List<String> distinct = site.stream().map(d -> d.ip().address()).distinct().toList();
            for (int i = 0; i < distinct.size(); i += Math.max(1, distinct.size() / 25)) {
                ips.add(distinct.get(i));
            }
            site.stream().filter(RequestDecision::denied).map(d -> d.ip().address()).distinct().limit(15).forEach(ips::add);
            site.stream().filter(d -> d.ip().ipv6()).map(d -> d.ip().address()).distinct().limit(5).forEach(ips::add);
        }
        prod.stream().filter(d -> !d.timestamp().isBefore(incident.start()) && d.timestamp().isBefore(incident.end())
                && d.path().equals("/api/signup")).map(d -> d.ip().address()).distinct().limit(8).forEach(ips::add);
        prod.stream().collect(java.util.stream.Collectors.groupingBy(d -> d.ip().address(), TreeMap::new, java.util.stream.Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12).forEach(e -> ips.add(e.getKey()));
        List<String> investigated = new ArrayList<>(ips);
        investigated.addAll(List.of("10.0.0.1", "2001:db8::1", "999.1", " " + investigated.get(0) + " "));
        for (String ip : investigated) {
            for (String site : List.of(ACME_PROD, ACME_STAGING)) {
                calls.add(alice, "investigate-ip", Map.of("siteId", site, "ip", ip));
            }
        }
        List<Map<String, Object>> ipWindows = List.of(Map.of("period", "24h"), Map.of("period", "7d"), windows.get(9), windows.get(11),
                windows.get(13), windows.get(17));
        for (String ip : investigated.subList(0, Math.min(30, investigated.size()))) {
            for (Map<String, Object> window : ipWindows) {
                calls.add(alice, "investigate-ip", with(window, "siteId", ACME_PROD, "ip", ip));
            }
        }
        String upper = ips.stream().filter(ip -> ip.contains(":")).findFirst().orElse("2001:DB8::2").toUpperCase(java.util.Locale.ROOT);
        calls.add(alice, "investigate-ip", Map.of("siteId", ACME_PROD, "ip", upper));

        // list-requests: paths, addresses, limits and pages followed by their cursors.
        for (String path : List.of("/api/signup", "/", "/.env", "/api/checkout", "/nope")) {
            calls.add(alice, "list-requests", Map.of("siteId", ACME_PROD, "path", path, "period", "7d", "limit", 100));
            calls.add(alice, "list-requests", Map.of("siteId", ACME_PROD, "path", path, "conclusion", "DENY", "period", "30d"));
        }
        for (String ip : investigated.subList(0, Math.min(20, investigated.size()))) {
            calls.add(alice, "list-requests", Map.of("siteId", ACME_PROD, "ip", ip, "period", "30d", "limit", 100));
            calls.add(alice, "list-requests", Map.of("siteId", ACME_STAGING, "ip", ip, "period", "30d", "limit", 5));
        }
        List<Map<String, Object>> firstPages = List.of(Map.of("limit", 100), Map.of("conclusion", "DENY", "limit", 50),
                Map.of("reason", "FILTER", "period", "30d", "limit", 37), Map.of("ip", investigated.get(1), "period", "30d", "limit", 7),
                Map.of("conclusion", "CHALLENGE", "period", "7d", "limit", 1));
        for (Map<String, Object> start : firstPages) {
            for (String site : List.of(ACME_PROD, ACME_STAGING)) {
                Map<String, Object> args = with(start, "siteId", site);
                for (int page = 0; page < 4; page++) {
                    Object answer = calls.add(alice, "list-requests", args);
                    if (!(answer instanceof Map<?, ?> map) || map.get("nextCursor") == null) {
                        break;
                    }
                    args = with(args, "cursor", map.get("nextCursor"));
                }
            }
        }
        calls.add(alice, "list-requests", Map.of("siteId", ACME_PROD, "cursor", "bm9wZQ"));
        calls.add(alice, "list-requests", Map.of("siteId", ACME_PROD, "limit", 0));

        // Single requests: a sample across the 30 days, each kind of decision, and ids that do not exist.
        Set<String> requestIds = new LinkedHashSet<>();
        for (List<RequestDecision> site : List.of(prod, staging)) {
            for (int i = 0; i < site.size(); i += Math.max(1, site.size() / 40)) {
                requestIds.add(site.get(i).id());
            }
            requestIds.add(site.get(site.size() - 1).id());
            for (Conclusion c : Conclusion.values()) {
                site.stream().filter(d -> d.conclusion() == c).limit(2).forEach(d -> requestIds.add(d.id()));
            }
            for (Reason r : Reason.values()) {
                site.stream().filter(d -> d.reason() == r || d.dryRunReason() == r).limit(2).forEach(d -> requestIds.add(d.id()));
            }
        }
        requestIds.addAll(List.of("req_1_zzzzzzz", "nonsense", "req_2_0"));
        for (String id : requestIds) {
            for (String site : List.of(ACME_PROD, ACME_STAGING)) {
                calls.add(alice, "get-request-details", Map.of("siteId", site, "requestId", id));
                calls.add(alice, "explain-decision", Map.of("siteId", site, "requestId", id));
            }
        }

        calls.add(alice, "describe-guard-policy", Map.of("siteId", ACME_PROD, "policyId", "gpol_prod_email"));
        calls.add(alice, "describe-guard-policy", Map.of("siteId", ACME_STAGING, "policyId", "gpol_prod_email"));
        calls.add(alice, "validate-guard-policy", Map.of("siteId", ACME_PROD, "policy", Map.of("label", "Email Sent",
                "rules", List.of(Map.of("type", "geo_block")))));

        // Changes, then the answers that read the changed rules beside the traffic generated under the old ones.
        calls.add(alice, "create-rule", Map.of("siteId", ACME_PROD, "type", "bot", "mode", "DRY_RUN",
                "config", Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE"))));
        calls.add(alice, "promote-rule", Map.of("siteId", ACME_PROD, "ruleId", "rule_prod_filter_vpn"));
        calls.add(alice, "update-rule", Map.of("siteId", ACME_STAGING, "ruleId", "rule_staging_bot", "type", "bot", "mode", "LIVE",
                "config", Map.of("allow", List.of())));
        calls.add(alice, "delete-rule", Map.of("siteId", ACME_STAGING, "ruleId", "rule_staging_shield"));
        calls.add(alice, "put-guard-policy", Map.of("siteId", ACME_STAGING, "policy", Map.of("label", "web.fetched", "name", "Fetched",
                "mode", "DRY_RUN", "inputs", List.of(Map.of("name", "content", "exposure", "LOCAL", "type", "string")),
                "rules", List.of(Map.of("type", "prompt_injection", "input", "content")))));
        Object created = calls.add(alice, "create-site", Map.of("teamId", ACME, "name", "acme-preview", "environment", "staging"));
        for (String site : List.of(ACME_PROD, ACME_STAGING)) {
            calls.add(alice, "get-dry-run-impact", Map.of("siteId", site, "period", "30d"));
            calls.add(alice, "get-security-briefing", Map.of("siteId", site));
            calls.add(alice, "list-rules", Map.of("siteId", site));
        }
        if (created instanceof Map<?, ?> map && map.get("site") instanceof Map<?, ?> site) {
            String id = String.valueOf(site.get("id"));
            for (String tool : List.of("analyze-traffic", "get-anomalies", "get-dry-run-impact", "list-requests", "get-site-quota",
                    "get-security-briefing", "list-rules", "get-site-key")) {
                calls.add(alice, tool, Map.of("siteId", id));
            }
            calls.add(alice, "investigate-ip", Map.of("siteId", id, "ip", investigated.get(0)));
            calls.add(alice, "get-site-quota", Map.of("siteId", ACME_PROD));
        }
        return calls.lines;
    }

    static Map<String, Object> window(Instant start, Instant end) {
        return Map.of("start", start.toString(), "end", end.toString());
    }

    static Map<String, Object> with(Map<String, ?> base, Object... pairs) {
        Map<String, Object> map = new TreeMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> map = new TreeMap<>(a);
        map.putAll(b);
        return map;
    }

    /** The calls made so far, each with its answer. */
    static final class Calls {
        final ArcjetTools tools;
        final String label;
        final List<String> lines = new ArrayList<>();

        Calls(ArcjetTools tools, String label) {
            this.tools = tools;
            this.label = label;
        }

        Object add(Account caller, String tool, Map<String, Object> window, Object... pairs) {
            return add(caller, tool, with(window, pairs));
        }

        Object add(Account caller, String tool, Map<String, Object> arguments) {
            Object answer;
            String text;
            try {
                answer = tools.find(tool).orElseThrow().handler().call(caller, new TreeMap<>(arguments));
                text = canonical(answer);
            } catch (ToolError e) {
                answer = null;
                text = "error: " + e.getMessage();
            }
            lines.add(label + caller.email() + " " + tool + " " + canonical(new TreeMap<>(arguments)) + " => " + text);
            return answer;
        }
    }

    /** JSON with the keys of unordered maps sorted, so that only what the tools decide shows. */
    static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> ordered = map instanceof LinkedHashMap<?, ?> || map instanceof SortedMap<?, ?> ? map : new TreeMap<>(map);
            out.append('{');
            boolean first = true;
            for (var entry : ordered.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                write(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : ",");
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value.getClass().getSimpleName().charAt(0)).append(value);
        } else {
            out.append(value.getClass().getSimpleName()).append(':').append(value);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
