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
 * The sandbox's accounts, teams, sites, remote rules and Guard policies. Rules, sites and Guard
 * policies change through the write tools, so a write that leaked through a client's read-only
 * filter is visible afterwards. They are not kept across restarts: every start serves the world
 * that the seed and "now" describe, which the generated traffic and its ground truth rely on.
 */
public final class SandboxWorld {

    /** The seed when SANDBOX_SEED is not set. */
    public static final long DEFAULT_SEED = 20261125L;

    /** Human names of the seeded teams and sites: what people see. Tools take the ids below, never these. */
    public static final String ACME_NAME = "Acme";
    public static final String GLOBEX_NAME = "Globex";
    public static final String ACME_PROD_NAME = "acme-prod";
    public static final String ACME_STAGING_NAME = "acme-staging";
    public static final String GLOBEX_WEB_NAME = "globex-web";

    /**
     * Where the seeded ids' time counts back from. "Now" is the start time unless SANDBOX_NOW is
     * set, and ids must not move with it: each seeded team and site has the time of this instant
     * less its age, so ids stay the same in every run and still sort in creation order.
     */
    static final Instant ID_EPOCH = Instant.parse("2026-11-25T00:00:00Z");

    /** How long ago each seeded team and site was created (to the millisecond, as a real creation time is). */
    private static final Map<String, Duration> TEAM_AGES = Map.of(
            ACME_NAME, Duration.parse("P530DT6H2M31.650S"),
            GLOBEX_NAME, Duration.parse("PT21H5M44.219S"));
    private static final Map<String, Duration> SITE_AGES = Map.of(
            ACME_PROD_NAME, Duration.parse("P412DT3H17M9.482S"),
            ACME_STAGING_NAME, Duration.parse("P230DT9H41M52.117S"),
            GLOBEX_WEB_NAME, Duration.parse("PT20H13M4.905S"));

    /**
     * Ids of the seeded teams and sites under {@link #DEFAULT_SEED}, which every test and the demo
     * run with. Another seed gives other ids: {@link #teamId(long, String)}, {@link #siteId(long, String)}
     * or {@link #siteNamed(String)} tell them.
     */
    public static final String ACME = teamId(DEFAULT_SEED, ACME_NAME);
    public static final String GLOBEX = teamId(DEFAULT_SEED, GLOBEX_NAME);
    public static final String ACME_PROD = siteId(DEFAULT_SEED, ACME_PROD_NAME);
    public static final String ACME_STAGING = siteId(DEFAULT_SEED, ACME_STAGING_NAME);
    public static final String GLOBEX_WEB = siteId(DEFAULT_SEED, GLOBEX_WEB_NAME);

    private final Clock clock;
    private final long seed;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final AtomicInteger ruleSequence = new AtomicInteger(100);
    private final Map<String, GuardPolicy> guardPolicies = new LinkedHashMap<>();
    private final AtomicInteger guardPolicySequence = new AtomicInteger(100);

    /** The world of the default seed. */
    public SandboxWorld(Clock clock) {
        this(clock, DEFAULT_SEED);
    }

    public SandboxWorld(Clock clock, long seed) {
        this.clock = clock;
        this.seed = seed;
        Instant now = clock.instant();
        String acme = teamId(seed, ACME_NAME);
        String globex = teamId(seed, GLOBEX_NAME);
        String acmeProd = siteId(seed, ACME_PROD_NAME);
        String acmeStaging = siteId(seed, ACME_STAGING_NAME);
        String globexWeb = siteId(seed, GLOBEX_WEB_NAME);
        account(new Account("alice@example.com", "sandbox", "Alice Anders", List.of(acme)));
        account(new Account("bob@example.com", "sandbox", "Bob Brandt", List.of(globex)));
        team(new Team(acme, ACME_NAME, "Pro", 1_000_000));
        team(new Team(globex, GLOBEX_NAME, "Free", 10_000));
        site(new Site(acmeProd, acme, ACME_PROD_NAME, "production", now.minus(SITE_AGES.get(ACME_PROD_NAME)),
                "ajkey_live_3f9c2a7e41b84d0f9a6c1e5b7d2f8a90", 1.0));
        site(new Site(acmeStaging, acme, ACME_STAGING_NAME, "staging", now.minus(SITE_AGES.get(ACME_STAGING_NAME)),
                "ajkey_test_81d04c6b2e7f4a19b3c5d9e0f1a2b3c4", 0.15));
        site(new Site(globexWeb, globex, GLOBEX_WEB_NAME, "production", now.minus(SITE_AGES.get(GLOBEX_WEB_NAME)),
                "ajkey_live_0be7a5d3c91f4e6a8b2d4f6a8c0e2b4d", 0.0));

        Instant configured = now.minus(Duration.ofDays(90));
        rule("rule_prod_ratelimit", acmeProd, RuleType.RATE_LIMIT, Rule.LIVE,
                Map.of("match", "/api/*", "max", 60, "window", "60s", "characteristics", List.of("ip.src")), configured);
        rule("rule_prod_bot", acmeProd, RuleType.BOT, Rule.LIVE,
                Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE", "CATEGORY:MONITOR", "CATEGORY:PREVIEW")), configured);
        rule("rule_prod_shield", acmeProd, RuleType.SHIELD, Rule.LIVE, Map.of(), configured);
        rule("rule_prod_filter_tor", acmeProd, RuleType.FILTER, Rule.LIVE,
                Map.of("expression", "ip.src.tor or ip.src.country == \"KP\"", "action", "DENY"), configured);
        rule("rule_prod_filter_vpn", acmeProd, RuleType.FILTER, Rule.DRY_RUN,
                Map.of("expression", "ip.src.vpn and http.request.uri.path == \"/api/checkout\"", "action", "DENY"), now.minus(Duration.ofDays(12)));
        rule("rule_staging_ratelimit", acmeStaging, RuleType.RATE_LIMIT, Rule.DRY_RUN,
                Map.of("match", "/api/*", "max", 100, "window", "60s", "characteristics", List.of("ip.src")), configured);
        rule("rule_staging_bot", acmeStaging, RuleType.BOT, Rule.DRY_RUN,
                Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE")), configured);
        rule("rule_staging_shield", acmeStaging, RuleType.SHIELD, Rule.DRY_RUN, Map.of(), configured);
        rule("rule_globex_bot", globexWeb, RuleType.BOT, Rule.DRY_RUN, Map.of("allow", List.of("CATEGORY:SEARCH_ENGINE")), now.minus(Duration.ofHours(19)));

        List<GuardPolicy.Input> email = List.of(new GuardPolicy.Input("recipient", GuardPolicy.SERVER, "string"),
                new GuardPolicy.Input("allowed_recipients", GuardPolicy.SERVER, "string_list"),
                new GuardPolicy.Input("body", GuardPolicy.LOCAL, "string"));
        GuardPolicy.GuardRule onlyCustomers = guardRule("membership", "input", "recipient", "list", "allowed_recipients");
        guardPolicy(new GuardPolicy("gpol_prod_email", acmeProd, "email.sent", "Support agent email",
                "The support agent emails only the customers on the ticket, and never bank or card details.", Rule.LIVE, email,
                List.of(onlyCustomers, guardRule("sensitive_info", "input", "body", "deny", List.of("BANK_ACCOUNT", "ROUTING_NUMBER", "CREDIT_CARD_NUMBER"))),
                3, now.minus(Duration.ofDays(64)), now.minus(Duration.ofDays(9))));
        guardPolicy(new GuardPolicy("gpol_prod_refund", acmeProd, "refund.issued", "Refund limit",
                "Refunds the billing agent issues on its own stay small and few; larger ones go to a person.", Rule.LIVE,
                List.of(new GuardPolicy.Input("amount", GuardPolicy.SERVER, "number")),
                List.of(guardRule("max_value", "input", "amount", "max", 250), guardRule("token_bucket", "capacity", 20, "refillPerHour", 5)),
                1, now.minus(Duration.ofDays(41)), now.minus(Duration.ofDays(41))));
        guardPolicy(new GuardPolicy("gpol_prod_fetch", acmeProd, "web.fetched", "Fetched pages",
                "Pages the research agent fetches are screened for hidden instructions before they reach the model.", Rule.DRY_RUN,
                List.of(new GuardPolicy.Input("content", GuardPolicy.LOCAL, "string")),
                List.of(guardRule("prompt_injection", "input", "content")),
                2, now.minus(Duration.ofDays(15)), now.minus(Duration.ofDays(4))));
        guardPolicy(new GuardPolicy("gpol_staging_email", acmeStaging, "email.sent", "Support agent email (staging)",
                "Staging copy of the production policy, watched before changes go live.", Rule.DRY_RUN, email,
                List.of(onlyCustomers, guardRule("sensitive_info", "input", "body", "deny", List.of("BANK_ACCOUNT", "ROUTING_NUMBER"))),
                1, now.minus(Duration.ofDays(70)), now.minus(Duration.ofDays(70))));
    }

    /** The id of a seeded team (Acme, Globex) under a seed. */
    public static String teamId(long seed, String name) {
        Duration age = TEAM_AGES.get(name);
        if (age == null) {
            throw new IllegalArgumentException("No seeded team is named '" + name + "'");
        }
        return TypeIds.of("team", ID_EPOCH.minus(age), seed, name);
    }

    /** The id of a seeded site (acme-prod, acme-staging, globex-web) under a seed. */
    public static String siteId(long seed, String name) {
        Duration age = SITE_AGES.get(name);
        if (age == null) {
            throw new IllegalArgumentException("No seeded site is named '" + name + "'");
        }
        return TypeIds.of("site", ID_EPOCH.minus(age), seed, name);
    }

    public Clock clock() {
        return clock;
    }

    public long seed() {
        return seed;
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

    /** A site by its name, whoever may see it: for start-up and for code that regenerates the data (tests), never for a tool's caller. */
    public synchronized Optional<Site> siteNamed(String name) {
        return sites.values().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Creates a site with a new TypeID. Its id carries the time of creation, like a real one, and
     * random bits drawn from the seed, the team and the name, which no other site of the team has.
     */
    public synchronized Site createSite(String teamId, String name, String environment) {
        String trimmed = name.trim();
        if (!trimmed.matches(".*[\\p{L}\\p{N}].*")) {
            throw new IllegalArgumentException("The site name needs at least one letter or digit.");
        }
        if (sitesOf(teamId).stream().anyMatch(s -> s.name().equalsIgnoreCase(trimmed))) {
            throw new IllegalArgumentException("A site named '" + trimmed + "' already exists in this team.");
        }
        Instant now = clock.instant();
        String id = TypeIds.of("site", now, seed, teamId + "/" + trimmed.toLowerCase(java.util.Locale.ROOT));
        String key = "ajkey_live_" + java.util.UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "");
        Site site = new Site(id, teamId, trimmed, environment, now, key, 0.0);
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

    public synchronized List<GuardPolicy> guardPoliciesOf(String siteId) {
        return guardPolicies.values().stream().filter(p -> p.siteId().equals(siteId))
                .sorted(Comparator.comparing(GuardPolicy::createdAt).thenComparing(GuardPolicy::id)).toList();
    }

    public synchronized Optional<GuardPolicy> guardPolicy(String siteId, String policyId) {
        GuardPolicy policy = guardPolicies.get(policyId);
        return policy != null && policy.siteId().equals(siteId) ? Optional.of(policy) : Optional.empty();
    }

    /** The site's policy for an action: the one a guard() call with this label selects. */
    public synchronized Optional<GuardPolicy> guardPolicyFor(String siteId, String label) {
        return guardPolicies.values().stream().filter(p -> p.siteId().equals(siteId) && p.label().equals(label)).findFirst();
    }

    /**
     * Creates the site's policy for the draft's label, or replaces it with the next version.
     * {@code basedOnVersion}, when given, must still be the current version, so that two callers
     * editing the same policy do not silently undo each other.
     */
    public synchronized GuardPolicy putGuardPolicy(String siteId, GuardPolicy.Draft draft, Integer basedOnVersion) {
        Optional<GuardPolicy> current = guardPolicyFor(siteId, draft.label());
        if (basedOnVersion != null && current.isPresent() && current.get().version() != basedOnVersion) {
            throw new IllegalStateException("Guard policy '" + draft.label() + "' is at version " + current.get().version()
                    + ", not " + basedOnVersion + ".");
        }
        Instant now = clock.instant();
        GuardPolicy policy = current
                .map(p -> new GuardPolicy(p.id(), siteId, draft.label(), draft.name(), draft.description(), draft.mode(), draft.inputs(),
                        draft.rules(), p.version() + 1, p.createdAt(), now))
                .orElseGet(() -> new GuardPolicy("gpol_" + guardPolicySequence.incrementAndGet(), siteId, draft.label(), draft.name(),
                        draft.description(), draft.mode(), draft.inputs(), draft.rules(), 1, now, now));
        guardPolicies.put(policy.id(), policy);
        return policy;
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

    private void guardPolicy(GuardPolicy policy) {
        guardPolicies.put(policy.id(), policy);
    }

    private static GuardPolicy.GuardRule guardRule(String type, Object... settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put((String) settings[i], settings[i + 1]);
        }
        return new GuardPolicy.GuardRule(type, map);
    }

    /** The rules a site had when the generator starts: historical decisions are tied to these. */
    public synchronized List<Rule> initialRules(String siteId) {
        return new ArrayList<>(rulesOf(siteId));
    }
}
