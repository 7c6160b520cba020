package dev.sightline.ask.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time windows in everyday words, resolved in the workspace's time zone to [start, end): today,
 * yesterday, this/last week, last 7 days, past 24 hours, this/last month, since Monday, in October,
 * on Nov 3, between Nov 1 and Nov 10. The phrase is kept, so a pinned question ("this week")
 * moves with time when it runs again.
 */
final class TimeWindows {

    /** A resolved window and the words it came from. */
    record Window(String phrase, Instant start, Instant end) {
        Duration length() {
            return Duration.between(start, end);
        }

        Window previous() {
            return new Window("the period before", start.minus(length()), start);
        }
    }

    private static final String MONTHS = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final String DAYS = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)";
    private static final Pattern LAST_N = Pattern.compile("\\b(?:last|past|previous|over the last|in the last|during the last)\\s+(\\d{1,3}|a|one|two|three|seven|ten|thirty|fourteen)\\s+(hours?|days?|weeks?|months?)\\b");
    private static final Pattern BETWEEN = Pattern.compile("\\b(?:between|from)\\s+" + MONTHS + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:and|to|-|until)\\s+(?:" + MONTHS + "\\.?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b");
    private static final Pattern ON_DAY = Pattern.compile("\\b(?:on\\s+)?" + MONTHS + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b");
    private static final Pattern IN_MONTH = Pattern.compile("\\b(?:in|during|for|of)\\s+" + MONTHS + "\\b");
    private static final Pattern SINCE_DAY = Pattern.compile("\\bsince\\s+(?:last\\s+)?" + DAYS + "\\b");

    private TimeWindows() {
    }

    /** The window named in the question, if any. */
    static Optional<Window> find(String question, ZoneId zone, Instant now) {
        String q = question.toLowerCase(Locale.ROOT);
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();

        Matcher between = BETWEEN.matcher(q);
        if (between.find()) {
            Month from = month(between.group(1));
            Month to = between.group(3) == null ? from : month(between.group(3));
            LocalDate a = pastDate(from, Integer.parseInt(between.group(2)), today);
            LocalDate b = pastDate(to, Integer.parseInt(between.group(4)), today);
            if (b.isBefore(a)) {
                LocalDate swap = a;
                a = b;
                b = swap;
            }
            return Optional.of(days(between.group(0).trim(), a, b.plusDays(1), zone, now));
        }
        Matcher lastN = LAST_N.matcher(q);
        if (lastN.find()) {
            int n = number(lastN.group(1));
            String unit = lastN.group(2);
            Duration length = unit.startsWith("hour") ? Duration.ofHours(n) : unit.startsWith("day") ? Duration.ofDays(n)
                    : unit.startsWith("week") ? Duration.ofDays(7L * n) : Duration.ofDays(30L * n);
            return Optional.of(new Window(lastN.group(0).trim(), now.minus(length), now));
        }
        if (q.matches(".*\\b(past|last)\\s+(24 hours|day)\\b.*")) {
            return Optional.of(new Window("past 24 hours", now.minus(Duration.ofHours(24)), now));
        }
        if (q.contains("today")) {
            return Optional.of(days("today", today, today.plusDays(1), zone, now));
        }
        if (q.contains("yesterday")) {
            return Optional.of(days("yesterday", today.minusDays(1), today, zone, now));
        }
        if (q.matches(".*\\b(this|current)\\s+week\\b.*") || q.matches(".*\\bweek to date\\b.*")) {
            LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            return Optional.of(days("this week", monday, today.plusDays(1), zone, now));
        }
        if (q.matches(".*\\b(last|previous|past)\\s+week\\b.*")) {
            LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
            return Optional.of(days("last week", monday, monday.plusWeeks(1), zone, now));
        }
        if (q.matches(".*\\b(this|current)\\s+month\\b.*") || q.matches(".*\\bmonth to date\\b.*")) {
            return Optional.of(days("this month", today.withDayOfMonth(1), today.plusDays(1), zone, now));
        }
        if (q.matches(".*\\b(last|previous|past)\\s+month\\b.*")) {
            YearMonth last = YearMonth.from(today).minusMonths(1);
            return Optional.of(days("last month", last.atDay(1), last.plusMonths(1).atDay(1), zone, now));
        }
        Matcher since = SINCE_DAY.matcher(q);
        if (since.find()) {
            DayOfWeek day = dayOfWeek(since.group(1));
            LocalDate start = today.with(TemporalAdjusters.previousOrSame(day));
            return Optional.of(days("since " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH), start, today.plusDays(1), zone, now));
        }
        Matcher inMonth = IN_MONTH.matcher(q);
        if (inMonth.find()) {
            Month month = month(inMonth.group(1));
            YearMonth ym = YearMonth.of(today.getYear(), month);
            if (ym.isAfter(YearMonth.from(today))) {
                ym = ym.minusYears(1);
            }
            return Optional.of(days("in " + month.getDisplayName(TextStyle.FULL, Locale.ENGLISH), ym.atDay(1), ym.plusMonths(1).atDay(1), zone, now));
        }
        Matcher on = ON_DAY.matcher(q);
        if (on.find()) {
            LocalDate day = pastDate(month(on.group(1)), Integer.parseInt(on.group(2)), today);
            return Optional.of(days(on.group(0).trim(), day, day.plusDays(1), zone, now));
        }
        return Optional.empty();
    }

    /** The default when a question names no period: the last 7 days. */
    static Window defaultWindow(Instant now) {
        return new Window("last 7 days", now.minus(Duration.ofDays(7)), now);
    }

    /** Re-resolves a stored phrase at a new moment: "this week" next Tuesday is next Tuesday's week. */
    static Window resolve(String phrase, ZoneId zone, Instant now) {
        return find(phrase, zone, now).orElseGet(() -> defaultWindow(now));
    }

    private static Window days(String phrase, LocalDate from, LocalDate toExclusive, ZoneId zone, Instant now) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = toExclusive.atStartOfDay(zone).toInstant();
        return new Window(phrase, start, end.isAfter(now) ? now.truncatedTo(ChronoUnit.SECONDS) : end);
    }

    /** A month and day without a year: the most recent such date that is not in the future. */
    private static LocalDate pastDate(Month month, int day, LocalDate today) {
        LocalDate date = LocalDate.of(today.getYear(), month, Math.min(day, month.length(today.isLeapYear())));
        return date.isAfter(today) ? date.minusYears(1) : date;
    }

    private static Month month(String word) {
        String w = word.substring(0, 3);
        for (Month m : Month.values()) {
            if (m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT).startsWith(w)) {
                return m;
            }
        }
        throw new IllegalArgumentException(word);
    }

    private static DayOfWeek dayOfWeek(String word) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT).startsWith(word.substring(0, 3))) {
                return d;
            }
        }
        throw new IllegalArgumentException(word);
    }

    private static int number(String word) {
        return switch (word) {
            case "a", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "seven" -> 7;
            case "ten" -> 10;
            case "fourteen" -> 14;
            case "thirty" -> 30;
            default -> Integer.parseInt(word);
        };
    }
}
