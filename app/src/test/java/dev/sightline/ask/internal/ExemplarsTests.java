package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExemplarsTests {

    private final Exemplars exemplars = new Exemplars(List.of("How many requests were denied yesterday?", "Which IPs were denied the most this week?",
            "What would the dry-run rules block if we promoted them?"));

    @Test
    void theNearestPhrasingsComeFirstTyposAndWordOrderAside() {
        assertThat(exemplars.nearest("ips denyed most, this wek?", 1)).containsExactly("Which IPs were denied the most this week?");
        assertThat(exemplars.nearest("dryrun rules: what would they block", 1)).containsExactly("What would the dry-run rules block if we promoted them?");
    }

    @Test
    void aQuestionSharingAlmostNothingGetsNoSuggestion() {
        assertThat(exemplars.nearest("zzzz qqqq", 3)).isEmpty();
    }
}
