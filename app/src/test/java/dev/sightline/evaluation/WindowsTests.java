package dev.sightline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.sightline.evaluation.Windows.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The window grammar at a fixed "now": Wednesday 2 December 2026, 14:37 UTC. */
class WindowsTests {

    static final Instant NOW = Instant.parse("2026-12-02T14:37:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "today                    | 2026-12-02T00:00:00Z | 2026-12-02T14:37:00Z",
            "yesterday                | 2026-12-01T00:00:00Z | 2026-12-02T00:00:00Z",
            "day(-6)                  | 2026-11-26T00:00:00Z | 2026-11-27T00:00:00Z",
            "day(0)                   | 2026-12-02T00:00:00Z | 2026-12-02T14:37:00Z",
            "last(45m)                | 2026-12-02T13:52:00Z | 2026-12-02T14:37:00Z",
            "last(12h)                | 2026-12-02T02:37:00Z | 2026-12-02T14:37:00Z",
            "last(7d)                 | 2026-11-25T14:37:00Z | 2026-12-02T14:37:00Z",
            "thisWeek                 | 2026-11-30T00:00:00Z | 2026-12-02T14:37:00Z",
            "lastWeek                 | 2026-11-23T00:00:00Z | 2026-11-30T00:00:00Z",
            "week(-2)                 | 2026-11-16T00:00:00Z | 2026-11-23T00:00:00Z",
            "thisMonth                | 2026-12-01T00:00:00Z | 2026-12-02T14:37:00Z",
            "thisMonth(UTC)           | 2026-12-01T00:00:00Z | 2026-12-02T14:37:00Z",
            "lastMonth                | 2026-11-01T00:00:00Z | 2026-12-01T00:00:00Z",
            "weekday(THU, last)       | 2026-11-26T00:00:00Z | 2026-11-27T00:00:00Z",
            "weekday(WED, last)       | 2026-11-25T00:00:00Z | 2026-11-26T00:00:00Z",
            "weekday(TUE, last)       | 2026-12-01T00:00:00Z | 2026-12-02T00:00:00Z",
            "weekday(MON, lastWeek)   | 2026-11-23T00:00:00Z | 2026-11-24T00:00:00Z",
            "weekday(FRI, lastWeek)   | 2026-11-27T00:00:00Z | 2026-11-28T00:00:00Z",
            "lastWeek(MON..WED)       | 2026-11-23T00:00:00Z | 2026-11-26T00:00:00Z",
            "weekend(last)            | 2026-11-28T00:00:00Z | 2026-11-30T00:00:00Z",
            "weekend(lastWeek)        | 2026-11-28T00:00:00Z | 2026-11-30T00:00:00Z",
            "since(dayOfMonth 3)      | 2026-11-03T00:00:00Z | 2026-12-02T14:37:00Z",
            "since(dayOfMonth 2)      | 2026-12-02T00:00:00Z | 2026-12-02T14:37:00Z",
            "since(day(-9))           | 2026-11-23T00:00:00Z | 2026-12-02T14:37:00Z",
            "since(week(-3))          | 2026-11-09T00:00:00Z | 2026-12-02T14:37:00Z",
            "between(now-10d, now-7d) | 2026-11-22T14:37:00Z | 2026-11-25T14:37:00Z",
            "last(90m)                | 2026-12-02T13:07:00Z | 2026-12-02T14:37:00Z"})
    void resolvesInUtc(String spec, String start, String end) {
        assertThat(Windows.resolve(spec, NOW, ZoneOffset.UTC)).isEqualTo(new Window(Instant.parse(start), Instant.parse(end)));
    }

    @Test
    void calendarWindowsFollowTheWorkspaceZone() {
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(Windows.resolve("today", NOW, newYork)).isEqualTo(new Window(Instant.parse("2026-12-02T05:00:00Z"), NOW));
        assertThat(Windows.resolve("yesterday", NOW, newYork))
                .isEqualTo(new Window(Instant.parse("2026-12-01T05:00:00Z"), Instant.parse("2026-12-02T05:00:00Z")));
        // The quota's billing month is UTC whatever the workspace's zone.
        assertThat(Windows.resolve("thisMonth(UTC)", NOW, newYork).start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Windows.resolve("thisMonth", NOW, newYork).start()).isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
        // Early on Wednesday in Tokyo is still Tuesday in UTC: Tokyo's week began on its own Monday.
        assertThat(Windows.resolve("thisWeek", Instant.parse("2026-12-01T20:00:00Z"), ZoneId.of("Asia/Tokyo")).start())
                .isEqualTo(Instant.parse("2026-11-29T15:00:00Z"));
    }

    @Test
    void aWeekendIsAlwaysAWholeOne() {
        // On a Sunday this weekend is not over: the last whole one is the week before's.
        Instant sunday = Instant.parse("2026-11-29T12:00:00Z");
        assertThat(Windows.resolve("weekend(last)", sunday, ZoneOffset.UTC))
                .isEqualTo(new Window(Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")));
        // On a Monday it just ended.
        Instant monday = Instant.parse("2026-11-30T08:00:00Z");
        assertThat(Windows.resolve("weekend(last)", monday, ZoneOffset.UTC))
                .isEqualTo(new Window(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")));
    }

    @Test
    void windowsNeverRunPastNow() {
        assertThat(Windows.resolve("week(0)", NOW, ZoneOffset.UTC).end()).isEqualTo(NOW);
        assertThat(Windows.resolve("thisWeek(MON..FRI)", NOW, ZoneOffset.UTC).end()).isEqualTo(NOW);
    }

    @Test
    void bucketsAreCalendarHoursDaysAndIsoWeeksWithPartialEdges() {
        List<Window> hours = Windows.buckets(Windows.resolve("today", NOW, ZoneOffset.UTC), "hour", ZoneOffset.UTC);
        assertThat(hours).hasSize(15);
        assertThat(hours.get(0)).isEqualTo(new Window(Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-02T01:00:00Z")));
        assertThat(hours.get(14)).isEqualTo(new Window(Instant.parse("2026-12-02T14:00:00Z"), NOW));

        List<Window> days = Windows.buckets(Windows.resolve("thisWeek", NOW, ZoneOffset.UTC), "day", ZoneOffset.UTC);
        assertThat(days).extracting(Window::start).containsExactly(Instant.parse("2026-11-30T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

        List<Window> weeks = Windows.buckets(Windows.resolve("since(week(-3))", NOW, ZoneOffset.UTC), "week", ZoneOffset.UTC);
        assertThat(weeks).extracting(Window::start).containsExactly(Instant.parse("2026-11-09T00:00:00Z"),
                Instant.parse("2026-11-16T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(weeks.get(3).end()).isEqualTo(NOW);

        // A window that starts mid-hour: its first bucket is the rest of that hour.
        List<Window> last = Windows.buckets(Windows.resolve("last(3h)", NOW, ZoneOffset.UTC), "hour", ZoneOffset.UTC);
        assertThat(last).hasSize(4);
        assertThat(last.get(0)).isEqualTo(new Window(Instant.parse("2026-12-02T11:37:00Z"), Instant.parse("2026-12-02T12:00:00Z")));
    }

    @Test
    void dayBucketsInAZoneWithDaylightSavingTime() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant now = Instant.parse("2026-10-26T12:00:00Z");
        List<Window> days = Windows.buckets(Windows.resolve("since(day(-2))", now, berlin), "day", berlin);
        // Sunday 25 October 2026 has 25 hours in Berlin.
        assertThat(days.get(1).length().toHours()).isEqualTo(25);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> Windows.resolve("fortnight", NOW, ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Windows.resolve("last(7y)", NOW, ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Windows.resolve("weekday(XYZ, last)", NOW, ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }
}
