package dev.sightline.sandbox.world;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's accounts, teams, sites and remote rules. Rules and sites change through the write
 * tools, so a write that leaked through a client's read-only filter is visible afterwards.
 */
public final class SandboxWorld {

    public static final String ACME = "team_acme";
    public static final String GLOBEX = "team_globex";
    public static final String ACME_PROD = "acme-prod";
    public static final String ACME_STAGING = "acme-staging";
    public static final String GLOBEX_WEB = "globex-web";

    private final Clock clock;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final AtomicInteger ruleSequence = new AtomicInteger(100);

    public SandboxWorld(Clock clock) {
        this.clock = clock;
        Instant now = clock.instant();
        account(new Account("alice@example.com", "sandbox", "Alice Anders", List.of(ACME)));
        account(new Account("bob@example.com", "sandbox", "Bob Brandt", List.of(GLOBEX)));
        team(new Team(ACME, "Acme", "Pro", 1_000_000));
        team(new Team(GLOBEX, "Globex", "Free", 10_000));
        site(new Site(ACME_PROD, ACME, "acme-prod", "production", now.minus(Duration.ofDays(412)), "ajkey_live_3f9c2a7e41b84d0f9a6c1e5b7d2f8a90", 1.0));
        site(new Site(ACME_STAGING, ACME, "acme-staging", "staging", now.minus(Duration.ofDays(230)), "ajkey_test_81d04c6b2e7f4a19b3c5d9e0f1a2b3c4", 0.15));
        site(new Site(GLOBEX_WEB, GLOBEX, "globex-web", "production", now.minus(Duration.ofHours(20)), "ajkey_live_0be7a5d3c91f4e6a8b2d4f6a8c0e2b4d", 0.0));

        Instant configured = now.minus(Duration.ofDays(90));
        rule("rule_prod_ratelimit", ACME_PROD, RuleType.RATE_LIMIT, Rule.LIVE,
                Map.of("match", "/api/*", "max", 60, "window", "60s", "characteristics", List.of("ip.src")), configured);
        rule("rule_prod_bot", ACME_PROD, RuleType.BOT, Rule.LIVE,
                Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE", "CATEGORY:MONITOR", "CATEGORY:PREVIEW")), configured);
        rule("rule_prod_shield", ACME_PROD, RuleType.SHIELD, Rule.LIVE, Map.of(), configured);
        rule("rule_prod_filter_tor", ACME_PROD, RuleType.FILTER, Rule.LIVE,
                Map.of("expression", "ip.src.tor or ip.src.country == \"KP\"", "action", "DENY"), configured);
        rule("rule_prod_filter_vpn", ACME_PROD, RuleType.FILTER, Rule.DRY_RUN,
                Map.of("expression", "ip.src.vpn and http.request.uri.path == \"/api/checkout\"", "action", "DENY"), now.minus(Duration.ofDays(12)));
        rule("rule_staging_ratelimit", ACME_STAGING, RuleType.RATE_LIMIT, Rule.DRY_RUN,
                Map.of("match", "/api/*", "max", 100, "window", "60s", "characteristics", List.of("ip.src")), configured);
        rule("rule_staging_bot", ACME_STAGING, RuleType.BOT, Rule.DRY_RUN,
                Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE")), configured);
        rule("rule_staging_shield", ACME_STAGING, RuleType.SHIELD, Rule.DRY_RUN, Map.of(), configured);
        rule("rule_globex_bot", GLOBEX_WEB, RuleType.BOT, Rule.DRY_RUN, Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE")), now.minus(Duration.ofHours(19)));
    }

    public Clock clock() {
        return clock;
    }

    public Optional<Account> account(String email, String password) {
        Account account = accounts.get(email.trim().toLowerCase(java.util.Locale.ROOT));
        return account != null && account.password().equals(password) ? Optional.of(account) : Optional.empty();
    }

    public Optional<Account> account(String email) {
        return Optional.ofNullable(accounts.get(email));
    }

    public List<Team> teamsOf(Account account) {
        return account.teamIds().stream().map(teams::get).toList();
    }

    public Optional<Team> team(Account account, String teamId) {
        return account.teamIds().contains(teamId) ? Optional.ofNullable(teams.get(teamId)) : Optional.empty();
    }

    public synchronized List<Site> sitesOf(String teamId) {
        return sites.values().stream().filter(s -> s.teamId().equals(teamId)).toList();
    }

    /** All sites, for generating traffic; never handed to a caller without an access check. */
    public synchronized List<Site> allSites() {
        return List.copyOf(sites.values());
    }

    /** A site, only if the account belongs to its team. */
    public synchronized Optional<Site> site(Account account, String siteId) {
        Site site = sites.get(siteId);
        return site != null && account.teamIds().contains(site.teamId()) ? Optional.of(site) : Optional.empty();
    }

    public synchronized Site createSite(String teamId, String name, String environment) {
        String id = name.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("The site name needs at least one letter or digit.");
        }
        if (sites.containsKey(id)) {
            throw new IllegalArgumentException("A site named '" + id + "' already exists.");
        }
        String key = "ajkey_live_" + java.util.UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "");
        Site site = new Site(id, teamId, name.trim(), environment, clock.instant(), key, 0.0);
        sites.put(id, site);
        return site;
    }

    public synchronized List<Rule> rulesOf(String siteId) {
        return rules.values().stream().filter(r -> r.siteId().equals(siteId))
                .sorted(Comparator.comparing(Rule::createdAt).thenComparing(Rule::id)).toList();
    }

    public synchronized Optional<Rule> rule(String siteId, String ruleId) {
        Rule rule = rules.get(ruleId);
        return rule != null && rule.siteId().equals(siteId) ? Optional.of(rule) : Optional.empty();
    }

    public synchronized Rule createRule(String siteId, RuleType type, String mode, Map<String, Object> config) {
        return rule("rule_" + ruleSequence.incrementAndGet(), siteId, type, mode, config, clock.instant());
    }

    public synchronized Rule updateRule(Rule existing, RuleType type, String mode, Map<String, Object> config) {
        Rule updated = new Rule(existing.id(), existing.siteId(), type, mode, Map.copyOf(config),
                RuleSummaries.describe(type, config), existing.createdAt(), clock.instant());
        rules.put(updated.id(), updated);
        return updated;
    }

    public synchronized boolean deleteRule(String siteId, String ruleId) {
        Rule rule = rules.get(ruleId);
        if (rule == null || !rule.siteId().equals(siteId)) {
            return false;
        }
        rules.remove(ruleId);
        return true;
    }

    public synchronized Rule promoteRule(Rule rule) {
        Rule promoted = rule.withMode(Rule.LIVE, clock.instant());
        rules.put(promoted.id(), promoted);
        return promoted;
    }

    private void account(Account account) {
        accounts.put(account.email(), account);
    }

    private void team(Team team) {
        teams.put(team.id(), team);
    }

    private void site(Site site) {
        sites.put(site.id(), site);
    }

    private Rule rule(String id, String siteId, RuleType type, String mode, Map<String, Object> config, Instant at) {
        Rule rule = new Rule(id, siteId, type, mode, Map.copyOf(config), RuleSummaries.describe(type, config), at, at);
        rules.put(id, rule);
        return rule;
    }

    /** The rules a site had when the generator starts: historical decisions are tied to these. */
    public synchronized List<Rule> initialRules(String siteId) {
        return new ArrayList<>(rulesOf(siteId));
    }
}
