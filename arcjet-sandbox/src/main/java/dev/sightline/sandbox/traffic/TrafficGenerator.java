package dev.sightline.sandbox.traffic;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.sightline.sandbox.traffic.Catalog.KnownBot;
import dev.sightline.sandbox.traffic.Catalog.Network;
import dev.sightline.sandbox.traffic.Catalog.Route;
import dev.sightline.sandbox.world.Rule;
import dev.sightline.sandbox.world.RuleType;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.sandbox.world.Site;

/**
 * Generates 30 days of request decisions per site, deterministically from a seed and "now": a
 * daily and weekly rhythm, people from residential networks, search engines, scrapers and AI
 * crawlers, attack probes, rate-limit offenders, and the scripted bot campaign on acme-prod.
 * The decisions follow the site's rules: a LIVE rule denies, a DRY_RUN rule only records what it
 * would have done.
 */
public final class TrafficGenerator {

    public static final Duration HISTORY = Duration.ofDays(30);
    public static final String LOCAL_EMAIL_RULE = "local:validate-email";

    private final long seed;
    private final int requestsPerBusySite;
    private final Instant now;

    public TrafficGenerator(long seed, int requestsPerBusySite, Instant now) {
        this.seed = seed;
        this.requestsPerBusySite = requestsPerBusySite;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    public Instant now() {
        return now;
    }

    public long seed() {
        return seed;
    }

    /** The bot campaign against acme-prod's sign-up and login: when it ran and how big it was. */
    public record Incident(String siteName, Instant start, Instant end, List<String> paths, List<Integer> asns) {
    }

    public static Incident incident(Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(6)).plus(Duration.ofHours(2));
        return new Incident(SandboxWorld.ACME_PROD_NAME, start, start.plus(Duration.ofHours(52)),
                List.of("/api/signup", "/api/login"),
                List.of(Catalog.DIGITALOCEAN.asn(), Catalog.OVH.asn(), Catalog.HETZNER.asn()));
    }

    public Incident incident() {
        return incident(now);
    }

    public SiteTraffic generate(Site site, List<Rule> rules, int siteNumber) {
        return new SiteGeneration(site, rules, siteNumber).run();
    }

    private final class SiteGeneration {

        private final Site site;
        private final int siteNumber;
        private final SplittableRandom random;
        private final boolean production;
        private final List<Route> routes;
        private final Weights routeWeights;
        /** Where VPN users who would trip the dry-run filter go; null on sites without that route. */
        private final Route checkout;
        private final Map<RuleType, Rule> rulesByType = new LinkedHashMap<>();
        /** What a rule type's rule does to a request it objects to, or null when the site has no such rule. */
        private final Map<RuleType, Trigger> triggers = new EnumMap<>(RuleType.class);
        private final Trigger localEmailRule;
        private final Rule vpnDryRunFilter;
        private final Trigger vpnDryRun;
        private final List<String> ruleIds = new ArrayList<>();
        private final Map<String, Short> ruleIndex = new HashMap<>();

        private final List<String> paths = new ArrayList<>();
        private final Map<String, Short> pathIndex = new HashMap<>();
        private final List<IpProfile> ips = new ArrayList<>();
        private final List<String> agents = new ArrayList<>();
        private final Map<String, Short> agentIndex = new HashMap<>();
        private final List<Bot> bots = new ArrayList<>();
        private final Map<Bot, Short> botIndex = new HashMap<>();

        private int[] residential;
        private Weights residentialWeights;
        private int[] heavy;
        private int[] vpn;
        private int[] torAndKp;
        private int[] attackers;
        private int[] campaign;
        private final Map<KnownBot, int[]> botIps = new HashMap<>();
        private final Weights goodBotWeights;
        private final Weights badBotWeights;

        private SiteTraffic.Builder requests;
        /** The times of an hour's requests, in milliseconds into the hour, reused hour after hour. */
        private int[] offsets = new int[0];
        private int[] scratch = new int[0];

        SiteGeneration(Site site, List<Rule> rules, int siteNumber) {
            this.site = site;
            // Drawn by the site's name, which the traffic of a seed was always drawn by, so TypeIDs left the data as it was.
            this.random = new SplittableRandom(seed * 31 + site.name().hashCode());
            this.production = "production".equals(site.environment());
            this.routes = site.name().equals(SandboxWorld.ACME_STAGING_NAME) ? Catalog.STAGING_ROUTES : Catalog.PROD_ROUTES;
            this.routeWeights = new Weights(routes.stream().mapToDouble(Route::weight).toArray());
            this.checkout = routes.stream().filter(r -> r.path().equals("/api/checkout")).findFirst().orElse(null);
            Rule vpnFilter = null;
            for (Rule rule : rules) {
                if (rule.type() == RuleType.FILTER && String.valueOf(rule.config().get("expression")).contains("vpn")) {
                    vpnFilter = rule;
                } else {
                    rulesByType.putIfAbsent(rule.type(), rule);
                }
            }
            this.vpnDryRunFilter = vpnFilter;
            this.vpnDryRun = vpnFilter == null ? null : new Trigger(Reason.FILTER, vpnFilter);
            rulesByType.forEach((type, rule) -> triggers.put(type, new Trigger(Reason.valueOf(type.name()), rule)));
            this.localEmailRule = production ? new Trigger(Reason.EMAIL, null) : null;
            this.goodBotWeights = new Weights(Catalog.GOOD_BOTS.stream().mapToDouble(KnownBot::weight).toArray());
            this.badBotWeights = new Weights(Catalog.BAD_BOTS.stream().mapToDouble(KnownBot::weight).toArray());
            this.siteNumber = siteNumber;
        }

        SiteTraffic run() {
            int volume = (int) Math.round(requestsPerBusySite * site.trafficShare());
            Incident incident = site.name().equals(SandboxWorld.ACME_PROD_NAME) ? incident() : null;
            int campaignVolume = incident == null ? 0 : (int) Math.round(volume * 0.12);
            requests = new SiteTraffic.Builder(now.minus(HISTORY).toEpochMilli(), (int) ((volume + campaignVolume) * 1.05) + 64);
            if (volume > 0) {
                buildPools(volume);
                fill(volume, incident, campaignVolume);
            }
            return requests.build(site.id(), siteNumber, paths, ips, agents, bots, ruleIds);
        }

        private void buildPools(int volume) {
            int people = Math.max(200, Math.min(20_000, volume / 45));
            residential = new int[people];
            double[] weights = new double[people];
            Weights networkWeights = new Weights(Catalog.RESIDENTIAL.stream().mapToDouble(Network::weight).toArray());
            for (int i = 0; i < people; i++) {
                Network network = Catalog.RESIDENTIAL.get(networkWeights.pick(random));
                residential[i] = addIp(network, random.nextDouble() < 0.22 && network.v6Prefix() != null, "LOW");
                weights[i] = 1.0 / Math.pow(i + 8, 0.85);
            }
            residentialWeights = new Weights(weights);
            heavy = new int[12];
            for (int i = 0; i < heavy.length; i++) {
                Network network = i % 3 == 0 ? Catalog.HOSTING.get(random.nextInt(Catalog.HOSTING.size())) : Catalog.RESIDENTIAL.get(random.nextInt(4));
                heavy[i] = addIp(network, false, "MEDIUM");
            }
            vpn = pool(140, Catalog.M247, "MEDIUM");
            torAndKp = new int[30];
            for (int i = 0; i < torAndKp.length; i++) {
                torAndKp[i] = i < 24 ? addIp(Catalog.TOR, random.nextDouble() < 0.3, "HIGH") : addIp(Catalog.KP, false, "HIGH");
            }
            attackers = new int[70];
            for (int i = 0; i < attackers.length; i++) {
                attackers[i] = addIp(Catalog.HOSTING.get(random.nextInt(Catalog.HOSTING.size())), random.nextDouble() < 0.15, "HIGH");
            }
            for (KnownBot bot : Catalog.GOOD_BOTS) {
                botIps.put(bot, pool(8, bot.network(), "LOW"));
            }
            for (KnownBot bot : Catalog.BAD_BOTS) {
                botIps.put(bot, pool(bot.bot().verified() ? 10 : 25, bot.network(), bot.bot().verified() ? "MEDIUM" : "HIGH"));
            }
            campaign = new int[48];
            Network[] campaignNetworks = {Catalog.DIGITALOCEAN, Catalog.OVH, Catalog.HETZNER};
            for (int i = 0; i < campaign.length; i++) {
                campaign[i] = addIp(campaignNetworks[i % 3], i % 7 == 0, "HIGH");
            }
        }

        private int[] pool(int size, Network network, String risk) {
            int[] pool = new int[size];
            for (int i = 0; i < size; i++) {
                pool[i] = addIp(network, network.v6Prefix() != null && random.nextDouble() < 0.12, risk);
            }
            return pool;
        }

        private int addIp(Network network, boolean v6, String risk) {
            String address = v6
                    ? "%s:%x:%x::%x".formatted(network.v6Prefix(), random.nextInt(0x10000), random.nextInt(0x10000), 1 + random.nextInt(0xfffe))
                    : "%s.%d.%d".formatted(network.v4Prefix(), random.nextInt(256), 1 + random.nextInt(254));
            String country = network.type().equals("VPN") ? Catalog.COUNTRIES_OF_VPN.get(random.nextInt(Catalog.COUNTRIES_OF_VPN.size())) : network.country();
            ips.add(new IpProfile(address, country, network.city(), network.asn(), network.name(), network.type(), risk));
            return ips.size() - 1;
        }

        private void fill(int volume, Incident incident, int campaignVolume) {
            Instant start = now.minus(HISTORY);
            int hours = (int) HISTORY.toHours();
            double[] weights = new double[hours];
            double total = 0;
            for (int h = 0; h < hours; h++) {
                ZonedDateTime at = start.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(30)).atZone(ZoneOffset.UTC);
                weights[h] = hourShape(at) * (1 + 0.004 * h / 24.0) * (0.92 + 0.16 * random.nextDouble());
                total += weights[h];
            }
            double[] campaignWeights = new double[hours];
            double campaignTotal = 0;
            if (incident != null) {
                for (int h = 0; h < hours; h++) {
                    Instant mid = start.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(30));
                    if (!mid.isBefore(incident.start()) && mid.isBefore(incident.end())) {
                        double x = (double) Duration.between(incident.start(), mid).toMinutes() / Duration.between(incident.start(), incident.end()).toMinutes();
                        campaignWeights[h] = 0.25 + Math.sin(Math.PI * x);
                        campaignTotal += campaignWeights[h];
                    }
                }
            }
            for (int h = 0; h < hours; h++) {
                int normal = round(volume * weights[h] / total);
                int attack = campaignTotal == 0 ? 0 : round(campaignVolume * campaignWeights[h] / campaignTotal);
                long hourStart = start.plus(Duration.ofHours(h)).toEpochMilli();
                int count = normal + attack;
                if (offsets.length < count) {
                    offsets = new int[count];
                    scratch = new int[count];
                }
                for (int k = 0; k < count; k++) {
                    offsets[k] = (int) random.nextLong(3_600_000L);
                }
                sortOffsets(offsets, scratch, count);
                int remainingAttack = attack;
                for (int k = 0; k < count; k++) {
                    boolean isAttack = remainingAttack > 0 && random.nextInt(count - k) < remainingAttack;
                    if (isAttack) {
                        remainingAttack--;
                        campaignRequest(hourStart + offsets[k]);
                    } else {
                        normalRequest(hourStart + offsets[k]);
                    }
                }
            }
        }

        private int round(double expected) {
            int whole = (int) expected;
            return whole + (random.nextDouble() < expected - whole ? 1 : 0);
        }

        /** Busy in the (mostly American and European) afternoon, quiet at night and at weekends. */
        private double hourShape(ZonedDateTime at) {
            double hour = at.getHour() + 0.5;
            double daily = 0.28 + 0.72 * Math.pow(Math.max(0, Math.cos((hour - 16) / 24 * 2 * Math.PI) * 0.5 + 0.5), 1.6);
            DayOfWeek day = at.getDayOfWeek();
            double weekly = switch (day) {
                case SATURDAY -> 0.62;
                case SUNDAY -> 0.56;
                case MONDAY -> 1.06;
                case FRIDAY -> 0.93;
                default -> 1.0;
            };
            return daily * weekly;
        }

        private void normalRequest(long time) {
            double kind = random.nextDouble();
            if (kind < 0.050) {
                botRequest(time, Catalog.GOOD_BOTS.get(goodBotWeights.pick(random)), false);
            } else if (kind < 0.125) {
                botRequest(time, Catalog.BAD_BOTS.get(badBotWeights.pick(random)), true);
            } else if (kind < 0.137) {
                attackRequest(time);
            } else if (kind < 0.143) {
                int ip = torAndKp[random.nextInt(torAndKp.length)];
                Route route = route();
                decide(time, route.path(), method(route), ip, browser(), null, trigger(RuleType.FILTER), null);
            } else if (kind < 0.178) {
                Route route = apiRoute();
                int ip = heavy[random.nextInt(heavy.length)];
                // Offenders burst far past the limit; most of their calls land over it.
                decide(time, route.path(), method(route), ip, browser(), null, random.nextDouble() < 0.72 ? trigger(RuleType.RATE_LIMIT) : null, null);
            } else if (kind < 0.208) {
                Route route = route();
                int ip = vpn[random.nextInt(vpn.length)];
                Trigger dryRun = vpnDryRunFilter != null && route.path().equals("/api/checkout") ? vpnDryRun : null;
                if (dryRun == null && vpnDryRunFilter != null && random.nextDouble() < 0.3) {
                    route = checkout != null ? checkout : route;
                    dryRun = vpnDryRun;
                }
                decide(time, route.path(), method(route), ip, browser(), null, null, dryRun);
            } else {
                Route route = route();
                int ip = residential[residentialWeights.pick(random)];
                String method = method(route);
                Trigger email = route.path().equals("/api/signup") && method.equals("POST") && random.nextDouble() < 0.05
                        ? localEmailRule() : null;
                decide(time, route.path(), method, ip, browser(), null, email, null);
            }
        }

        private void botRequest(long time, KnownBot known, boolean unwanted) {
            int[] pool = botIps.get(known);
            int ip = pool[random.nextInt(pool.length)];
            Route route = known.bot().category().equals("CATEGORY:TOOL") || known.bot().category().equals("CATEGORY:HEADLESS")
                    ? apiRoute() : pageRoute();
            decide(time, route.path(), "GET", ip, known.userAgent(), known.bot(), unwanted ? trigger(RuleType.BOT) : null, null);
        }

        private void attackRequest(long time) {
            String path = Catalog.ATTACK_PATHS.get(random.nextInt(Catalog.ATTACK_PATHS.size()));
            int ip = attackers[random.nextInt(attackers.length)];
            String agent = random.nextBoolean() ? browser() : "sqlmap/1.8.11#stable (https://sqlmap.org)";
            decide(time, path, random.nextDouble() < 0.3 ? "POST" : "GET", ip, agent, null, trigger(RuleType.SHIELD), null);
        }

        private void campaignRequest(long time) {
            String path = random.nextDouble() < 0.6 ? "/api/signup" : "/api/login";
            int ip = campaign[random.nextInt(campaign.length)];
            double disguise = random.nextDouble();
            KnownBot known = Catalog.BAD_BOTS.get(disguise < 0.45 ? 4 : disguise < 0.7 ? 6 : 7);
            Trigger trigger;
            double outcome = random.nextDouble();
            if (outcome < 0.64) {
                trigger = trigger(RuleType.BOT);
            } else if (outcome < 0.91) {
                trigger = trigger(RuleType.RATE_LIMIT);
            } else {
                trigger = null;
            }
            decide(time, path, "POST", ip, known.userAgent(), known.bot(), trigger, null);
        }

        private record Trigger(Reason reason, Rule rule) {
        }

        private Trigger trigger(RuleType type) {
            return triggers.get(type);
        }

        private Trigger localEmailRule() {
            return localEmailRule;
        }

        private void decide(long time, String path, String method, int ip, String agent, Bot bot, Trigger trigger, Trigger dryRun) {
            Conclusion conclusion = Conclusion.ALLOW;
            Reason reason = Reason.NONE;
            short rule = -1;
            Reason dryReason = Reason.NONE;
            short dryRule = -1;
            if (trigger != null) {
                boolean live = trigger.rule() == null || trigger.rule().live();
                if (live) {
                    reason = trigger.reason();
                    rule = trigger.rule() == null ? rule(LOCAL_EMAIL_RULE) : rule(trigger.rule().id());
                    conclusion = reason == Reason.BOT && bot != null && bot.category().equals("CATEGORY:HEADLESS") && random.nextDouble() < 0.25
                            ? Conclusion.CHALLENGE : Conclusion.DENY;
                } else {
                    dryReason = trigger.reason();
                    dryRule = rule(trigger.rule().id());
                }
            }
            if (dryRun != null && dryReason == Reason.NONE) {
                dryReason = dryRun.reason();
                dryRule = rule(dryRun.rule().id());
            }
            if (conclusion == Conclusion.ALLOW && random.nextDouble() < 0.0012) {
                conclusion = Conclusion.ERROR;
                reason = Reason.ERROR;
            }
            requests.add(time, ip, index(paths, pathIndex, path), methodCode(method), index(agents, agentIndex, agent), botIndex(bot),
                    conclusion, reason, rule, dryReason, dryRule);
        }

        private short rule(String id) {
            return ruleIndex.computeIfAbsent(id, k -> {
                ruleIds.add(k);
                return (short) (ruleIds.size() - 1);
            });
        }

        private short botIndex(Bot bot) {
            if (bot == null) {
                return -1;
            }
            return botIndex.computeIfAbsent(bot, k -> {
                bots.add(k);
                return (short) (bots.size() - 1);
            });
        }

        private Route route() {
            return routes.get(routeWeights.pick(random));
        }

        private Route apiRoute() {
            Route route;
            do {
                route = route();
            } while (!route.api());
            return route;
        }

        private Route pageRoute() {
            for (int attempt = 0; attempt < 8; attempt++) {
                Route route = route();
                if (!route.api()) {
                    return route;
                }
            }
            return route();
        }

        private String method(Route route) {
            return random.nextDouble() < route.post() ? "POST" : "GET";
        }

        private String browser() {
            return Catalog.BROWSERS.get(random.nextInt(Catalog.BROWSERS.size()));
        }
    }

    /**
     * Sorts the first {@code count} offsets (all below 2^22 ms, an hour) in two passes of eleven
     * bits: a busy hour holds tens of thousands, and sorting them was a fifth of generating them.
     * Sorted values are sorted values, so the requests are the same as with any other sort.
     */
    static void sortOffsets(int[] offsets, int[] scratch, int count) {
        if (count < 2048) {
            Arrays.sort(offsets, 0, count);
            return;
        }
        int[] starts = new int[1 << 11];
        radixPass(offsets, scratch, count, 0, starts);
        radixPass(scratch, offsets, count, 11, starts);
    }

    private static void radixPass(int[] from, int[] to, int count, int shift, int[] starts) {
        Arrays.fill(starts, 0);
        for (int k = 0; k < count; k++) {
            starts[from[k] >>> shift & 0x7FF]++;
        }
        for (int digit = 0, sum = 0; digit < starts.length; digit++) {
            int n = starts[digit];
            starts[digit] = sum;
            sum += n;
        }
        for (int k = 0; k < count; k++) {
            to[starts[from[k] >>> shift & 0x7FF]++] = from[k];
        }
    }

    private static int methodCode(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "POST" -> 1;
            default -> Arrays.asList(SiteTraffic.METHODS).indexOf(method);
        };
    }

    private static <T> short index(List<T> values, Map<T, Short> index, T value) {
        return index.computeIfAbsent(value, k -> {
            values.add(k);
            return (short) (values.size() - 1);
        });
    }


    /**
     * Indexes drawn in proportion to weights, as a running subtraction over the weights would draw
     * them (the traffic of a seed was always drawn so). They are looked up in the running sums
     * instead, through a guide table that says where each slice of the total starts; where a draw
     * falls so near a boundary that the two roundings could disagree, the subtraction itself
     * decides, so every draw is the same as before.
     */
    static final class Weights {

        private final double[] weights;
        private final double total;
        private final double[] cumulative;
        private final int[] guide;
        private final double slicesPerWeight;
        /** Far above what the roundings of the running sums and of the subtraction can differ by. */
        private final double margin;

        Weights(double[] weights) {
            this.weights = weights;
            double sum = 0;
            for (double w : weights) {
                sum += w;
            }
            this.total = sum;
            this.margin = total * 1e-9;
            cumulative = new double[weights.length];
            double running = 0;
            for (int i = 0; i < weights.length; i++) {
                running += weights[i];
                cumulative[i] = running;
            }
            guide = new int[Math.max(16, weights.length)];
            slicesPerWeight = guide.length / total;
            for (int j = 0, i = 0; j < guide.length; j++) {
                while (i < weights.length - 1 && cumulative[i] <= total * j / guide.length) {
                    i++;
                }
                guide[j] = i;
            }
        }

        int pick(SplittableRandom random) {
            double x = random.nextDouble() * total;
            // The first index whose running sum exceeds x.
            int i = guide[Math.min(guide.length - 1, (int) (x * slicesPerWeight))];
            while (i > 0 && cumulative[i - 1] > x) {
                i--;
            }
            while (i < weights.length && cumulative[i] <= x) {
                i++;
            }
            if (i >= weights.length || cumulative[i] - x < margin || (i > 0 && x - cumulative[i - 1] < margin)) {
                return walk(x);
            }
            return i;
        }

        private int walk(double x) {
            for (int i = 0; i < weights.length; i++) {
                x -= weights[i];
                if (x < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }
    }
}
