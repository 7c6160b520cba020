package dev.sightline.ask.internal;

import dev.sightline.dataset.ResultTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.ask.Query;
import tools.jackson.databind.JsonNode;

/**
 * The sites the connected vendor user can see, listed the way the semantics say (teams, then each
 * team's sites), once per question and only when the question needs them: a refusal calls nothing.
 * Also the live keys of a dimension (the site's paths) when a question names one in words.
 * A listing that fails leaves the catalog empty, and the question is answered for the source's site.
 */
final class SiteCatalog {

    /** A listed site, the row it was read from and the call that listed it (what an answer cites). */
    record Listed(QuestionParser.Site site, JsonNode row, QueryPlanner.ToolCall call) {
    }

    private final Semantics semantics;
    private final Calls calls;
    private final String defaultSite;
    private List<Listed> listed;
    private final Map<String, List<String>> keys = new java.util.HashMap<>();

    SiteCatalog(Semantics semantics, Calls calls, String defaultSite) {
        this.semantics = semantics;
        this.calls = calls;
        this.defaultSite = defaultSite;
    }

    List<QuestionParser.Site> sites() {
        return listed().stream().map(Listed::site).toList();
    }

    synchronized List<Listed> listed() {
        if (listed == null) {
            listed = list();
        }
        return listed;
    }

    private List<Listed> list() {
        Semantics.Source teams = semantics.sites().teams();
        Semantics.Source siteSource = semantics.sites().sites();
        if (calls == null) {
            return List.of();
        }
        try {
            JsonNode teamList = calls.lookup(teams.tool(), Map.of());
            List<Map<String, Object>> args = new ArrayList<>();
            for (JsonNode team : ResultTree.rows(teamList, teams.items())) {
                String id = ResultTree.text(ResultTree.at(team, teams.id()));
                if (id != null) {
                    args.add(Map.of(siteSource.argument(), id));
                }
            }
            List<Listed> found = new ArrayList<>();
            List<JsonNode> results = args.isEmpty() ? List.of() : calls.lookupAll(siteSource.tool(), args);
            for (int i = 0; i < results.size(); i++) {
                QueryPlanner.ToolCall call = new QueryPlanner.ToolCall(siteSource.tool(), args.get(i), false);
                for (JsonNode site : ResultTree.rows(results.get(i), siteSource.items())) {
                    String id = ResultTree.text(ResultTree.at(site, siteSource.id()));
                    String name = ResultTree.text(ResultTree.at(site, siteSource.name()));
                    if (id != null && name != null) {
                        found.add(new Listed(new QuestionParser.Site(id, name, ResultTree.text(ResultTree.at(site, siteSource.environment()))), site, call));
                    }
                }
            }
            return List.copyOf(found);
        } catch (Calls.CallFailed e) {
            return List.of();
        }
    }

    /**
     * The keys of a dimension's rows on the source's site over the last 30 days ("/api/checkout"),
     * listed once per question and only when a question names one in words; none when the call fails.
     */
    synchronized List<String> keys(String dimension, java.time.ZoneId zone, java.time.Instant now) {
        return keys.computeIfAbsent(dimension, d -> listKeys(d, new QueryPlanner(semantics, defaultSite, zone, now)));
    }

    private List<String> listKeys(String name, QueryPlanner planner) {
        Semantics.Dimension dimension = semantics.dimensions().get(name);
        if (calls == null || dimension == null || dimension.listing() || dimension.limit() == null) {
            return List.of();
        }
        try {
            QueryPlanner.ToolCall call = planner.breakdownCall(
                    new Query.Breakdown(null, name, "requests", Map.of(), "last(30d)", dimension.limit().max(), null));
            List<String> found = new ArrayList<>();
            for (JsonNode row : ResultTree.rows(calls.lookup(call.tool(), call.arguments()), dimension.rows())) {
                String key = ResultTree.keyOf(row, dimension.key());
                if (key != null) {
                    found.add(key);
                }
            }
            return List.copyOf(found);
        } catch (Calls.CallFailed e) {
            return List.of();
        }
    }

    /**
     * The listed entity ("policy", "rule") that has a row called exactly this ("Fetched pages") on the site, or null:
     * a name quoted from the vendor's dashboard says what it is by being one.
     */
    synchronized String entityNamed(String name, String site, java.time.ZoneId zone, java.time.Instant now) {
        return named.computeIfAbsent(name + "|" + site, k -> findNamed(name, site, new QueryPlanner(semantics, defaultSite, zone, now))).orElse(null);
    }

    private final Map<String, java.util.Optional<String>> named = new java.util.HashMap<>();

    private java.util.Optional<String> findNamed(String name, String site, QueryPlanner planner) {
        if (calls == null) {
            return java.util.Optional.empty();
        }
        for (Map.Entry<String, Semantics.Lookup> lookup : semantics.lookups().entrySet()) {
            if (!lookup.getValue().foundByName()) {
                continue;
            }
            try {
                QueryPlanner.ToolCall call = planner.plan(new Query.Lookup(site, lookup.getKey(), null, null, null)).get(0);
                for (JsonNode row : ResultTree.rows(calls.lookup(call.tool(), call.arguments()), lookup.getValue().list().items())) {
                    List<Map.Entry<String, Object>> cells = new ArrayList<>();
                    ResultTree.leaves("", row, cells);
                    if (cells.stream().anyMatch(cell -> cell.getValue() instanceof String v && v.equalsIgnoreCase(name))) {
                        return java.util.Optional.of(lookup.getKey());
                    }
                }
            } catch (Calls.CallFailed e) {
                // A list that cannot be read names nothing.
            }
        }
        return java.util.Optional.empty();
    }

    /** The source's own site, as listed (its name), or by id alone when it is not listed. */
    QuestionParser.Site defaultSite() {
        if (defaultSite == null) {
            return null;
        }
        return sites().stream().filter(s -> s.id().equals(defaultSite)).findFirst().orElse(new QuestionParser.Site(defaultSite, defaultSite, null));
    }

    /** Site ids and names for the answer's words; nothing is listed for a question that is not answered. */
    Map<String, String> names(Query query) {
        if (query instanceof Query.Unanswerable u && u.partial() == null) {
            return Map.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        sites().forEach(s -> names.put(s.id(), s.name()));
        return names;
    }
}
