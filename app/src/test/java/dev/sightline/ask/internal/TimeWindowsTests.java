package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowsTests {

    /** A Wednesday afternoon in Berlin. */
    static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "How many denials today?                      | 2026-11-24T23:00:00Z | 2026-11-25T14:30:00Z",
            "staging traffic last hr?                      | 2026-11-25T13:30:00Z | 2026-11-25T14:30:00Z",
            "in the last one hour and half, rate limited   | 2026-11-25T13:00:00Z | 2026-11-25T14:30:00Z",
            "requests in the past 1.5 hours                | 2026-11-25T13:00:00Z | 2026-11-25T14:30:00Z",
            "traffic over the 14 days before today         | 2026-11-10T23:00:00Z | 2026-11-24T23:00:00Z",
            "per day for today and the 6 days befor it      | 2026-11-18T23:00:00Z | 2026-11-25T14:30:00Z",
            "denials per day, today and the previous 4 days | 2026-11-20T23:00:00Z | 2026-11-25T14:30:00Z",
            "how many did shield block this weak            | 2026-11-22T23:00:00Z | 2026-11-25T14:30:00Z",
            "what happened yesterday                       | 2026-11-23T23:00:00Z | 2026-11-24T23:00:00Z",
            "rate limit denials this week                  | 2026-11-22T23:00:00Z | 2026-11-25T14:30:00Z",
            "bots last week                                | 2026-11-15T23:00:00Z | 2026-11-22T23:00:00Z",
            "over the last 7 days                          | 2026-11-18T14:30:00Z | 2026-11-25T14:30:00Z",
            "in the past 24 hours                          | 2026-11-24T14:30:00Z | 2026-11-25T14:30:00Z",
            "past 3 hours                                  | 2026-11-25T11:30:00Z | 2026-11-25T14:30:00Z",
            "this month so far                             | 2026-10-31T23:00:00Z | 2026-11-25T14:30:00Z",
            "last month                                    | 2026-09-30T22:00:00Z | 2026-10-31T23:00:00Z",
            "since Monday                                  | 2026-11-22T23:00:00Z | 2026-11-25T14:30:00Z",
            "denials in October                            | 2026-09-30T22:00:00Z | 2026-10-31T23:00:00Z",
            "what about on Nov 3                           | 2026-11-02T23:00:00Z | 2026-11-03T23:00:00Z",
            "between Nov 1 and Nov 10                      | 2026-10-31T23:00:00Z | 2026-11-10T23:00:00Z",
            "from November 10th to 12th                    | 2026-11-09T23:00:00Z | 2026-11-12T23:00:00Z",
            "in December                                   | 2025-11-30T23:00:00Z | 2025-12-31T23:00:00Z",
            "denials yday                                  | 2026-11-23T23:00:00Z | 2026-11-24T23:00:00Z",
            "what happened yesterdya                       | 2026-11-23T23:00:00Z | 2026-11-24T23:00:00Z",
            "in the last 48h                               | 2026-11-23T14:30:00Z | 2026-11-25T14:30:00Z",
            "the last 45 mins                              | 2026-11-25T13:45:00Z | 2026-11-25T14:30:00Z",
            "bots on Thursday                              | 2026-11-18T23:00:00Z | 2026-11-19T23:00:00Z",
            "last friday                                   | 2026-11-19T23:00:00Z | 2026-11-20T23:00:00Z",
            "over the weekend                              | 2026-11-20T23:00:00Z | 2026-11-22T23:00:00Z",
            "since the 3rd                                 | 2026-11-02T23:00:00Z | 2026-11-25T14:30:00Z",
            "the month so far                              | 2026-10-31T23:00:00Z | 2026-11-25T14:30:00Z",
            "the past fortnight                            | 2026-11-11T14:30:00Z | 2026-11-25T14:30:00Z",
            "the past week                                 | 2026-11-18T14:30:00Z | 2026-11-25T14:30:00Z",
            "this wek                                      | 2026-11-22T23:00:00Z | 2026-11-25T14:30:00Z",
            "monday last week                              | 2026-11-15T23:00:00Z | 2026-11-16T23:00:00Z",
            "3 days ago                                    | 2026-11-21T23:00:00Z | 2026-11-22T23:00:00Z",
            "6 days back                                   | 2026-11-18T23:00:00Z | 2026-11-19T23:00:00Z",
            "bot denials, month-to-date                    | 2026-10-31T23:00:00Z | 2026-11-25T14:30:00Z",
            "from 10 days ago up to 7 days ago             | 2026-11-15T14:30:00Z | 2026-11-18T14:30:00Z",
            "refused a week ago today                      | 2026-11-17T23:00:00Z | 2026-11-18T23:00:00Z",
            "deny rate in the window 4d ago -> 1d ago      | 2026-11-21T14:30:00Z | 2026-11-24T14:30:00Z",
            "denied count for the window T-48h to T-24h    | 2026-11-23T14:30:00Z | 2026-11-24T14:30:00Z",
            "rate limit denials yesterday between 18:00 and 22:00 | 2026-11-24T17:00:00Z | 2026-11-24T21:00:00Z",
            "since nine o'clock this morning                | 2026-11-25T08:00:00Z | 2026-11-25T14:30:00Z",
            "between noon and 2pm today                     | 2026-11-25T11:00:00Z | 2026-11-25T13:00:00Z",
            "hourly deny rate between 06:00 and 12:00 UTC today | 2026-11-25T06:00:00Z | 2026-11-25T12:00:00Z",
            "denials since 09:00 UTC today                  | 2026-11-25T09:00:00Z | 2026-11-25T14:30:00Z",
            "overnight, between midnight and 6 this morning | 2026-11-24T23:00:00Z | 2026-11-25T05:00:00Z",
            "between 2 and 3 this afternoon                 | 2026-11-25T13:00:00Z | 2026-11-25T14:00:00Z",
            "in the three full days before today            | 2026-11-21T23:00:00Z | 2026-11-24T23:00:00Z",
            "denials after 6pm yesterday                    | 2026-11-24T17:00:00Z | 2026-11-24T23:00:00Z",
            "yesterday before noon                          | 2026-11-23T23:00:00Z | 2026-11-24T11:00:00Z",
            "requests until 10 this morning                 | 2026-11-24T23:00:00Z | 2026-11-25T09:00:00Z",
            "traffic from 9am today                         | 2026-11-25T08:00:00Z | 2026-11-25T14:30:00Z",
            "denials at 3pm yesterday                       | 2026-11-24T14:00:00Z | 2026-11-24T15:00:00Z",
            "yesterday around 23:00                         | 2026-11-24T22:00:00Z | 2026-11-24T23:00:00Z",
            "denials on 19 November                         | 2026-11-18T23:00:00Z | 2026-11-19T23:00:00Z",
            "the week of 16 Nov                             | 2026-11-15T23:00:00Z | 2026-11-22T23:00:00Z",
            "on 19 November between 02:00 and 06:00 UTC     | 2026-11-19T02:00:00Z | 2026-11-19T06:00:00Z",
            "during the week before the last one            | 2026-11-08T23:00:00Z | 2026-11-15T23:00:00Z",
            "compared to the same point yesterday           | 2026-11-23T23:00:00Z | 2026-11-24T14:30:00Z",
            "denials on Nov 19-20                           | 2026-11-18T23:00:00Z | 2026-11-20T23:00:00Z",
            "who hit us hardest last thu-fri                | 2026-11-18T23:00:00Z | 2026-11-20T23:00:00Z",
            "requests in the last 3 days? Today must not be counted. | 2026-11-21T23:00:00Z | 2026-11-24T23:00:00Z",
            "from last Thursday through last Saturday       | 2026-11-18T23:00:00Z | 2026-11-21T23:00:00Z",
            "from 9am to 5pm today                         | 2026-11-25T08:00:00Z | 2026-11-25T14:30:00Z",
            "between 9 and 11am yesterday                  | 2026-11-24T08:00:00Z | 2026-11-24T10:00:00Z",
            "a 30-day report on the login path             | 2026-10-26T14:30:00Z | 2026-11-25T14:30:00Z",
            "blocked on Tuesday, Wednesday and Thursday of last week | 2026-11-16T23:00:00Z | 2026-11-19T23:00:00Z",
            "what % of yday's traffic got rate limited     | 2026-11-23T23:00:00Z | 2026-11-24T23:00:00Z",
            "the IP denied most during Saturday and Sunday | 2026-11-20T23:00:00Z | 2026-11-22T23:00:00Z",
            "how many challange in tody                    | 2026-11-24T23:00:00Z | 2026-11-25T14:30:00Z",
            "avrage denials per day last wek (mon to sun)  | 2026-11-15T23:00:00Z | 2026-11-22T23:00:00Z",
            "a typical weekday last week                   | 2026-11-15T23:00:00Z | 2026-11-20T23:00:00Z",
            "this morning                                  | 2026-11-25T05:00:00Z | 2026-11-25T11:00:00Z",
            "the last half hour                            | 2026-11-25T14:00:00Z | 2026-11-25T14:30:00Z",
            "the last 7 days excluding today               | 2026-11-17T23:00:00Z | 2026-11-24T23:00:00Z",
            "from midnight till now                        | 2026-11-24T23:00:00Z | 2026-11-25T14:30:00Z",
            "by this time yesterday                        | 2026-11-23T23:00:00Z | 2026-11-24T14:30:00Z",
            "for the last three full weeks                 | 2026-11-01T23:00:00Z | 2026-11-22T23:00:00Z",
            "prod denials by day, Mon–Sun last week        | 2026-11-15T23:00:00Z | 2026-11-22T23:00:00Z",
            "daily totals from Monday to Tuesday this week | 2026-11-22T23:00:00Z | 2026-11-24T23:00:00Z",
            "requests from friday to sunday?               | 2026-11-19T23:00:00Z | 2026-11-22T23:00:00Z",
            "each day since last Wednesday                 | 2026-11-17T23:00:00Z | 2026-11-25T14:30:00Z",
            "each day since Wednesday                      | 2026-11-17T23:00:00Z | 2026-11-25T14:30:00Z",
            "the three full weeks before this one          | 2026-11-01T23:00:00Z | 2026-11-22T23:00:00Z",
            "From the 1st of this month until now          | 2026-10-31T23:00:00Z | 2026-11-25T14:30:00Z",
            "denied on prod monday?                        | 2026-11-22T23:00:00Z | 2026-11-23T23:00:00Z",
            "the weekend before last                       | 2026-11-13T23:00:00Z | 2026-11-15T23:00:00Z",
            "the last 2 complete days                      | 2026-11-22T23:00:00Z | 2026-11-24T23:00:00Z",
            "between 9 a.m. and noon UTC today             | 2026-11-25T09:00:00Z | 2026-11-25T12:00:00Z",
            "yesterday evening, 18:00 to midnight UTC      | 2026-11-24T18:00:00Z | 2026-11-25T00:00:00Z",
            "the same stretch of last week                 | 2026-11-15T23:00:00Z | 2026-11-18T14:30:00Z",
            "last week at the same point in the week       | 2026-11-15T23:00:00Z | 2026-11-18T14:30:00Z",
            "the last 3 weeks (complete weeks only)        | 2026-11-01T23:00:00Z | 2026-11-22T23:00:00Z",
            "the past 2 weeks, not this one                | 2026-11-08T23:00:00Z | 2026-11-22T23:00:00Z",
            "from last Wednesday through Saturday          | 2026-11-17T23:00:00Z | 2026-11-21T23:00:00Z",
            "last Saturday plus Sunday                     | 2026-11-20T23:00:00Z | 2026-11-22T23:00:00Z",
            "the Monday and Tuesday of last week           | 2026-11-15T23:00:00Z | 2026-11-17T23:00:00Z",
            "between half nine and noon today              | 2026-11-25T08:30:00Z | 2026-11-25T11:00:00Z",
            "between 02:00 and 06:00 UTC last Thursday     | 2026-11-19T02:00:00Z | 2026-11-19T06:00:00Z",
            "Between eight and ten last night              | 2026-11-24T19:00:00Z | 2026-11-24T21:00:00Z"})
    void everydayWordsBecomeAbsoluteWindows(String question, String start, String end) {
        TimeWindows.Window window = TimeWindows.find(question, BERLIN, NOW).orElseThrow();
        assertThat(window.start()).as(question).isEqualTo(Instant.parse(start));
        assertThat(window.end()).as(question).isEqualTo(Instant.parse(end));
    }

    @Test
    void aComparisonNamesBothDays() {
        var found = TimeWindows.findAll("were there more denials on Tuesday or Wednesday?", BERLIN, NOW);
        assertThat(found).extracting(f -> f.window().expression()).containsExactly("weekday(TUESDAY)", "weekday(WEDNESDAY)");
    }

    @Test
    void aWeekendIsComparedWithTheOneBefore() {
        var found = TimeWindows.findAll("rate-limit denials this past weekend with the weekend before", BERLIN, NOW);
        assertThat(found).extracting(f -> f.window().expression()).containsExactly("weekend(last)", "weekend(-2)");
        assertThat(TimeWindows.previousOf("weekend(last)", false)).isEqualTo("weekend(-2)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"which paths get the most bot traffic", "top IPs", "list the rules", "show me the latest requests",
            "give me the 3 paths with most denials", "in what ways do bots attack us"})
    void questionsWithoutAPeriodHaveNone(String question) {
        assertThat(TimeWindows.find(question, BERLIN, NOW)).isEmpty();
    }

    @Test
    void theSameStretchBeforeThatAndDaysCountedBack() {
        java.util.List<TimeWindows.Found> two = TimeWindows.findAll("the denial rate for the last 7 days and for the 7 days before that", java.time.ZoneOffset.UTC, NOW);
        assertThat(two).extracting(f -> f.window().expression()).containsExactly("last(7d)", "ago(14d,7d)");
        assertThat(TimeWindows.findAll("denials per day for today and the 6 days before it", java.time.ZoneOffset.UTC, NOW))
                .extracting(f -> f.window().expression()).containsExactly("calendarDays(7)");
        assertThat(TimeWindows.findAll("bot denials per day for six, five and four days ago", java.time.ZoneOffset.UTC, NOW))
                .extracting(f -> f.window().expression()).containsExactly("span(day(-6)|day(-4))");
        assertThat(TimeWindows.findAll("this week so far plus the three weeks before it", java.time.ZoneOffset.UTC, NOW))
                .extracting(f -> f.window().expression()).containsExactly("sinceWeek(-3)");
    }

    @Test
    void aWordIsBaredAsItsExpressionWould() {
        for (String word : java.util.List.of("", "...", "(yesterday),", "\"9am\"", "24/7.", "–week—", "über!", "naïve?", "\uD835\uDC00x\uD835\uDC00!",
                "¿qué?", "5th,", "-", "a", "/x/", "tab\t", "line\n", "'s", "x'")) {
            assertThat(TimeWindows.bare(word, true)).as(word).isEqualTo(word.replaceAll("^[^\\p{L}\\d/]+|[^\\p{L}\\d/]+$", ""));
            assertThat(TimeWindows.bare(word, false)).as(word).isEqualTo(word.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", ""));
        }
    }
}
