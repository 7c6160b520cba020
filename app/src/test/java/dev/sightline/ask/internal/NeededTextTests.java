package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NeededTextTests {

    @Test
    void theTextAnExpressionCannotMatchWithoutIsRead() {
        assertThat(NeededText.of("\\b(?:the\\s+)?(?:last|past)\\s+weeks?\\b").choices())
                .containsExactly(Set.of("last", "past"), Set.of("week"));
        // An optional letter ends the text before it; a repeated one stays once.
        assertThat(NeededText.of("colou?r").choices()).containsExactly(Set.of("colo"));
        assertThat(NeededText.of("abb+c").choices()).containsExactly(Set.of("abb"));
        // Escaped punctuation is plain text; lookarounds and optional groups need nothing.
        assertThat(NeededText.of("(?<![\\w-])o'clock\\.(?!\\d)(?:\\s+sharp)?").choices()).containsExactly(Set.of("o'clock."));
        // Each alternative must need something, else the group needs nothing.
        assertThat(NeededText.of("(?:today|yesterday|\\d+)\\s+at").choices()).containsExactly(Set.of("at"));
        // A punctuation mark alone is worth looking for; a letter alone is not.
        assertThat(NeededText.of("\\d,\\s*(?:the day|when)\\s+x").choices()).containsExactly(Set.of(","), Set.of("the day", "when"));
        // Quoted text is plain text.
        assertThat(NeededText.of("\\b" + Pattern.quote("a.b (c)") + "s?\\b").choices()).containsExactly(Set.of("a.b (c)"));
        assertThat(NeededText.of("\\Qab\\E?").choices()).isEmpty();
        assertThat(NeededText.of("(since|from)\\s+(?:mon|tue)day").choices()).containsExactly(Set.of("since", "from"), Set.of("mon", "tue"), Set.of("day"));
    }

    @Test
    void whatItCannotBeSureOfNeedsNothing() {
        for (String regex : List.of("(?i)last week", "last(?i:week)", "\\x41bc", "\\tweek", "(week", "week)", "a|bc", "[abc]+", "\\d{2,}")) {
            assertThat(NeededText.of(regex).choices()).as(regex).isEmpty();
            assertThat(NeededText.of(regex).mayMatch("")).as(regex).isTrue();
        }
    }

    @Test
    void aTextWithoutItIsRuledOutAndOnlyThen() {
        NeededText lastWeek = NeededText.of("\\b(?:last|past)\\s+weeks?\\b");
        Pattern pattern = Pattern.compile("\\b(?:last|past)\\s+weeks?\\b");
        assertThat(lastWeek.rulesOut("denials in the past  weeks", pattern)).isFalse();
        assertThat(lastWeek.rulesOut("denials this month", pattern)).isTrue();
        // Having the text is not a match: the expression still decides.
        assertThat(lastWeek.rulesOut("week after last", pattern)).isFalse();
    }

    @Test
    void everySkipIsCheckedAgainstTheExpressionWhenAssertionsAreOn() {
        // A wrong reading is caught wherever the tests parse a question (Surefire runs them with assertions on).
        NeededText wrong = NeededText.of("week");
        assertThatThrownBy(() -> wrong.rulesOut("weak", Pattern.compile("wea?k"))).isInstanceOf(AssertionError.class);
    }

    @Test
    void theTimeGrammarFindsTheSameWithAndWithoutTheShortcut() throws Exception {
        // Every question of the development and seen sets: each skipped rule is asserted not to match (assertions are on).
        List<String> questions = new ArrayList<>();
        for (String set : List.of("development", "seen")) {
            for (String line : Files.readAllLines(Path.of("src/test/resources/evaluation/" + set + "/questions.jsonl"))) {
                if (!line.isBlank()) {
                    questions.add(JsonMapper.shared().readTree(line).path("question").asString());
                }
            }
        }
        assertThat(questions).hasSizeGreaterThan(300);
        Instant now = Instant.parse("2026-11-25T14:30:00Z");
        int found = 0;
        for (String question : questions) {
            found += TimeWindows.findAll(question, ZoneId.of("Europe/Berlin"), now).size();
        }
        assertThat(found).isGreaterThan(200);
    }
}
