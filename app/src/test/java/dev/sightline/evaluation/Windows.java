package dev.sightline.evaluation;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evaluation sets' time windows ({@code today}, {@code last(7d)}, {@code weekday(THU, last)},
 * ...) resolved to absolute instants, the way a person in the workspace's time zone means them at
 * the sandbox's "now". Every window is [start, end) and never ends after now: the sandbox has no
 * data from the future and refuses windows that reach into it.
 */
public final class Windows {

    /** A half-open interval of time. */
    public record Window(Instant start, Instant end) {

        public Window {
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("An empty window: " + start + " to " + end);
            }
        }

        public Duration length() {
            return Duration.between(start, end);
        }

        @Override
        public String toString() {
            return start + ".." + end;
        }
    }

    private static final Pattern CALL = Pattern.compile("^([A-Za-z]+)\\s*(?:\\((.*)\\))?$");
    private static final Pattern AMOUNT = Pattern.compile("^(\\d+)\\s*(m|min|h|d|w)$");
    private static final Pattern RELATIVE_INSTANT = Pattern.compile("^now\\s*(?:([+-])\\s*(\\d+)\\s*(m|min|h|d|w))?$");

    private Windows() {
    }

    /** Resolves {@code spec} at {@code now} in {@code zone}. */
    public static Window resolve(String spec, Instant now, ZoneId zone) {
        ZonedDateTime at = now.atZone(zone);
        Window raw = parse(spec.trim(), at);
        Instant end = raw.end().isAfter(now) ? now : raw.end();
        return new Window(raw.start(), end);
    }

    /**
     * Splits a window into calendar buckets of the workspace's zone ({@code day}, {@code hour},
     * ISO {@code week}): the first starts where the window starts, the last ends where it ends,
     * so a bucket at either edge may be partial (today's hour so far).
     */
    public static List<Window> buckets(Window window, String unit, ZoneId zone) {
        List<Window> buckets = new ArrayList<>();
        ZonedDateTime cursor = window.start().atZone(zone);
        while (cursor.toInstant().isBefore(window.end())) {
            ZonedDateTime next = switch (unit.toLowerCase(Locale.ROOT)) {
                case "hour" -> cursor.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                case "day" -> cursor.toLocalDate().plusDays(1).atStartOfDay(zone);
                case "week" -> cursor.toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY)).atStartOfDay(zone);
                default -> throw new IllegalArgumentException("Unknown bucket '" + unit + "': use day, hour or week");
            };
            Instant end = next.toInstant().isAfter(window.end()) ? window.end() : next.toInstant();
            buckets.add(new Window(cursor.toInstant(), end));
            cursor = next;
        }
        return buckets;
    }

    private static Window parse(String spec, ZonedDateTime now) {
        Matcher call = CALL.matcher(spec);
        if (!call.matches()) {
            throw new IllegalArgumentException("Not a window: '" + spec + "'");
        }
        String name = call.group(1);
        String argument = call.group(2) == null ? null : call.group(2).trim();
        ZoneId zone = now.getZone();
        LocalDate today = now.toLocalDate();
        return switch (name) {
            case "last" -> new Window(now.toInstant().minus(amount(require(argument, spec))), now.toInstant());
            case "today" -> day(today, zone);
            case "yesterday" -> day(today.minusDays(1), zone);
            case "day" -> day(today.plusDays(offset(argument, spec)), zone);
            case "thisWeek" -> argument == null ? week(today, 0, zone) : days(week(today, 0, zone), argument, zone);
            case "lastWeek" -> argument == null ? week(today, -1, zone) : days(week(today, -1, zone), argument, zone);
            case "week" -> week(today, offset(argument, spec), zone);
            case "thisMonth" -> month(argument == null ? now : now.withZoneSameInstant(ZoneId.of(argument)), 0);
            case "lastMonth" -> month(now, -1);
            case "month" -> month(now, offset(argument, spec));
            case "weekday" -> weekday(require(argument, spec), now);
            case "weekend" -> weekend(argument == null ? "last" : argument, now);
            case "since" -> new Window(since(require(argument, spec), now), now.toInstant());
            case "between" -> between(require(argument, spec), now);
            default -> throw new IllegalArgumentException("Unknown window '" + spec + "'");
        };
    }

    private static String require(String argument, String spec) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("The window '" + spec + "' needs an argument");
        }
        return argument;
    }

    private static int offset(String argument, String spec) {
        try {
            return Integer.parseInt(require(argument, spec));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a day or week offset in '" + spec + "'");
        }
    }

    /** 45m, 12h, 7d, 2w. */
    static Duration amount(String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a length of time: '" + text + "' (use 45m, 12h, 7d or 2w)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static Window day(LocalDate date, ZoneId zone) {
        return new Window(date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** The ISO week (Monday to Monday) {@code offset} weeks from the one holding {@code today}. */
    private static Window week(LocalDate today, int offset, ZoneId zone) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(offset);
        return new Window(monday.atStartOfDay(zone).toInstant(), monday.plusWeeks(1).atStartOfDay(zone).toInstant());
    }

    /** {@code MON..WED} of a week: from the first day's midnight to the midnight after the last. */
    private static Window days(Window week, String range, ZoneId zone) {
        String[] ends = range.split("\\.\\.");
        if (ends.length != 2) {
            throw new IllegalArgumentException("Not a range of weekdays: '" + range + "' (use MON..WED)");
        }
        LocalDate monday = week.start().atZone(zone).toLocalDate();
        LocalDate first = monday.plusDays(dayOfWeek(ends[0]).getValue() - 1);
        LocalDate last = monday.plusDays(dayOfWeek(ends[1]).getValue() - 1);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("A reversed range of weekdays: '" + range + "'");
        }
        return new Window(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private static Window month(ZonedDateTime now, int offset) {
        YearMonth month = YearMonth.from(now).plusMonths(offset);
        ZoneId zone = now.getZone();
        return new Window(month.atDay(1).atStartOfDay(zone).toInstant(), month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }

    /**
     * {@code weekday(THU, last)}: the most recent Thursday before today (a week ago when today is
     * Thursday); {@code weekday(MON, lastWeek)} or {@code (MON, week(-2))}: that day of that ISO week.
     */
    private static Window weekday(String argument, ZonedDateTime now) {
        String[] parts = argument.split(",", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("weekday needs a day and which one: weekday(THU, last)");
        }
        DayOfWeek day = dayOfWeek(parts[0]);
        String which = parts[1].trim();
        LocalDate today = now.toLocalDate();
        if (which.equals("last")) {
            return day(today.with(TemporalAdjusters.previous(day)), now.getZone());
        }
        Window week = parse(which, now);
        LocalDate monday = week.start().atZone(now.getZone()).toLocalDate();
        return day(monday.plusDays(day.getValue() - 1), now.getZone());
    }

    /**
     * {@code weekend(last)}: the most recent whole Saturday and Sunday (the one before this ISO
     * week, since this week's is not over); {@code weekend(lastWeek)}, {@code weekend(week(-2))}:
     * that week's.
     */
    private static Window weekend(String which, ZonedDateTime now) {
        Window week = which.equals("last") ? week(now.toLocalDate(), -1, now.getZone()) : parse(which, now);
        LocalDate monday = week.start().atZone(now.getZone()).toLocalDate();
        return new Window(monday.plusDays(5).atStartOfDay(now.getZone()).toInstant(), monday.plusDays(7).atStartOfDay(now.getZone()).toInstant());
    }

    /** {@code since(dayOfMonth 3)}: the most recent 3rd (today if it is the 3rd); {@code since(W)}: W's start. */
    private static Instant since(String argument, ZonedDateTime now) {
        if (argument.startsWith("dayOfMonth")) {
            int n = Integer.parseInt(argument.substring("dayOfMonth".length()).trim());
            LocalDate today = now.toLocalDate();
            YearMonth month = YearMonth.from(today);
            if (today.getDayOfMonth() < n) {
                month = month.minusMonths(1);
            }
            LocalDate date = month.atDay(Math.min(n, month.lengthOfMonth()));
            return date.atStartOfDay(now.getZone()).toInstant();
        }
        return parse(argument, now).start();
    }

    /** {@code between(now-10d, now-7d)}; either end may also be an ISO instant or date, or a window (its start). */
    private static Window between(String argument, ZonedDateTime now) {
        String[] ends = argument.split(",", 2);
        if (ends.length != 2) {
            throw new IllegalArgumentException("between needs two ends: between(now-10d, now-7d)");
        }
        return new Window(instant(ends[0].trim(), now), instant(ends[1].trim(), now));
    }

    private static Instant instant(String text, ZonedDateTime now) {
        Matcher relative = RELATIVE_INSTANT.matcher(text);
        if (relative.matches()) {
            if (relative.group(1) == null) {
                return now.toInstant();
            }
            Duration d = amount(relative.group(2) + relative.group(3));
            return relative.group(1).equals("-") ? now.toInstant().minus(d) : now.toInstant().plus(d);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // not an instant: a date, or a window
        }
        try {
            return LocalDate.parse(text).atStartOfDay(now.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            return parse(text, now).start();
        }
    }

    private static DayOfWeek dayOfWeek(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("Not a day of the week: '" + text + "'");
    }
}
