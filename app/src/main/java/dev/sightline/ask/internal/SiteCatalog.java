package dev.sightline.ask.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.ask.Query;
import tools.jackson.databind.JsonNode;

/**
 * The sites the connected vendor user can see, listed the way the semantics say (teams, then each
 * team's sites), once per question and only when the question needs them: a refusal calls nothing.
 * A listing that fails leaves the catalog empty, and the question is answered for the source's site.
 */
final class SiteCatalog {

    private final Semantics semantics;
    private final Calls calls;
    private final String defaultSite;
    private List<QuestionParser.Site> sites;

    SiteCatalog(Semantics semantics, Calls calls, String defaultSite) {
        this.semantics = semantics;
        this.calls = calls;
        this.defaultSite = defaultSite;
    }

    synchronized List<QuestionParser.Site> sites() {
        if (sites == null) {
            sites = list();
        }
        return sites;
    }

    private List<QuestionParser.Site> list() {
        Semantics.Source teams = semantics.sites().teams();
        Semantics.Source siteSource = semantics.sites().sites();
        if (calls == null) {
            return List.of();
        }
        try {
            JsonNode teamList = calls.call(teams.tool(), Map.of());
            List<Map<String, Object>> args = new ArrayList<>();
            for (JsonNode team : Results.rows(teamList, teams.items())) {
                String id = Results.text(Results.at(team, teams.id()));
                if (id != null) {
                    args.add(Map.of(siteSource.argument(), id));
                }
            }
            List<QuestionParser.Site> found = new ArrayList<>();
            if (!args.isEmpty()) {
                for (JsonNode result : calls.callAll(siteSource.tool(), args)) {
                    for (JsonNode site : Results.rows(result, siteSource.items())) {
                        String id = Results.text(Results.at(site, siteSource.id()));
                        String name = Results.text(Results.at(site, siteSource.name()));
                        if (id != null && name != null) {
                            found.add(new QuestionParser.Site(id, name, Results.text(Results.at(site, siteSource.environment()))));
                        }
                    }
                }
            }
            return List.copyOf(found);
        } catch (Calls.CallFailed e) {
            return List.of();
        }
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
        if (query instanceof Query.Unanswerable) {
            return Map.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        sites().forEach(s -> names.put(s.id(), s.name()));
        return names;
    }
}
