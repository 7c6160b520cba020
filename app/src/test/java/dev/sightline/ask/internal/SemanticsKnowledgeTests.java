package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.sightline.source.DataSources;
import org.junit.jupiter.api.Test;

/** The source page's view of the vendor knowledge: the same catalog check a question makes. */
class SemanticsKnowledgeTests {

    private final SemanticsKnowledge knowledge = new SemanticsKnowledge();

    @Test
    void aCatalogWithoutTheToolsTheKnowledgeNeedsIsShownAsNotFitting() {
        DataSources.DataSource bare = new DataSources.DataSource(1, "Arcjet", "arcjet", "site_x", "READY",
                List.of(new DataSources.AllowedTool("analyze-traffic", null, "Traffic", Map.of("type", "object", "properties", Map.of("siteId", Map.of())))), "acme-prod");
        DataSources.KnowledgeReport report = knowledge.of(bare).orElseThrow();
        assertThat(report.vendor()).isEqualTo("Arcjet");
        assertThat(report.fits()).isFalse();
        assertThat(report.mismatches()).contains("analyze-traffic does not take start");
        assertThat(report.topics()).contains("denied requests");
        assertThat(report.examples()).isNotEmpty();
    }

    @Test
    void aServerWithoutVendorKnowledgeHasNone() {
        DataSources.DataSource custom = new DataSources.DataSource(2, "Payouts", "custom-mcp", null, "READY", List.of(), null);
        assertThat(knowledge.of(custom)).isEmpty();
    }
}
