package dev.sightline.sandbox;

import static dev.sightline.sandbox.world.SandboxWorld.ACME;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_PROD;
import static dev.sightline.sandbox.world.SandboxWorld.ACME_STAGING;
import static dev.sightline.sandbox.world.SandboxWorld.GLOBEX;
import static dev.sightline.sandbox.world.SandboxWorld.GLOBEX_WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.sandbox.world.Site;
import dev.sightline.sandbox.world.Team;
import dev.sightline.sandbox.world.TypeIds;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Teams and sites are named by TypeIDs, as Arcjet's are, apart from their human names; the ids
 * come from the seed alone, so every run and every process with the same seed agree on them.
 */
@SandboxTest
class TypeIdTests {

    /** A TypeID: the prefix, an underscore, 26 characters of lowercase Crockford base32, the first at most 7. */
    static final String SUFFIX = "[0-7][0-9abcdefghjkmnpqrstvwxyz]{25}";

    @LocalServerPort
    int port;

    static SandboxWorld world(Instant now, long seed) {
        return new SandboxWorld(Clock.fixed(now, ZoneOffset.UTC), seed);
    }

    @Test
    void teamsAndSitesHaveTypeIdsBuiltOnUuidVersion7AndKeepTheirNames() {
        SandboxWorld world = world(Instant.parse(SandboxTest.NOW), SandboxWorld.DEFAULT_SEED);
        for (Site site : world.allSites()) {
            assertThat(site.id()).matches("site_" + SUFFIX).isNotEqualTo(site.name());
            UUID uuid = TypeIds.uuid(site.id());
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(TypeIds.isTypeId("site", site.id())).isTrue();
            assertThat(TypeIds.isTypeId("team", site.id())).isFalse();
        }
        assertThat(world.allSites()).extracting(Site::name).containsExactly("acme-prod", "acme-staging", "globex-web");
        assertThat(world.allSites()).extracting(Site::id).containsExactly(ACME_PROD, ACME_STAGING, GLOBEX_WEB);
        List<Team> teams = world.teamsOf(world.account("alice@example.com").orElseThrow());
        assertThat(teams).extracting(Team::id).containsExactly(ACME);
        assertThat(teams).extracting(Team::name).containsExactly("Acme");
        assertThat(ACME).matches("team_" + SUFFIX);
        assertThat(GLOBEX).matches("team_" + SUFFIX);
        // Sortable like real ones: the older a site, the smaller its id.
        assertThat(List.of(ACME_PROD, ACME_STAGING, GLOBEX_WEB)).isSorted();
        assertThat(TypeIds.isTypeId("site", "acme-prod")).isFalse();
    }

    @Test
    void theSameSeedGivesTheSameIdsWhateverNowIsAndAnotherSeedOtherIds() {
        SandboxWorld first = world(Instant.parse("2026-11-20T15:30:00Z"), 42);
        SandboxWorld second = world(Instant.parse("2027-03-02T08:01:00Z"), 42);
        SandboxWorld other = world(Instant.parse("2026-11-20T15:30:00Z"), 43);
        assertThat(second.allSites()).extracting(Site::id).containsExactlyElementsOf(first.allSites().stream().map(Site::id).toList());
        assertThat(other.allSites()).extracting(Site::id).doesNotContainAnyElementsOf(first.allSites().stream().map(Site::id).toList());
        assertThat(first.siteNamed("acme-prod").orElseThrow().id()).isEqualTo(SandboxWorld.siteId(42, "acme-prod"));
        assertThat(SandboxWorld.teamId(42, "Acme")).isEqualTo(first.teamsOf(first.account("alice@example.com").orElseThrow()).get(0).id())
                .isNotEqualTo(ACME);
        // Sites created through create-site get TypeIDs too, carrying their creation time.
        Instant now = Instant.parse("2026-11-20T15:30:00Z");
        Site created = first.createSite(SandboxWorld.teamId(42, "Globex"), "Globex Shop", "staging");
        assertThat(created.id()).matches("site_" + SUFFIX);
        assertThat(created.name()).isEqualTo("Globex Shop");
        assertThat(TypeIds.uuid(created.id()).getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(world(now, 42).createSite(SandboxWorld.teamId(42, "Globex"), "Globex Shop", "staging").id()).isEqualTo(created.id());
    }

    @Test
    void twoSandboxProcessesWithTheSameSeedAgreeOnTheIds() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read").accessToken());
        JsonNode teams = SandboxPeer.call(mcp, "list-teams", Map.of()).path("teams");
        assertThat(teams.get(0).path("id").asString()).isEqualTo(ACME);
        JsonNode sites = SandboxPeer.call(mcp, "list-sites", Map.of("teamId", ACME)).path("sites");
        assertThat(sites.findValuesAsString("id")).containsExactly(ACME_PROD, ACME_STAGING);
        mcp.close();
        // Another process, started later on another "now", with the same (default) seed.
        try (var other = new org.springframework.boot.SpringApplication(SandboxApplication.class).run("--server.port=0",
                "--sandbox.now=2026-12-24T09:00:00Z", "--sandbox.requests-per-site=1000", "--sandbox.business-data-dir=target/test-business",
                "--sandbox.data-dir=target/test-sandbox/" + UUID.randomUUID(), "--logging.level.root=WARN")) {
            int otherPort = ((org.springframework.boot.web.server.context.WebServerApplicationContext) other).getWebServer().getPort();
            SandboxPeer otherPeer = new SandboxPeer(otherPort);
            McpSyncClient otherMcp = otherPeer.mcp(otherPeer.signIn("alice@example.com", "analytics:read").accessToken());
            assertThat(SandboxPeer.call(otherMcp, "list-sites", Map.of("teamId", ACME)).path("sites").findValuesAsString("id"))
                    .containsExactly(ACME_PROD, ACME_STAGING);
            otherMcp.close();
        }
    }

    @Test
    void everyToolTakingASiteOrTeamRefusesANameAsARealServerWould() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("alice@example.com", "analytics:read rules:manage").accessToken());
        int checked = 0;
        for (McpSchema.Tool tool : mcp.listTools().tools()) {
            Map<?, ?> properties = (Map<?, ?>) tool.inputSchema().get("properties");
            for (String[] idAndName : new String[][] {{"siteId", "acme-prod"}, {"teamId", "Acme"}, {"teamId", "acme"}}) {
                if (!properties.containsKey(idAndName[0])) {
                    continue;
                }
                Map<String, Object> arguments = requiredArguments(tool);
                arguments.put(idAndName[0], idAndName[1]);
                JsonNode answer = SandboxPeer.call(mcp, tool.name(), arguments);
                assertThat(answer.path("error").asString()).as(tool.name() + " with " + arguments)
                        .contains(idAndName[0].equals("siteId") ? "Unknown site '" : "Unknown team '")
                        .contains(idAndName[0].equals("siteId") ? "Site ids look like site_" : "Team ids look like team_");
                checked++;
            }
        }
        assertThat(checked).isEqualTo(19 + 2 * 2);
        // The ids themselves work, and the name is still what people see.
        assertThat(SandboxPeer.call(mcp, "list-rules", Map.of("siteId", ACME_PROD)).path("rules").size()).isEqualTo(5);
        mcp.close();
    }

    @Test
    void aCreatedSiteIsFoundByItsIdOnly() throws Exception {
        SandboxPeer peer = new SandboxPeer(port);
        McpSyncClient mcp = peer.mcp(peer.signIn("bob@example.com", "analytics:read rules:manage").accessToken());
        JsonNode created = SandboxPeer.call(mcp, "create-site", Map.of("teamId", GLOBEX, "name", "globex-shop", "environment", "staging"));
        String id = created.path("site").path("id").asString();
        assertThat(id).matches("site_" + SUFFIX);
        assertThat(created.path("site").path("name").asString()).isEqualTo("globex-shop");
        assertThat(SandboxPeer.call(mcp, "list-sites", Map.of("teamId", GLOBEX)).path("sites").findValuesAsString("id")).contains(GLOBEX_WEB, id);
        assertThat(SandboxPeer.call(mcp, "get-site-key", Map.of("siteId", id)).path("key").asString()).startsWith("ajkey_live_");
        assertThat(SandboxPeer.call(mcp, "get-site-key", Map.of("siteId", "globex-shop")).path("error").asString()).contains("Unknown site");
        assertThat(SandboxPeer.call(mcp, "create-site", Map.of("teamId", GLOBEX, "name", "Globex-Shop")).path("error").asString())
                .contains("already exists");
        mcp.close();
    }

    /** Arguments that satisfy a tool's input schema: placeholders of the right type for each required property. */
    static Map<String, Object> requiredArguments(McpSchema.Tool tool) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        List<?> required = tool.inputSchema().get("required") instanceof List<?> names ? names : List.of();
        Map<?, ?> properties = (Map<?, ?>) tool.inputSchema().get("properties");
        for (Object entry : required) {
            String name = String.valueOf(entry);
            Map<?, ?> schema = (Map<?, ?>) properties.get(name);
            Object value = schema.get("enum") instanceof List<?> values ? values.get(0)
                    : "object".equals(schema.get("type")) ? Map.of()
                    : name.equals("ip") ? "192.0.2.1" : "placeholder";
            arguments.put(name, value);
        }
        return arguments;
    }
}
