package dev.sightline.sandbox.traffic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import dev.sightline.sandbox.world.Rule;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.sandbox.world.Site;

/** The generated traffic of every site, made once at start-up; sites created later have none yet. */
public final class TrafficStore {

    private final TrafficGenerator generator;
    private final Map<String, SiteTraffic> traffic = new ConcurrentHashMap<>();
    private final Map<String, List<Rule>> rulesAtGeneration = new ConcurrentHashMap<>();
    private final Map<String, String> idsByName = new ConcurrentHashMap<>();

    public TrafficStore(SandboxWorld world, TrafficGenerator generator) {
        this.generator = generator;
        List<Site> sites = world.allSites();
        // Each site draws from a random generator of its own, so sites can be generated side by side.
        IntStream.range(0, sites.size()).parallel().forEach(i -> {
            Site site = sites.get(i);
            List<Rule> rules = world.initialRules(site.id());
            rulesAtGeneration.put(site.id(), List.copyOf(rules));
            traffic.put(site.id(), generator.generate(site, rules, i + 1));
            idsByName.put(site.name(), site.id());
        });
    }

    public TrafficGenerator generator() {
        return generator;
    }

    /**
     * The traffic of a site, by its id. Code that regenerates the data to count independently (tests,
     * the evaluation) may name a site that existed at start-up by its name instead; the tools only
     * ever pass the id of a site the caller may see.
     */
    public SiteTraffic of(String siteId) {
        String id = traffic.containsKey(siteId) ? siteId : idsByName.getOrDefault(siteId, siteId);
        return traffic.computeIfAbsent(id, unknown -> generator.generate(
                new Site(unknown, "", unknown, "production", generator.now(), "", 0.0), List.of(), 100 + traffic.size()));
    }

    /** The rules that decided the generated traffic (the live rule set may have changed since). */
    public List<Rule> rulesAtGeneration(String siteId) {
        return rulesAtGeneration.getOrDefault(siteId, List.of());
    }
}
