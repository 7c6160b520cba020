package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTests {

    @Test
    void aSlipIsTheNearestWordOneOrTwoEditsAway() {
        List<String> vocabulary = List.of("denied", "yesterday", "requests", "policies");
        assertThat(Spelling.nearest("denyed", vocabulary)).isEqualTo("denied");
        assertThat(Spelling.nearest("yestreday", vocabulary)).isEqualTo("yesterday");
        assertThat(Spelling.nearest("polices", vocabulary)).isEqualTo("policies");
        assertThat(Spelling.nearest("weather", vocabulary)).isNull();
    }

    @Test
    void commonEnglishWordsAreWhatTheySay() {
        // Common words in either spelling stand; rare ones and non-words may be slips of another.
        assertThat(Spelling.isCommonEnglish("burst")).isTrue();
        assertThat(Spelling.isCommonEnglish("recently")).isTrue();
        assertThat(Spelling.isCommonEnglish("polices")).isFalse();
        assertThat(Spelling.isCommonEnglish("reqeusts")).isFalse();
    }
}
