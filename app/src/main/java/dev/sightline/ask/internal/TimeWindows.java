package dev.sightline.ask.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time grammar: periods in everyday words ("yday", "the last 45 mins", "on Thursday", "over the
 * weekend", "since the 3rd", "the month so far", "the past fortnight", "Nov 1 to Nov 10") resolved
 * in the workspace's time zone to [start, end).
 * <p>
 * A period is kept as a canonical expression ({@code last(45m)}, {@code weekday(THU)},
 * {@code since(day 3)}), not as dates: a pinned "this week" is next week's week when it runs next
 * week. Rolling phrases ("past week", "last 24h") are rolling; calendar phrases ("last week",
 * "this month") are calendar periods; a weekday alone is the most recent one before today.
 */
final class TimeWindows {

    /** A resolved period: its canonical expression, the words it came from, and where it starts and ends. */
    record Window(String expression, String phrase, Instant start, Instant end) {
        Duration length() {
            return Duration.between(start, end);
        }
    }

    /** A period found in a question, and the characters of the (normalized) question it used. */
    record Found(Window window, int from, int to) {
    }

    private static final String MONTHS = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final String DAYS = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)";
    /** "… not counting today", "… excluding today": a stretch of days that leaves today out. */
    private static final String EXCLUDING_TODAY = "\\b(?:excluding|not including|not counting|without|except|but not|leaving out)\\s+today\\b";
    private static final String NUMBER = "(\\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty-?five|sixty|ninety|couple of|few)";
    private static final String UNIT = "(minutes?|hours?|days?|weeks?|months?|fortnights?)";
    private static final String ORDINAL = "(\\d{1,2})(?:st|nd|rd|th)?";
    /** A time of day: "18:00", "6pm", "6:30 pm", "09:00 UTC"; groups hour, minutes, am/pm (a zone is read from the whole match). */
    private static final String CLOCK = "(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)?(?:\\s*(?:utc|gmt))?";
    /** The day a time of day falls on: "yesterday", "today", or a part of a day ("this morning", "yesterday evening"), which also says am or pm. */
    private static final String CLOCK_DAY = "(yesterday(?:\\s+(?:morning|afternoon|evening))?|last\\s+night|today|this\\s+morning|this\\s+afternoon|this\\s+evening"
            + "|(?:last\\s+|on\\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))";
    private static final String HOUR_WORDS = "(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";

    /** Abbreviations and common slips in time words, mapped before anything is matched. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("yday", "yesterday"), Map.entry("yest", "yesterday"), Map.entry("ystd", "yesterday"), Map.entry("yestday", "yesterday"),
            Map.entry("tdy", "today"), Map.entry("2day", "today"), Map.entry("tonight", "today"),
            Map.entry("hr", "hours"), Map.entry("hrs", "hours"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("mins", "minutes"),
            Map.entry("m", "minutes"), Map.entry("d", "days"), Map.entry("wk", "week"), Map.entry("wks", "weeks"), Map.entry("w", "weeks"),
            Map.entry("mo", "month"), Map.entry("mos", "months"), Map.entry("mth", "month"), Map.entry("mths", "months"),
            Map.entry("prev", "previous"), Map.entry("thurs", "thursday"), Map.entry("weds", "wednesday"), Map.entry("tues", "tuesday"),
            Map.entry("wknd", "weekend"), Map.entry("w/e", "weekend"), Map.entry("mtd", "month to date"), Map.entry("wtd", "week to date"),
            Map.entry("24hrs", "24 hours"), Map.entry("rn", "now"), Map.entry("evry", "every"), Map.entry("evrey", "every"), Map.entry("everyday", "every day"), Map.entry("weekends", "weekends"), Map.entry("weekdays", "weekdays"), Map.entry("mondays", "mondays"), Map.entry("tuesdays", "tuesdays"),
            Map.entry("wednesdays", "wednesdays"), Map.entry("thursdays", "thursdays"), Map.entry("fridays", "fridays"), Map.entry("saturdays", "saturdays"),
            Map.entry("sundays", "sundays"), Map.entry("wek", "week"), Map.entry("wekk", "week"), Map.entry("weke", "week"), Map.entry("weak", "week"), Map.entry("weeek", "week"), Map.entry("mnth", "month"),
            Map.entry("tday", "today"), Map.entry("todya", "today"), Map.entry("yestrday", "yesterday"), Map.entry("fortnite", "fortnight"),
            Map.entry("las", "last"), Map.entry("untill", "until"), Map.entry("til", "till"), Map.entry("midnite", "midnight"), Map.entry("mid-night", "midnight"), Map.entry("lsat", "last"), Map.entry("alst", "last"), Map.entry("lst", "last"), Map.entry("teh", "the"), Map.entry("snce", "since"), Map.entry("sinse", "since"),
            Map.entry("wensday", "wednesday"), Map.entry("wendsday", "wednesday"), Map.entry("wednsday", "wednesday"), Map.entry("thursay", "thursday"),
            Map.entry("compair", "compare"), Map.entry("comapre", "compare"), Map.entry("tuseday", "tuesday"), Map.entry("saterday", "saturday"), Map.entry("munday", "monday"), Map.entry("fri", "friday"));

    /** Time words a typo may land near ("yesterdya", "wek", "mnth"): corrected by edit distance. */
    private static final List<String> TIME_WORDS = List.of("yesterday", "today", "week", "weeks", "month", "months", "hours", "minutes", "days",
            "fortnight", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "previous", "minute", "hour",
            "week", "month", "yesterday's", "today's", "since");

    /** A time word as written ("week", "yesterday"): never the name of something else. */
    static boolean isTimeWord(String word) {
        return TIME_WORDS.contains(word) || WORDS.containsKey(word);
    }

    /** An expression of the grammar, the plain text it needs (most rules do not apply to a given question) and what its match means. */
    private record Rule(Regex.Compiled compiled, Function<Matcher, String> expression) {
    }

    /** The grammar, most specific first; each rule turns its match into a canonical expression. */
    private static final List<Rule> RULES = List.of(
            rule("\\b(?:the\\s+)?(?:last|past)\\s+" + NUMBER + "\\s+(?:calendar\\s+)?days?,?\\s*(?:with\\s+)?(?:today included|including today|today too)\\b",
                    m -> "calendarDays(" + number(m.group(1)) + ")"),
            rule("\\b(?:the\\s+)?(?:last|past)\\s+" + NUMBER + "\\s+weeks?,?\\s*(?:please,?\\s*)?(?:this week included|including this week|this week too)\\b",
                    m -> "calendarWeeks(" + number(m.group(1)) + ")"),
            // "the past three full weeks plus this week so far": whole weeks and the current one.
            rule("\\b(?:the\\s+)?(?:last|past|previous|go\\s+back)\\s+" + NUMBER + "\\s+(?:full\\s+|complete\\s+|whole\\s+)?weeks?,?\\s*(?:plus|and|\\+|as well as)\\s+"
                    + "(?:this|the current)\\s+(?:week|one)(?:\\s+so far)?\\b", m -> "calendarWeeks(" + (number(m.group(1)) + 1) + ")"),
            rule("\\b(?:the\\s+)?(?:last|past)\\s+fortnight,?\\s*(?:with\\s+)?(?:today'?s? included|including today|today too)\\b", m -> "calendarDays(14)"),
            rule("\\bsince\\s+(?:the\\s+)?(?:monday|mon)\\s+(?:of\\s+)?(?:last|the previous|previous)\\s+week\\b(?:\\s*\\(?(?:through|thru|to|until|up to)\\s+(?:today|now)\\)?)?",
                    m -> "sinceWeek(-1)"),
            // "now-48h to now-24h", "T-48h to T-24h": between two instants counted back from now.
            rule("\\b(?:now|t)\\s*-\\s*(\\d+)\\s*(minutes|hours|days)\\s*(?:to|until|till|->|=>|→|-|and|through)\\s*(?:now|t)\\s*-\\s*(\\d+)\\s*(minutes|hours|days)\\b",
                    m -> "ago(" + amount(m.group(1), m.group(2)) + "," + amount(m.group(3), m.group(4)) + ")"),
            // "from 4 days ago to 1 day ago", "the window 48h ago -> 24h ago" (the arrow reads "to" between two times).
            rule("\\b(?:from\\s+)?" + NUMBER + "\\s+" + UNIT + "\\s+ago,?\\s+(?:up\\s+)?(?:to|until|till|through|thru|->|=>|→|-)\\s+" + NUMBER + "\\s+" + UNIT + "\\s+ago\\b",
                    m -> "ago(" + amount(m.group(1), m.group(2)) + "," + amount(m.group(3), m.group(4)) + ")"),
            // "yesterday between 18:00 and 22:00", "from 9am to 5pm today": those hours of that day.
            rule("\\b" + CLOCK_DAY + "(?:'s)?,?\\s+(?:between|from)\\s+" + CLOCK + "\\s*(?:and|to|until|till|through|-)\\s*" + CLOCK + "(?![\\d:])",
                    m -> clock(m.group(1), m, 2)),
            // "yesterday evening, 18:00 to midnight": the range right after its day, with no "between".
            rule("\\b" + CLOCK_DAY + "(?:'s)?,?\\s+" + CLOCK + "\\s*(?:to|until|till|through|-)\\s*" + CLOCK + "(?![\\d:])",
                    m -> clock(m.group(1), m, 2)),
            rule("\\b(?:between|from)\\s+" + CLOCK + "\\s*(?:and|to|until|till|through|-)\\s*" + CLOCK + "(?![\\d:]),?\\s+(?:on\\s+)?" + CLOCK_DAY + "\\b",
                    m -> clock(m.group(7), m, 1)),
            // "on 19 November between 02:00 and 06:00 UTC": those hours of that date.
            rule("\\b(?:on\\s+)?" + MONTHS + "\\.?\\s+" + ORDINAL + ",?\\s+(?:between|from)\\s+" + CLOCK + "\\s*(?:and|to|until|till|through|-)\\s*" + CLOCK + "(?![\\d:])",
                    m -> clock("date(" + monthDay(m.group(1), m.group(2)) + ")", m, 3)),
            rule("\\b(?:between|from)\\s+" + CLOCK + "\\s*(?:and|to|until|till|through|-)\\s*" + CLOCK + "(?![\\d:]),?\\s+on\\s+" + MONTHS + "\\.?\\s+" + ORDINAL + "\\b",
                    m -> clock("date(" + monthDay(m.group(7), m.group(8)) + ")", m, 1)),
            // "since 09:00 UTC today", "since 9 this morning": from that time today up to now.
            rule("\\bsince\\s+" + CLOCK + "(?![\\d:])(?:,?\\s*" + CLOCK_DAY + ")?\\b(?!\\s*(?:yesterday|on|last)\\b)",
                    m -> "yesterday".equals(m.group(4)) ? null : edge(m.group(4), m, 1, true)),
            // "at 3pm yesterday", "during the 2pm hour today", "yesterday around 14:00": the hour that starts then.
            rule("\\b(?:at|around|about|during|in)\\s+(?:the\\s+)?" + CLOCK + "(?![\\d:])(\\s+hour)?\\s*,?\\s*(?:on\\s+)?" + CLOCK_DAY + "\\b",
                    m -> hourAt(m.group(5), m, 1, m.group(4) != null)),
            rule("\\b" + CLOCK_DAY + ",?\\s+(?:at|around|about|during|in)\\s+(?:the\\s+)?" + CLOCK + "(?![\\d:])(\\s+hour)?",
                    m -> hourAt(m.group(1), m, 2, m.group(5) != null)),
            // "after 6pm yesterday", "before noon today", "yesterday after 18:00": that day from or up to a time.
            rule("\\b(after|from|before|until|till|up to)\\s+" + CLOCK + "(?![\\d:])\\s*,?\\s*(?:on\\s+)?" + CLOCK_DAY + "\\b",
                    m -> edge(m.group(5), m, 2, Regex.matches(m.group(1), "after|from"))),
            rule("\\b" + CLOCK_DAY + ",?\\s+(after|since|from|before|until|till|up to)\\s+" + CLOCK + "(?![\\d:])",
                    m -> edge(m.group(1), m, 3, Regex.matches(m.group(2), "after|since|from"))),
            // "from Monday last week through yesterday": that day's start to the other's end.
            rule("\\bfrom\\s+(?:the\\s+)?" + DAYS + "\\s+(?:of\\s+)?(last|the previous|previous|this)\\s+week,?\\s+(?:up\\s+)?(?:to|through|thru|until|till|-)\\s+(?:and\\s+including\\s+)?(yesterday|today|now)\\b",
                    m -> "span(weekday(" + day(m.group(1)) + ",week-" + (m.group(2).equals("this") ? 0 : 1) + ")|" + (m.group(3).equals("yesterday") ? "yesterday" : "today") + ")"),
            // "during Saturday and Sunday", "across Monday and Tuesday": two days in a row, taken together.
            rule("\\b(?:during|over|across|throughout)\\s+(?:the\\s+)?" + DAYS + "\\s+(?:and|&|\\+)\\s+(?:the\\s+)?" + DAYS + "\\b(?!\\s+(?:of|last|this)\\b)",
                    m -> day(m.group(1)).equals("SATURDAY") && day(m.group(2)).equals("SUNDAY") ? "weekend(last)"
                            : consecutive(m.group(1), m.group(2)) ? "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + ")" : null),
            // "last Saturday plus Sunday": two days in a row added up, the most recent ones.
            rule("\\b(?:last\\s+|this\\s+past\\s+)" + DAYS + "\\s+(?:plus|\\+)\\s+(?:last\\s+)?" + DAYS + "\\b",
                    m -> day(m.group(1)).equals("SATURDAY") && day(m.group(2)).equals("SUNDAY") ? "weekend(last)"
                            : consecutive(m.group(1), m.group(2)) ? "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + ",last)" : null),
            // "Tuesday, Wednesday and Thursday of last week": days in a row, together.
            rule("\\b" + DAYS + "\\s*,\\s*" + DAYS + "\\s*,?\\s*(?:and|&)\\s*" + DAYS + "\\s+(?:of\\s+)?(last|the previous|previous|this|the current)\\s+week\\b",
                    m -> consecutive(m.group(1), m.group(2), m.group(3))
                            ? "weekdays(" + day(m.group(1)) + "," + day(m.group(3)) + "," + (Regex.matches(m.group(4), "this|the current") ? "0" : "-1") + ")" : null),
            // "the Monday and Tuesday of last week": two days in a row of a named week, together ("compare Monday and Tuesday of
            // last week", without "the", sets them against each other).
            rule("(?<!\\bboth\\s)(?<!\\beither\\s)(?<!\\bboth on\\s)(?<!\\bboth the\\s)(?<!\\beither the\\s)(?<!\\bboth on the\\s)\\bthe\\s+" + DAYS + "\\s+(?:and|&|plus|\\+)\\s+(?:the\\s+)?" + DAYS + "\\s+(?:of\\s+)?(last|the previous|previous|this|the current)\\s+week\\b",
                    m -> consecutive(m.group(1), m.group(2))
                            ? "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + "," + (Regex.matches(m.group(3), "this|the current") ? "0" : "-1") + ")" : null),
            rule("\\ba week ago today\\b|\\bthis day last week\\b", m -> "day(-7)"),
            // "than by this time yesterday": yesterday from midnight to the same time of day as now.
            // "this week against the same days last week", "last week at the same point in the week": last week up to this time of the week.
            rule("\\b(?:the\\s+)?same\\s+(?:days|stretch|period|part|point)\\s+(?:of\\s+|in\\s+|from\\s+)?(?:last|the previous|previous)\\s+week\\b"
                    + "(?:\\s*\\(?\\s*(?:from\\s+)?(?:monday|mon)\\s+(?:to|through|thru|till|until|up to|-)\\s+(?:this|the same|same)\\s+(?:time|point|hour)(?:\\s+(?:on|of)\\s+" + DAYS + ")?\\s*\\)?)?"
                    + "|\\b(?:last|the previous|previous)\\s+week\\s+(?:at|by|to|up to)\\s+the\\s+same\\s+(?:point|time|stage|day)\\s+(?:in|of)\\s+the\\s+week\\b",
                    m -> "weekSoFar(-1)"),
            rule("\\b(?:by\\s+|at\\s+|until\\s+|up to\\s+)?(?:this|the same|same)\\s+(?:time|point|hour|moment)\\s+(yesterday|last week)\\b",
                    m -> "sameTime(" + (m.group(1).equals("yesterday") ? -1 : -7) + ")"),
            rule("\\b(yesterday)\\s+(?:until|till|up to|by|to)\\s+(?:the\\s+same|this)\\s+(?:hour|time)\\b", m -> "sameTime(-1)"),
            rule("\\b(?:from|since)\\s+the\\s+(?:start|beginning)\\s+of\\s+last\\s+week(?:\\s+(?:until|till|to|up to)\\s+(?:now|today))?\\b",
                    m -> "sinceWeek(-1)"),
            rule("\\bbetween\\s+" + NUMBER + "\\s+" + UNIT + "\\s+ago\\s+(?:and|to)\\s+" + NUMBER + "\\s+" + UNIT + "\\s+ago\\b",
                    m -> "ago(" + amount(m.group(1), m.group(2)) + "," + amount(m.group(3), m.group(4)) + ")"),
            rule("\\bbetween\\s+" + NUMBER + "\\s+(?:and|to)\\s+" + NUMBER + "\\s+" + UNIT + "\\s+ago\\b",
                    m -> "ago(" + amount(m.group(1), m.group(3)) + "," + amount(m.group(2), m.group(3)) + ")"),
            // "10 to 7 days ago", "from 5-3 days ago": the stretch between, the farther end first.
            rule("\\b(?:from\\s+)?" + NUMBER + "\\s*(?:to|-|–|through|thru)\\s*" + NUMBER + "\\s+" + UNIT + "\\s+ago\\b",
                    m -> number(m.group(1)) == number(m.group(2)) ? null : "ago(" + amount(String.valueOf(Math.max(number(m.group(1)), number(m.group(2)))), m.group(3))
                            + "," + amount(String.valueOf(Math.min(number(m.group(1)), number(m.group(2)))), m.group(3)) + ")"),
            rule("\\b(?:the\\s+)?" + NUMBER + "\\s+" + UNIT + "\\s+before\\s+the\\s+(?:last|past)\\s+" + NUMBER + "\\s+" + UNIT + "\\b",
                    m -> "ago(" + plus(amount(m.group(1), m.group(2)), amount(m.group(3), m.group(4))) + "," + amount(m.group(3), m.group(4)) + ")"),
            // "from 4 days ago through today": those calendar days, today's so far included.
            rule("\\b(?:from|starting(?:\\s+from)?)\\s+" + NUMBER + "\\s+days?\\s+ago,?\\s+(?:and\\s+)?(?:running\\s+|going\\s+|continuing\\s+)?(?:up\\s+)?(?:to|until|till|through|thru|-)\\s+(?:today|now)\\b",
                    m -> "sinceDay(-" + number(m.group(1)) + ")"),
            // "from 7 days ago up to yesterday": those whole days, today left out.
            rule("\\b(?:from|starting(?:\\s+from)?)\\s+" + NUMBER + "\\s+days?\\s+ago,?\\s+(?:up\\s+)?(?:to|until|till|through|thru|-)\\s+yesterday\\b",
                    m -> "wholeDays(" + number(m.group(1)) + ")"),
            rule("\\b(?:from|starting(?:\\s+from)?)\\s+(?:the\\s+)?(?:monday|mon)\\s+(?:of\\s+)?(?:last|the previous|previous)\\s+week,?\\s+(?:up\\s+)?(?:to|until|till|through|thru|-)\\s+(?:today|now)\\b",
                    m -> "sinceWeek(-1)"),
            // "if we'd switched it on 7 days ago, how many would it have stopped": everything since then.
            rule("\\b(?:switched|turned|flipped|made|put|set|gone|went)\\s+(?:it\\s+|them\\s+|that\\s+|this\\s+)?(?:on|live)\\s+" + NUMBER + "\\s+" + UNIT + "\\s+ago\\b",
                    m -> "last(" + amount(m.group(1), m.group(2)) + ")"),
            // "per day for six, five and four days ago": those whole days, together.
            rule("\\b" + NUMBER + "(?:\\s+days?\\s+ago)?,\\s*(?:" + NUMBER + "(?:\\s+days?\\s+ago)?,?\\s*)?(?:and|&)\\s+" + NUMBER + "\\s+days?\\s+ago\\b",
                    m -> "span(day(-" + number(m.group(1)) + ")|day(-" + number(m.group(3)) + "))"),
            // "this week so far plus the three weeks before it": from the Monday three weeks back.
            rule("\\bthis\\s+week(?:\\s+so\\s+far)?,?\\s+(?:plus|and|\\+|with)\\s+the\\s+" + NUMBER + "\\s+weeks?\\s+(?:before|prior to)\\s+(?:it|that|this)\\b",
                    m -> "sinceWeek(-" + number(m.group(1)) + ")"),
            // "the last 7 days and the 7 days before that": the same stretch just before the one named.
            rule("(?<!today and )(?<!today and the )\\b(?:the\\s+)?" + NUMBER + "\\s+" + UNIT + "\\s+(?:before|prior to)\\s+(?:that|then|those)\\b",
                    m -> "ago(" + amount(String.valueOf(2 * number(m.group(1))), m.group(2)) + "," + amount(m.group(1), m.group(2)) + ")"),
            rule("\\bsince\\s+" + NUMBER + "\\s+" + UNIT + "\\s+ago\\b",
                    m -> m.group(2).startsWith("day") ? "sinceDay(-" + number(m.group(1)) + ")" : "last(" + amount(m.group(1), m.group(2)) + ")"),
            rule("\\b(?:the\\s+)?(?:last|past)\\s+day and a half\\b|\\bday and a half\\b", m -> "last(36h)"),
            rule("\\bsince\\s+the\\s+(?:start|beginning)\\s+of\\s+the\\s+week\\s+before\\s+last\\b", m -> "sinceWeek(-2)"),
            rule("\\bsince\\s+the\\s+(?:start|beginning)\\s+of\\s+last\\s+week\\b", m -> "sinceWeek(-1)"),
            // "since last monday": "last" passes over this week's Monday (which "since monday" names) to the one before.
            rule("\\bsince\\s+last\\s+(?:monday|mon)\\b", m -> "sinceWeek(-1)"),
            rule("\\bsince\\s+the\\s+(?:start|beginning)\\s+of\\s+(?:the\\s+|this\\s+)?month\\b", m -> "thisMonth"),
            rule("\\bsince\\s+the\\s+(?:start|beginning)\\s+of\\s+(?:the\\s+|this\\s+)?week\\b", m -> "thisWeek"),
            rule("\\b(?:the\\s+)?week\\s+before\\s+(?:the\\s+)?last(?:\\s+one|\\s+week)?\\b", m -> "week(-2)"),
            rule("\\b(?:the\\s+)?week\\s+before\\s+(?:this\\s+(?:one|week)|the\\s+current\\s+(?:one|week))\\b", m -> "lastWeek"),
            // "starting with the week of 2 November": the weeks from that one up to now.
            rule("\\b(?:starting|beginning|from|since)\\s+(?:with\\s+|in\\s+)?(?:the\\s+)?week\\s+(?:of|starting|beginning|commencing)\\s+(?:monday,?\\s+)?" + MONTHS + "\\.?\\s+" + ORDINAL + "\\b",
                    m -> "since(weekOf " + monthDay(m.group(1), m.group(2)) + ")"),
            // "the week of 16 Nov": the calendar week (Monday to Sunday) that day falls in.
            rule("\\b(?:in\\s+|during\\s+|for\\s+)?(?:the\\s+)?week\\s+(?:of|starting|beginning|commencing)\\s+(?:monday,?\\s+)?" + MONTHS + "\\.?\\s+" + ORDINAL + "\\b",
                    m -> "weekOf(" + monthDay(m.group(1), m.group(2)) + ")"),
            rule("\\b(?:the\\s+)?first\\s+(two|three|four|\\d)\\s+days\\s+of\\s+last\\s+week\\b",
                    m -> "weekdays(MONDAY," + java.time.DayOfWeek.of(number(m.group(1))).name() + ",-1)"),
            rule("\\b(?:from\\s+)?" + DAYS + "\\s*(?:to|through|thru|-|until|till)\\s*" + DAYS + "\\s+(?:of\\s+)?(?:last|the last|the previous|previous)\\s+week\\b",
                    m -> "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + ",-1)"),
            // "Monday to Wednesday this week"; "from Mon to Wed" alone is this week once its first day has come.
            rule("\\b(?:from\\s+)?" + DAYS + "\\s*(?:to|through|thru|-|until|till)\\s*" + DAYS + "\\s+(?:of\\s+)?(?:this|the current)\\s+week\\b",
                    m -> "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + ",0)"),
            // "from last Wednesday through Saturday": "last" says the first day has passed (asked on a Wednesday, last week's).
            rule("\\bfrom\\s+(last\\s+)?" + DAYS + "\\s*(?:to|through|thru|-|until|till)\\s*(?:last\\s+)?" + DAYS + "\\b(?!\\s+(?:of\\s+)?(?:this|last|next|the)\\b)",
                    m -> "weekdays(" + day(m.group(2)) + "," + day(m.group(3)) + (m.group(1) != null ? ",last" : "") + ")"),
            // "the last 3 weeks (complete weeks only, not this one)": whole calendar weeks, said after the number of them.
            rule("\\b(?:for\\s+|over\\s+|in\\s+)?(?:the\\s+)?(?:last|past|previous)\\s+" + NUMBER + "\\s+weeks\\b[^.?!]{0,12}?(?:(?:complete|full|whole)\\s+(?:weeks|ones)(?:\\s+only)?"
                    + "(?:,?\\s*(?:not|excluding|without|leaving out)\\s+(?:this|the current)\\s+(?:one|week))?|(?:not|excluding|without|leaving out)\\s+(?:this|the current)\\s+(?:one|week))",
                    m -> "wholeWeeks(" + number(m.group(1)) + ")"),
            // "the three full weeks before this one": whole calendar weeks, the current one left out.
            rule("\\b(?:the\\s+)?" + NUMBER + "\\s+(?:full\\s+|complete\\s+|whole\\s+)?weeks\\s+(?:before|prior to|preceding)\\s+(?:this|the current)\\s+(?:one|week)\\b",
                    m -> "wholeWeeks(" + number(m.group(1)) + ")"),
            // "from the 1st of this month until now", "from Nov 20th till today": since that day.
            rule("\\b(?:from|starting)\\s+(?:the\\s+)?" + ORDINAL + "(?:\\s+of\\s+(?:this|the)\\s+month)?\\s+(?:up\\s+)?(?:to|until|till|through|thru|-)\\s+(?:today|now|date)\\b",
                    m -> "since(day " + m.group(1) + ")"),
            rule("\\b(?:from|starting)\\s+" + MONTHS + "\\.?\\s+" + ORDINAL + "\\s+(?:up\\s+)?(?:to|until|till|through|thru|-)\\s+(?:today|now|date)\\b",
                    m -> "since(date " + monthDay(m.group(1), m.group(2)) + ")"),
            rule("\\blast\\s+week'?s\\s+weekend\\b|\\b(?:the\\s+)?weekend\\s+of\\s+last\\s+week\\b", m -> "weekdays(SATURDAY,SUNDAY,-1)"),
            rule("\\b(?:over|in|during|within|for)\\s+the\\s+last\\s+week\\b", m -> "last(7d)"),
            rule("\\b(?:over|in|during|within|for)\\s+the\\s+last\\s+month\\b", m -> "last(30d)"),
            rule("\\b(?:between|from)\\s+" + MONTHS + "\\.?\\s+" + ORDINAL + "\\s+(?:and|to|-|until|till|through|thru)\\s+(?:" + MONTHS + "\\.?\\s+)?" + ORDINAL + "\\b",
                    m -> "between(" + monthDay(m.group(1), m.group(2)) + "," + monthDay(m.group(3) == null ? m.group(1) : m.group(3), m.group(4)) + ")"),
            // "Nov 19-20", "(nov 19 to 21)": those days, the first to the last.
            rule("\\b(?:on\\s+)?" + MONTHS + "\\.?\\s+" + ORDINAL + "\\s*(?:-|to|through|thru)\\s*" + ORDINAL + "\\b(?!\\s*(?:days?|hours?|weeks?|minutes?|[:.]\\d))",
                    m -> Integer.parseInt(m.group(3)) > Integer.parseInt(m.group(2)) ? "between(" + monthDay(m.group(1), m.group(2)) + "," + monthDay(m.group(1), m.group(3)) + ")" : null),
            // "last thu-fri", "this past Mon to Wed": those days, the most recent ones.
            rule("\\b(?:last|this past|past)\\s+" + DAYS + "\\s*(?:-|to|through|thru)\\s*" + DAYS + "\\b(?!\\s+(?:of\\s+)?(?:this|last|next|the)\\b)",
                    m -> "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + ")"),
            rule("\\b(?:between|from)\\s+(?:the\\s+)?" + ORDINAL + "\\s+(?:and|to|-|until|till)\\s+(?:the\\s+)?" + ORDINAL + "(?:\\s+(?:of\\s+)?" + MONTHS + ")?\\b",
                    m -> m.group(3) == null ? "betweenDays(" + m.group(1) + "," + m.group(2) + ")"
                            : "between(" + monthDay(m.group(3), m.group(1)) + "," + monthDay(m.group(3), m.group(2)) + ")"),
            // "today and the 6 days before it", "today and the previous 4 days": calendar days, today included.
            rule("\\btoday\\s+and\\s+(?:the\\s+)?(?:previous\\s+|prior\\s+|preceding\\s+|last\\s+|past\\s+)?" + NUMBER
                    + "\\s+days?(?:\\s+(?:before|prior to|preceding)(?:\\s+(?:it|that|today))?)?\\b",
                    m -> "calendarDays(" + (number(m.group(1)) + 1) + ")"),
            // "over the 14 days before today": those whole days, today left out.
            rule("\\b(?:in|over|during|for)?\\s*(?:the\\s+)?" + NUMBER + "\\s+(?:full\\s+|whole\\s+|complete\\s+)?days?\\s+(?:before|prior to|preceding|leading up to|up to)\\s+today\\b",
                    m -> "wholeDays(" + number(m.group(1)) + ")"),
            // "from ten days back up to three days ago": between those two instants.
            rule("\\bfrom\\s+" + NUMBER + "\\s+days?\\s+(?:back|ago)\\s+(?:up\\s+)?(?:to|until|till)\\s+" + NUMBER + "\\s+days?\\s+ago\\b",
                    m -> "ago(" + number(m.group(1)) + "d," + number(m.group(2)) + "d)"),
            rule("\\bday before yesterday\\b", m -> "day(-2)"),
            rule("\\b(\\d{1,2}|two|three|four|five|six|seven) days (?:ago|back)\\b", m -> "day(-" + number(m.group(1)) + ")"),
            rule("\\b(?:the\\s+)?(?:last|past|previous)\\s+" + NUMBER + "\\s+(?:whole\\s+|full\\s+)?days?\\b[^.?!]{0,40}?(?:[.?!]\\s*)?" + EXCLUDING_TODAY,
                    m -> "wholeDays(" + number(m.group(1)) + ")"),
            // "the past week (not counting today)": the seven whole days before today.
            rule("\\b(?:the\\s+)?(?:last|past)\\s+week\\b[^.?!]{0,40}?" + EXCLUDING_TODAY,
                    m -> "wholeDays(7)"),
            // "the last three full weeks": whole calendar weeks (days), the current one left out.
            rule("\\b(?:the\\s+)?(?:last|past|previous)\\s+" + NUMBER + "\\s+(?:full|complete|whole|entire)\\s+(weeks?|days?)\\b",
                    m -> (m.group(2).startsWith("week") ? "wholeWeeks(" : "wholeDays(") + number(m.group(1)) + ")"),
            rule("\\b(?:the\\s+)?(?:last|previous)\\s+(?:full|complete|whole|entire)\\s+week\\b", m -> "lastWeek"),
            rule("\\b(?:the\\s+)?(?:last|past)\\s+(?:an?\\s+|one\\s+|1\\s+)?hours?\\s+and\\s+(?:a\\s+)?half\\b|\\b(?:an?|one|1)\\s+hours?\\s+and\\s+(?:a\\s+)?half\\b"
                    + "|\\b(?:one|1)\\s+and\\s+a\\s+half\\s+hours?\\b|\\b1\\.5\\s*hours?\\b|\\b(?:last|past)\\s+90\\s+min",
                    m -> "last(90m)"),
            rule("\\b(?:the\\s+)?(?:last|past)\\s+(?:half\\s+(?:an\\s+)?hour|half-hour)\\b|\\bhalf an hour\\b", m -> "last(30m)"),
            // "this week and the two weeks before it": calendar weeks, this one included.
            // "week by week, starting three weeks back and including this week so far": calendar weeks, this one included.
            rule("\\b(?:starting|beginning|from)\\s+" + NUMBER + "\\s+weeks?\\s+(?:back|ago|earlier)\\b(?=.{0,40}\\b(?:including|incl|with|plus|and)\\s+(?:the\\s+)?(?:current|this)\\s+(?:week|one)\\b)"
                    + "(?:.{0,40}?\\b(?:current|this)\\s+(?:week|one)(?:\\s+so\\s+far)?\\b)?",
                    m -> "calendarWeeks(" + (number(m.group(1)) + 1) + ")"),
            // "this week and the three before it", "this week and the previous 3": the unit is the week's.
            rule("\\bthis\\s+week,?\\s+(?:and|plus|\\+|with)\\s+the\\s+(?:" + NUMBER + "\\s+(?:weeks?\\s+)?(?:before|prior to|preceding)(?:\\s+(?:it|that|this one))?"
                    + "|(?:previous|prior|preceding|last)\\s+" + NUMBER + "(?:\\s+weeks?)?)\\b",
                    m -> "calendarWeeks(" + (number(m.group(1) != null ? m.group(1) : m.group(2)) + 1) + ")"),
            rule("\\bthis\\s+(morning|afternoon|evening)\\b|\\b(tonight)\\b", m -> "partOfDay(" + (m.group(1) != null ? m.group(1) : "evening").toUpperCase(Locale.ROOT) + ")"),
            rule("\\bfrom\\s+midnight(?:\\s+(?:till|until|to|up to)\\s+now)?\\b", m -> "today"),
            rule("\\b(?:the\\s+)?(?:last|past|previous)\\s+two weeks\\b|\\b(?:the\\s+)?(?:last|past|previous)\\s+fortnight\\b|\\bfortnight\\b", m -> "last(14d)"),
            rule("\\b(two|three|four|\\d) weeks ago\\b", m -> "week(-" + number(m.group(1)) + ")"),
            rule("\\b(?:in|over|during|for|within)?\\s*(?:the\\s+)?(?:last|past|previous|recent|trailing|rolling)\\s+" + NUMBER + "\\s*(?:calendar\\s+|full\\s+|whole\\s+|complete\\s+)?" + UNIT + "\\b",
                    m -> "last(" + amount(m.group(1), m.group(2)) + ")"),
            // "in 48 hours"; not "in a day", which is a rate ("how many requests does staging handle in a day").
            rule("\\b(?:in|over|within)\\s+(?:the\\s+)?(?!an?\\s)" + NUMBER + "\\s*" + UNIT + "\\b", m -> "last(" + amount(m.group(1), m.group(2)) + ")"),
            // "the last hour", and "last hr" (spelled out as "last hours" above).
            rule("\\b(?:the\\s+)?(?:last|past)\\s+hours?\\b|\\bthis hour\\b", m -> "last(1h)"),
            rule("\\b(?:the\\s+)?(?:last|past)\\s+(?:24 hours|day)\\b", m -> "last(24h)"),
            rule("\\b(?:the\\s+)?past\\s+week\\b|\\b(?:the\\s+)?last\\s+seven days\\b|\\bseven days\\b", m -> "last(7d)"),
            rule("\\b(?:the\\s+)?past\\s+month\\b", m -> "last(30d)"),
            // ("… not counting today": today left out of another period, not a period of its own.)
            rule("\\b(?<!(?:excluding|counting|including|without|except|but not|leaving out)\\s)(?:so far )?today(?: so far)?\\b|\\bsince midnight\\b", m -> "today"),
            // "since yesterday": yesterday's whole day and today's so far.
            rule("\\bsince\\s+(?:the\\s+)?(?:start\\s+of\\s+)?yesterday\\b(?!\\s+(?:to|until|till|through)\\b)", m -> "sinceDay(-1)"),
            rule("\\byesterday\\b", m -> "yesterday"),
            // "the Saturday and the Sunday of last weekend", "Sunday of the weekend before last": days of that weekend, each its own period.
            rule("\\b" + DAYS + "(?=\\s+(?:and|&|or|vs|versus)\\s+(?:the\\s+|on\\s+)?" + DAYS + "\\s+of\\s+(?:the\\s+)?(?:last|previous)\\s+(?:week|weekend)\\b)",
                    m -> "weekday(" + day(m.group(1)) + ",week-1)"),
            rule("\\b" + DAYS + "(?=\\s+(?:and|&|or|vs|versus)\\s+(?:the\\s+|on\\s+)?" + DAYS + "\\s+of\\s+(?:the\\s+)?(?:weekend|week)\\s+before\\s+last\\b)",
                    m -> "weekday(" + day(m.group(1)) + ",week-2)"),
            // "the Saturday before last": the one before the most recent Saturday.
            rule("\\b(?:the\\s+)?" + DAYS + "\\s+before\\s+(?:last|it|that)\\b", m -> "weekday(" + day(m.group(1)) + ",before)"),
            rule("\\b" + DAYS + "\\s+of\\s+(?:the\\s+)?(?:last|previous)\\s+weekend\\b", m -> "weekday(" + day(m.group(1)) + ",week-1)"),
            rule("\\b" + DAYS + "\\s+of\\s+(?:the\\s+)?(?:weekend|week)\\s+before\\s+last\\b", m -> "weekday(" + day(m.group(1)) + ",week-2)"),
            rule("\\b(?:the\\s+)?weekend\\s+before(?:\\s+(?:that|it|last))?\\b|\\b(?:the\\s+)?(?:previous|prior)\\s+weekend\\b", m -> "weekend(-2)"),
            rule("\\b(?:this|the|over the|last|past)\\s+weekend\\b|\\bon the weekend\\b|\\bweekend\\b", m -> "weekend(last)"),
            // "a typical weekday last week", "last week's weekdays": Monday to Friday of last week.
            rule("\\b(?:on\\s+)?(?:a\\s+|the\\s+)?(?:typical\\s+|average\\s+|normal\\s+)?week\\s?days?\\s+(?:of\\s+|in\\s+|during\\s+)?last\\s+week\\b|\\blast\\s+week'?s?\\s+week\\s?days\\b",
                    m -> "weekdays(MONDAY,FRIDAY,-1)"),
            // "last week (mon to sun)", "last week, Mon-Wed": days of last week.
            rule("\\blast\\s+week\\s*[(,:]?\\s*" + DAYS + "\\s*(?:to|-|–|through|thru|until|till)\\s*" + DAYS + "\\s*\\)?",
                    m -> "weekdays(" + day(m.group(1)) + "," + day(m.group(2)) + ",-1)"),
            rule("\\b" + DAYS + "\\s+(?:of\\s+)?(?:last|the previous|previous)\\s+week\\b|\\blast week(?:'s)?\\s+" + DAYS + "\\b",
                    m -> "weekday(" + day(m.group(1) != null ? m.group(1) : m.group(2)) + ",week-1)"),
            rule("\\bsince\\s+(?:last\\s+|this\\s+)?" + DAYS + "\\b", m -> "since(weekday " + day(m.group(1)) + ")"),
            // "from monday until now": since that day.
            rule("\\bfrom\\s+(?:this\\s+)?" + DAYS + "\\s+(?:up\\s+)?(?:until|till|to|through|thru)\\s+(?:now|today|right now)\\b", m -> "since(weekday " + day(m.group(1)) + ")"),
            rule("\\bsince\\s+(?:the\\s+)?" + ORDINAL + "(?!\\s*(?:hours?|days?|minutes?|weeks?|months?|am|pm|:))\\b", m -> "since(day " + m.group(1) + ")"),
            rule("\\bsince\\s+" + MONTHS + "\\.?\\s+" + ORDINAL + "\\b", m -> "since(date " + monthDay(m.group(1), m.group(2)) + ")"),
            rule("\\b(?:this|current)\\s+week(?:\\s+so far)?\\b|\\bweek[- ]to[- ]date\\b|\\bweek so far\\b|\\bso far this week\\b", m -> "thisWeek"),
            rule("\\b(?:last|previous|prior)\\s+(?:calendar\\s+)?week\\b", m -> "lastWeek"),
            rule("\\b(?:this|current)\\s+(?:calendar\\s+)?month(?:\\s+so far)?\\b|\\bmonth[- ]to[- ]date\\b|\\bmonth so far\\b|\\bso far this month\\b"
                    // "since the month began", "the month's denials so far"
                    + "|\\bsince\\s+the\\s+month\\s+(?:began|started|begun|start)\\b|\\bthe\\s+month's\\b", m -> "thisMonth"),
            rule("\\b(?:last|previous|prior)\\s+(?:calendar\\s+)?month\\b", m -> "lastMonth"),
            // Business data spans quarters and years ("revenue this quarter"); a vendor's tools answer what they keep.
            rule("\\b(?:this|current)\\s+(?:calendar\\s+)?quarter(?:\\s+so far)?\\b|\\bquarter[- ]to[- ]date\\b|\\bqtd\\b|\\bso far this quarter\\b", m -> "thisQuarter"),
            rule("\\b(?:last|previous|prior)\\s+(?:calendar\\s+)?quarter\\b", m -> "lastQuarter"),
            rule("\\b(?:this|current)\\s+(?:calendar\\s+)?year(?:\\s+so far)?\\b|\\byear[- ]to[- ]date\\b|\\bytd\\b|\\bso far this year\\b", m -> "thisYear"),
            rule("\\b(?:last|previous|prior)\\s+(?:calendar\\s+)?year\\b", m -> "lastYear"),
            rule("\\b(?:on\\s+)?(?:last|this past|past)\\s+" + DAYS + "\\b", m -> "weekday(" + day(m.group(1)) + ")"),
            rule("\\b(?:on|for|from|of|during)\\s+(?:the\\s+)?" + DAYS + "\\b|\\b" + DAYS + "(?:'s)?\\b(?=\\s+(?:or|vs|versus|and|compared?|compares|traffic|requests|denials|numbers|blocks))",
                    m -> "weekday(" + day(m.group(1) != null ? m.group(1) : m.group(2)) + ")"),
            rule("\\b(?:or|vs\\.?|versus|and|than|to|with|against)\\s+(?:on\\s+)?(?:the\\s+)?" + DAYS + "(?:'s)?\\b(?!\\s+before)", m -> "weekday(" + day(m.group(1)) + ")"),
            // "Tuesday was our episode drop.": a weekday a sentence tells about.
            rule("\\b" + DAYS + "\\b(?=\\s+(?:was|were|had|saw|got|brought)\\b)", m -> "weekday(" + day(m.group(1)) + ")"),
            // "denied on prod monday?": a weekday that ends the question.
            rule("\\b" + DAYS + "\\b(?=\\s*(?:[?!.]|$))", m -> "weekday(" + day(m.group(1)) + ")"),
            rule("\\b(?:in|during|for|of|over)\\s+" + MONTHS + "\\b(?!\\s*\\d)", m -> "month(" + monthName(m.group(1)) + ")"),
            rule("\\b(?:on\\s+)?" + MONTHS + "\\.?\\s+" + ORDINAL + "\\b", m -> "date(" + monthDay(m.group(1), m.group(2)) + ")"),
            // "a 30-day report", "the 24-hour total": a rolling period said as an adjective.
            rule("(?<![\\w/-])(\\d{1,3})-(minute|hour|day|week)\\b(?!\\s+(?:ago|back|before|after|later))", m -> "last(" + amount(m.group(1), m.group(2) + "s") + ")"),
            rule("(?<![\\w/])(\\d{1,3})\\s+(minutes|hours|days)\\b(?!\\s+(?:ago|back|before|after|later))", m -> "last(" + amount(m.group(1), m.group(2)) + ")"),
            // "the 3rd", "on the 14th", "the 3 of"; "the 3 paths" is a count.
            rule("\\b(?:on\\s+)?the\\s+(\\d{1,2})(?:(?:st|nd|rd|th)\\b(?!\\s*(?:hours?|days?|minutes?|weeks?|months?))|(?=\\s*(?:$|[,.;:?!)]|of\\b)))",
                    m -> "date(day " + m.group(1) + ")"));

    private TimeWindows() {
    }

    private static Rule rule(String regex, Function<Matcher, String> expression) {
        return new Rule(Regex.compiled(regex), expression);
    }

    /**
     * A word without what surrounds it that is not a letter (nor, with {@code digitsAndSlash}, a digit
     * or a slash): what {@code ^[^\p{L}\d/]+|[^\p{L}\d/]+$} removes, without running an expression
     * for every word of every question.
     */
    static String bare(String word, boolean digitsAndSlash) {
        int start = 0;
        int end = word.length();
        while (start < end && !kept(word.codePointAt(start), digitsAndSlash)) {
            start += Character.charCount(word.codePointAt(start));
        }
        while (end > start && !kept(word.codePointBefore(end), digitsAndSlash)) {
            end -= Character.charCount(word.codePointBefore(end));
        }
        return word.substring(start, end);
    }

    private static boolean kept(int c, boolean digitsAndSlash) {
        return Character.isLetter(c) || digitsAndSlash && (c >= '0' && c <= '9' || c == '/');
    }

    /** Lower case, abbreviations spelled out ("48h" → "48 hours", "yday" → "yesterday"), typos in time words mended. */
    private static final String LAST_WEEK_MONDAY_TO_SUNDAY = "\\b(?:last|past|previous)\\s+week\\s*[(,]?\\s*(?:from\\s+)?(?:monday|mon)\\s*(?:to|-|–|through|thru)\\s*(?:sunday|sun)\\s*\\)?";
    private static final String MONDAY_TO_SUNDAY = "\\(\\s*(?:monday|mon)\\s*(?:to|-|–|through|thru)\\s*(?:sunday|sun)\\s*\\)"
            + "|\\b(?:monday|mon)\\s*(?:to|-|–|through|thru)\\s*(?:sunday|sun)\\b(?!\\s+(?:of\\s+)?(?:last|the previous|previous|this)\\s+week)";

    private static final String MEETING_DAY = "\\b(?:for|before|at|in|during|ahead of|until|by|to)\\s+(?:the\\s+|our\\s+|my\\s+|tomorrow's\\s+)?"
            + DAYS + "(?:'s|s)?\\s+(?:[a-z'-]+\\s+){0,2}?(?:standup|stand-up|stand up|meeting|call|sync|review|retro|demo|board meeting|all-hands|check-in|1:1)\\b";
    /** "the Monday-to-Wednesday total from last week": the days moved after the week they belong to ("… last week monday-wednesday"). */
    private static final String DAYS_OF_LAST_WEEK = "\\b" + DAYS + "\\s*(?:-?\\s*(?:to|through|thru|until|till)\\s*-?|-)\\s*" + DAYS
            + "\\b([\\w' ]{0,40}?)\\s+(?:of|from|in|during)\\s+(?:the\\s+)?(?:last|previous|prior)\\s+week\\b";

    static String normalize(String question) {
        String q = question.toLowerCase(Locale.ROOT).replace('’', '\'').replace('–', '-').replace('—', '-');
        q = Regex.replaceAll(q, "(\\d+)\\s*(hrs?|h|mins?|m|d|wks?|w)\\b", "$1 $2");
        // Times of day in words, as digits the clock rules read: "noon", "nine o'clock", "ten pm", "between midnight and 6".
        q = Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(Regex.replaceAll(q, "\\b(?:noon|midday)\\b", "12:00"), "\\b(\\d{1,2})\\s*o'?clock\\b", "$1:00"), "\\ba\\.m\\.", "am"), "\\bp\\.m\\.", "pm");
        q = Regex.replaceAll(q, "\\b" + HOUR_WORDS + "(?:\\s*o'?clock\\b|\\s*(am|pm)\\b)", m -> number(m.group(1)) + (m.group(2) == null ? ":00" : m.group(2)));
        // "half nine" (British for 9:30); "six this morning", "ten last night": an hour in words with its part of the day.
        q = Regex.replaceAll(q, "\\bhalf\\s+(?:past\\s+)?" + HOUR_WORDS + "\\b", m -> number(m.group(1)) + ":30");
        String partOfDay = "(?=\\s+(?:this\\s+(?:morning|afternoon|evening)|last\\s+night|yesterday\\s+(?:morning|afternoon|evening)|tonight)\\b)";
        q = Regex.replaceAll(q, "\\b(between|from)\\s+" + HOUR_WORDS + "\\s+(and|to|till|until|-)\\s+" + HOUR_WORDS + partOfDay, m -> m.group(1) + " " + number(m.group(2)) + ":00 " + m.group(3) + " " + number(m.group(4)) + ":00");
        q = Regex.replaceAll(q, "\\b" + HOUR_WORDS + partOfDay, m -> number(m.group(1)) + ":00");
        q = Regex.replaceAll(q, "\\b(between|from)\\s+midnight(?=\\s*(?:and|to|until|till|-)\\s*\\d)", "$1 0:00");
        // "18:00 to midnight": the day's end.
        q = Regex.replaceAll(q, "(\\d(?::\\d{2})?\\s*(?:am|pm)?\\s*(?:to|until|till|-)\\s*)midnight\\b", "$124:00");
        // "last ISO week" is last week (weeks here are ISO weeks, Monday to Sunday); blanked in place so positions hold.
        q = Regex.replaceAll(q, "\\biso(?=\\s+(?:calendar\\s+)?week)", "   ");
        // "per calendar week (Monday to Sunday)": what a week is, not a period of its own; blanked in place so positions hold.
        // "in the last week (Monday to Sunday)": the calendar week it names ("previous week"), padded to the same length.
        q = Regex.replaceAll(q, LAST_WEEK_MONDAY_TO_SUNDAY, m -> "previous week" + " ".repeat(Math.max(0, m.group().length() - "previous week".length())));
        q = Regex.replaceAll(q, MONDAY_TO_SUNDAY, m -> " ".repeat(m.group().length()));
        // "19 November", "the 2nd of Nov": the day before the month, as "november 19" (what the date rules read).
        q = Regex.replaceAll(q, "\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTHS + "\\b(?!\\s+(?:(?:be|have|not)\\b|\\d))", m -> Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= 31 ? m.group(2) + " " + m.group(1) : m.group());
        // "Today must not be counted.": said apart from the period it trims.
        q = Regex.replaceAll(q, "\\btoday\\s+(?:must|should|shall|is to|needs to)\\s*(?:not|n't)\\s+be\\s+(?:counted|included)\\b", "not counting today");
        // "prepping for Monday's standup": when the asker meets, not the period asked about.
        q = Regex.replaceAll(q, MEETING_DAY, m -> " ".repeat(m.group().length()));
        q = Regex.replaceAll(q, DAYS_OF_LAST_WEEK, m -> {
            String moved = m.group(3).strip() + " last week " + m.group(1) + "-" + m.group(2);
            return moved.length() > m.group().length() ? m.group() : moved + " ".repeat(m.group().length() - moved.length());
        });
        StringBuilder out = new StringBuilder();
        for (String word : q.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            String bare = bare(word, true);
            String replacement = WORDS.get(bare);
            if (replacement == null && bare.endsWith("'s") && WORDS.containsKey(bare.substring(0, bare.length() - 2))) {
                // "yday's traffic": the abbreviation with its possessive.
                replacement = WORDS.get(bare.substring(0, bare.length() - 2)) + "'s";
            }
            if (replacement == null && bare.length() >= 5 && bare.chars().allMatch(Character::isLetter)) {
                replacement = Spelling.nearest(bare, TIME_WORDS);
            } else if (replacement == null && bare.length() == 4 && bare.chars().allMatch(Character::isLetter)) {
                // A four-letter slip only for "today" and "month" ("tody", "mont"): "ways" must not become "days".
                replacement = Spelling.nearest(bare, List.of("today", "month"));
            }
            out.append(replacement == null || replacement.equals(bare) ? word : word.replace(bare, replacement));
        }
        return out.toString();
    }

    /** Every period named in the question, in order, none overlapping (a comparison names two). */
    static List<Found> findAll(String question, ZoneId zone, Instant now) {
        String q = normalize(question);
        List<Found> found = new ArrayList<>();
        for (Rule rule : RULES) {
            if (rule.compiled().rulesOut(q)) {
                continue;
            }
            Matcher m = rule.compiled().pattern().matcher(q);
            while (m.find()) {
                int from = m.start();
                int to = m.end();
                if (found.stream().anyMatch(f -> from < f.to() && to > f.from())) {
                    continue;
                }
                String expression = rule.expression().apply(m);
                if (expression == null) {
                    continue;
                }
                Window window = resolve(expression, zone, now);
                if (window != null) {
                    found.add(new Found(new Window(expression, m.group().trim(), window.start(), window.end()), from, to));
                }
            }
        }
        found.sort(Comparator.comparingInt(Found::from));
        return sinceThen(daysOfTheWeekNamed(weekToThisPoint(found, zone, now), q, zone, now), q, zone, now);
    }

    /** "this week against last week by this point": set against a week so far, "this time last week" is last week up to now's place in it. */
    private static List<Found> weekToThisPoint(List<Found> found, ZoneId zone, Instant now) {
        if (found.size() != 2 || found.stream().noneMatch(f -> f.window().expression().equals("thisWeek"))
                || found.stream().noneMatch(f -> f.window().expression().equals("sameTime(-7)"))) {
            return found;
        }
        Window week = evaluate("weekSoFar(-1)", zone, now);
        return found.stream().map(f -> !f.window().expression().equals("sameTime(-7)") ? f
                : new Found(new Window("weekSoFar(-1)", f.window().phrase(), week.start(), week.end()), f.from(), f.to())).toList();
    }

    /** "I was off from the 1st of the month … how many since then": from that day up to now. */
    private static List<Found> sinceThen(List<Found> found, String q, ZoneId zone, Instant now) {
        if (found.size() != 1 || !Regex.matches(q, ".*\\bsince then\\b.*") || !Regex.matches(found.get(0).window().expression(), "date\\(.*\\)|weekday\\([A-Z]+\\)")) {
            return found;
        }
        Found day = found.get(0);
        String arg = day.window().expression().substring(day.window().expression().indexOf('(') + 1, day.window().expression().length() - 1);
        String expression = "since(" + (day.window().expression().startsWith("weekday") ? "weekday " + arg : arg.startsWith("day ") ? arg : "date " + arg) + ")";
        Window window = evaluate(expression, zone, now);
        return window == null ? found : List.of(new Found(new Window(expression, day.window().phrase() + " … since then", window.start(), window.end()), day.from(), day.to()));
    }

    /** "Monday or Tuesday this week", "on Friday last week": the week says whose days these are; it is not a period of its own. */
    private static List<Found> daysOfTheWeekNamed(List<Found> found, String q, ZoneId zone, Instant now) {
        List<Found> weeks = found.stream().filter(f -> f.window().expression().equals("thisWeek") || f.window().expression().equals("lastWeek")).toList();
        List<Found> days = found.stream().filter(f -> Regex.matches(f.window().expression(), "weekday\\([A-Z]+\\)")).toList();
        if (weeks.size() != 1 || days.isEmpty() || found.size() != days.size() + 1) {
            return found;
        }
        Found week = weeks.get(0);
        // Only a week said right next to its days ("Monday or Tuesday of this week"); "denials last week, and on Monday" names two periods.
        boolean after = week.from() >= days.get(days.size() - 1).to()
                && Regex.matches(q.substring(days.get(days.size() - 1).to(), week.from()), "[\\s,]*(?:of\\s+|in\\s+|from\\s+)?(?:the\\s+)?");
        boolean before = week.to() <= days.get(0).from() && Regex.matches(q.substring(week.to(), days.get(0).from()), "[\\s,]*(?:on\\s+)?(?:the\\s+)?");
        if (!after && !before) {
            return found;
        }
        String which = week.window().expression().equals("thisWeek") ? "week-0" : "week-1";
        List<Found> named = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            Found day = days.get(i);
            String expression = day.window().expression().replace(")", "," + which + ")");
            Window window = evaluate(expression, zone, now);
            if (window == null) {
                return found;
            }
            // The week's words stay taken: the nearest day reaches over them.
            int from = i == 0 && week.from() < day.from() ? week.from() : day.from();
            int to = i == days.size() - 1 && week.to() > day.to() ? week.to() : day.to();
            named.add(new Found(new Window(expression, day.window().phrase() + " " + week.window().phrase(), window.start(), window.end()), from, to));
        }
        return named;
    }

    /** The first period named in the question, if any. */
    static Optional<Window> find(String question, ZoneId zone, Instant now) {
        return findAll(question, zone, now).stream().findFirst().map(Found::window);
    }

    /** The default when a question names no period: the last 7 days. */
    static Window defaultWindow(Instant now) {
        return new Window("last(7d)", "last 7 days", now.minus(Duration.ofDays(7)), now);
    }

    /**
     * A stored expression at a new moment. Phrases stored before expressions existed ("this week")
     * are read as questions; anything unreadable is the default window, as its answer said.
     */
    static Window resolve(String expression, ZoneId zone, Instant now) {
        Window window = evaluate(expression, zone, now);
        if (window == null) {
            window = find(expression, zone, now).orElse(null);
        }
        return window;
    }

    static Window resolveOrDefault(String expression, ZoneId zone, Instant now) {
        Window window = expression == null ? null : resolve(expression, zone, now);
        return window == null ? defaultWindow(now) : window;
    }

    private static final Pattern EXPRESSION = Pattern.compile("(\\w+)(?:\\((.*)\\))?");

    private static Window evaluate(String expression, ZoneId zone, Instant now) {
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            return null;
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        String arg = m.group(2);
        try {
            return switch (m.group(1)) {
                case "span" -> {
                    // "yesterday and the day before, taken together": two periods next to each other read as one.
                    Window a = evaluate(arg.substring(0, arg.indexOf('|')), zone, now);
                    Window b = evaluate(arg.substring(arg.indexOf('|') + 1), zone, now);
                    yield a == null || b == null ? null
                            : new Window(expression, label(expression), a.start().isBefore(b.start()) ? a.start() : b.start(), a.end().isAfter(b.end()) ? a.end() : b.end());
                }
                case "clock" -> {
                    // "clock(yesterday|18:00|22:00)": those hours of that day, in the workspace's zone; up to now when it is today.
                    String[] parts = Regex.split(arg, "\\|");
                    ZoneId clockZone = parts.length > 3 ? java.time.ZoneOffset.UTC : zone;
                    Window day = evaluate(parts[0], clockZone, now);
                    LocalDate date = day == null ? null : day.start().atZone(clockZone).toLocalDate();
                    if (date == null) {
                        yield null;
                    }
                    Instant start = date.atTime(java.time.LocalTime.parse(parts[1])).atZone(clockZone).toInstant();
                    Instant end = parts[2].startsWith("24") ? date.plusDays(1).atStartOfDay(clockZone).toInstant()
                            : date.atTime(java.time.LocalTime.parse(parts[2])).atZone(clockZone).toInstant();
                    yield !end.isAfter(start) || !start.isBefore(now) ? null
                            : new Window(expression, label(expression), start, end.isAfter(now) ? now.truncatedTo(ChronoUnit.SECONDS) : end);
                }
                case "last" -> rolling(expression, arg, now);
                case "today" -> days(expression, today, today.plusDays(1), zone, now);
                case "wholeDays" -> days(expression, today.minusDays(Integer.parseInt(arg)), today, zone, now);
                case "wholeWeeks" -> days(expression, monday(today).minusWeeks(Integer.parseInt(arg)), monday(today), zone, now);
                case "partOfDay" -> {
                    // Morning 06:00–12:00, afternoon 12:00–18:00, evening 18:00–24:00, in the workspace's zone.
                    int from = switch (arg) {
                        case "MORNING" -> 6;
                        case "AFTERNOON" -> 12;
                        default -> 18;
                    };
                    Instant start = today.atTime(from, 0).atZone(zone).toInstant();
                    Instant end = today.atTime(from, 0).plusHours(6).atZone(zone).toInstant();
                    yield start.isBefore(now) ? new Window(expression, label(expression), start, end.isAfter(now) ? now.truncatedTo(ChronoUnit.SECONDS) : end) : null;
                }
                case "yesterday" -> days(expression, today.minusDays(1), today, zone, now);
                case "day" -> {
                    LocalDate d = today.plusDays(Integer.parseInt(arg));
                    yield days(expression, d, d.plusDays(1), zone, now);
                }
                case "thisWeek" -> days(expression, monday(today), today.plusDays(1), zone, now);
                case "lastWeek" -> days(expression, monday(today).minusWeeks(1), monday(today), zone, now);
                case "week" -> {
                    LocalDate monday = monday(today).plusWeeks(Integer.parseInt(arg));
                    yield days(expression, monday, monday.plusWeeks(1), zone, now);
                }
                case "thisMonth" -> days(expression, today.withDayOfMonth(1), today.plusDays(1), zone, now);
                case "sinceDay" -> days(expression, today.plusDays(Integer.parseInt(arg)), today.plusDays(1), zone, now);
                case "calendarDays" -> days(expression, today.minusDays(Integer.parseInt(arg) - 1L), today.plusDays(1), zone, now);
                case "calendarWeeks" -> days(expression, monday(today).minusWeeks(Integer.parseInt(arg) - 1L), today.plusDays(1), zone, now);
                case "sinceWeek" -> days(expression, monday(today).plusWeeks(Integer.parseInt(arg)), today.plusDays(1), zone, now);
                case "weekdays" -> {
                    String[] parts = arg.split(",");
                    // Without a week: this week's days once the first has come, else last week's.
                    // With "last": the week whose first day is the latest one before today.
                    LocalDate firstThisWeek = monday(today).with(TemporalAdjusters.nextOrSame(DayOfWeek.valueOf(parts[0])));
                    int week = parts.length > 2 && parts[2].equals("last") ? (firstThisWeek.isBefore(today) ? 0 : -1)
                            : parts.length > 2 ? Integer.parseInt(parts[2]) : firstThisWeek.isAfter(today) ? -1 : 0;
                    LocalDate monday = monday(today).plusWeeks(week);
                    LocalDate from = monday.with(TemporalAdjusters.nextOrSame(DayOfWeek.valueOf(parts[0])));
                    LocalDate to = monday.with(TemporalAdjusters.nextOrSame(DayOfWeek.valueOf(parts[1])));
                    yield to.isBefore(from) ? null : days(expression, from, to.plusDays(1), zone, now);
                }
                case "ago" -> {
                    String[] parts = arg.split(",");
                    Instant start = now.minus(duration(parts[0]));
                    Instant end = now.minus(duration(parts[1]));
                    yield end.isAfter(start) ? new Window(expression, null, start, end) : new Window(expression, null, end, start);
                }
                case "lastMonth" -> {
                    YearMonth last = YearMonth.from(today).minusMonths(1);
                    yield days(expression, last.atDay(1), last.plusMonths(1).atDay(1), zone, now);
                }
                case "thisQuarter" -> days(expression, quarterStart(today), today.plusDays(1), zone, now);
                case "lastQuarter" -> days(expression, quarterStart(today).minusMonths(3), quarterStart(today), zone, now);
                case "thisYear" -> days(expression, today.withDayOfYear(1), today.plusDays(1), zone, now);
                case "lastYear" -> days(expression, today.withDayOfYear(1).minusYears(1), today.withDayOfYear(1), zone, now);
                case "month" -> {
                    Month month = Month.valueOf(arg);
                    YearMonth ym = YearMonth.of(today.getYear(), month);
                    ym = ym.isAfter(YearMonth.from(today)) ? ym.minusYears(1) : ym;
                    yield days(expression, ym.atDay(1), ym.plusMonths(1).atDay(1), zone, now);
                }
                case "weekday" -> {
                    // "weekday(THURSDAY,week-1)": that day of last week; "weekday(THURSDAY,week-2)": of the week before.
                    String[] parts = arg.split(",");
                    DayOfWeek day = DayOfWeek.valueOf(parts[0]);
                    // "weekday(SATURDAY,before)": the Saturday before the last one.
                    LocalDate d = parts.length > 1 && parts[1].equals("before") ? today.with(TemporalAdjusters.previous(day)).minusWeeks(1)
                            : parts.length > 1 ? monday(today).minusWeeks(Integer.parseInt(parts[1].substring("week-".length())))
                            .with(TemporalAdjusters.nextOrSame(day)) : today.with(TemporalAdjusters.previous(day));
                    yield days(expression, d, d.plusDays(1), zone, now);
                }
                case "weekSoFar" -> {
                    int weeks = Integer.parseInt(arg);
                    Instant end = now.plus(Duration.ofDays(7L * weeks)).truncatedTo(ChronoUnit.SECONDS);
                    yield new Window(expression, label(expression), monday(today).plusWeeks(weeks).atStartOfDay(zone).toInstant(), end);
                }
                case "sameTime" -> {
                    LocalDate d = today.plusDays(Integer.parseInt(arg));
                    Instant end = now.plus(Duration.ofDays(Integer.parseInt(arg))).truncatedTo(ChronoUnit.SECONDS);
                    yield new Window(expression, label(expression), d.atStartOfDay(zone).toInstant(), end);
                }
                case "weekend" -> {
                    // "weekend(last)": the last whole weekend; "weekend(-2)": the one before it.
                    LocalDate sunday = (today.getDayOfWeek() == DayOfWeek.SUNDAY ? today.minusWeeks(1) : today.with(TemporalAdjusters.previous(DayOfWeek.SUNDAY)))
                            .minusWeeks("-2".equals(arg) ? 1 : 0);
                    yield days(expression, sunday.minusDays(1), sunday.plusDays(1), zone, now);
                }
                case "since" -> {
                    String[] parts = arg.split(" ", 2);
                    LocalDate from = switch (parts[0]) {
                        // "since Thursday" said on a Thursday means a week ago: today alone would be "today".
                        case "weekday" -> today.with(TemporalAdjusters.previous(DayOfWeek.valueOf(parts[1])));
                        case "day" -> dayOfMonth(Integer.parseInt(parts[1]), today);
                        case "date" -> LocalDate.parse(pastDate(parts[1], today));
                        case "weekOf" -> monday(LocalDate.parse(pastDate(parts[1], today)));
                        default -> null;
                    };
                    yield from == null ? null : days(expression, from, today.plusDays(1), zone, now);
                }
                case "weekOf" -> {
                    LocalDate monday = monday(LocalDate.parse(pastDate(arg, today)));
                    yield days(expression, monday, monday.plusWeeks(1), zone, now);
                }
                case "date" -> {
                    LocalDate d = arg.startsWith("day ") ? dayOfMonth(Integer.parseInt(arg.substring(4)), today) : LocalDate.parse(pastDate(arg, today));
                    yield days(expression, d, d.plusDays(1), zone, now);
                }
                case "between" -> {
                    String[] parts = arg.split(",");
                    LocalDate a = LocalDate.parse(pastDate(parts[0], today));
                    LocalDate b = LocalDate.parse(pastDate(parts[1], today));
                    if (b.isBefore(a)) {
                        LocalDate swap = a;
                        a = b;
                        b = swap;
                    }
                    yield days(expression, a, b.plusDays(1), zone, now);
                }
                case "betweenDays" -> {
                    String[] parts = arg.split(",");
                    LocalDate b = dayOfMonth(Integer.parseInt(parts[1]), today);
                    LocalDate a = b.withDayOfMonth(Math.min(Integer.parseInt(parts[0]), b.lengthOfMonth()));
                    yield a.isAfter(b) ? null : days(expression, a, b.plusDays(1), zone, now);
                }
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Duration duration(String amount) {
        long n = Long.parseLong(amount.substring(0, amount.length() - 1));
        return switch (amount.charAt(amount.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Two amounts added, in the smaller unit: 24h + 24h = 48h, 1d + 12h = 36h. */
    private static String plus(String a, String b) {
        long minutes = duration(a).plus(duration(b)).toMinutes();
        return minutes % 1440 == 0 ? (minutes / 1440) + "d" : minutes % 60 == 0 ? (minutes / 60) + "h" : minutes + "m";
    }

    /**
     * The period a comparison sets against this one when it names only "the one before": the
     * previous calendar period for calendar words, the same length just before for rolling ones.
     */
    /**
     * The current period a past one is compared with when only the past one is named ("up compared
     * to last week": this week), or null when there is no such counterpart.
     */
    /** The first day of the quarter a day is in. */
    private static LocalDate quarterStart(LocalDate day) {
        return LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
    }

    static String currentOf(String expression) {
        if (expression == null) {
            return null;
        }
        return switch (expression) {
            case "lastWeek" -> "thisWeek";
            case "yesterday" -> "today";
            case "lastMonth" -> "thisMonth";
            default -> null;
        };
    }

    static String previousOf(String expression, boolean sameDayLastWeek) {
        if (expression == null) {
            return "ago(14d,7d)";
        }
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            return null;
        }
        String arg = m.group(2);
        return switch (m.group(1)) {
            case "today" -> sameDayLastWeek ? "day(-7)" : "yesterday";
            case "yesterday" -> sameDayLastWeek ? "day(-8)" : "day(-2)";
            case "day" -> "day(" + (Integer.parseInt(arg) - (sameDayLastWeek ? 7 : 1)) + ")";
            case "thisWeek" -> "lastWeek";
            case "lastWeek" -> "week(-2)";
            case "weekend" -> "last".equals(arg) ? "weekend(-2)" : null;
            case "week" -> "week(" + (Integer.parseInt(arg) - 1) + ")";
            case "weekday" -> arg.contains(",week-")
                    ? "weekday(" + arg.substring(0, arg.indexOf(',')) + ",week-" + (Integer.parseInt(arg.substring(arg.indexOf("week-") + 5)) + 1) + ")" : null;
            case "thisMonth", "lastMonth" -> "lastMonth".equals(m.group(1)) ? null : "lastMonth";
            case "last" -> "ago(" + plus(arg, arg) + "," + arg + ")";
            default -> null;
        };
    }

    private static Window rolling(String expression, String amount, Instant now) {
        return new Window(expression, label(expression), now.minus(duration(amount)), now);
    }

    private static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The most recent {@code day}-th of a month: this month's unless it is after today. */
    private static LocalDate dayOfMonth(int day, LocalDate today) {
        YearMonth month = YearMonth.from(today);
        if (day > today.getDayOfMonth() || day < 1) {
            month = month.minusMonths(1);
        }
        return month.atDay(Math.max(1, Math.min(day, month.lengthOfMonth())));
    }

    private static Window days(String expression, LocalDate from, LocalDate toExclusive, ZoneId zone, Instant now) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = toExclusive.atStartOfDay(zone).toInstant();
        if (!start.isBefore(now)) {
            return null;
        }
        return new Window(expression, label(expression), start, end.isAfter(now) ? now.truncatedTo(ChronoUnit.SECONDS) : end);
    }

    /** "MM-dd" (no year): the most recent such date that is not in the future, as ISO. */
    private static String pastDate(String monthDay, LocalDate today) {
        String[] parts = monthDay.split("-");
        Month month = Month.of(Integer.parseInt(parts[0]));
        LocalDate date = LocalDate.of(today.getYear(), month, Math.min(Integer.parseInt(parts[1]), month.length(today.isLeapYear())));
        return (date.isAfter(today) ? date.minusYears(1) : date).toString();
    }

    private static String monthDay(String monthWord, String day) {
        return month(monthWord).getValue() + "-" + Integer.parseInt(day);
    }

    private static String monthName(String word) {
        return month(word).name();
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

    private static String day(String word) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT).startsWith(word.substring(0, 3))) {
                return d.name();
            }
        }
        throw new IllegalArgumentException(word);
    }

    /** "clock(yesterday|18:00|22:00)" from a day word and two times of day, or nothing when neither reads as a time. */
    private static String clock(String dayWords, Matcher m, int group) {
        String day = dayOf(dayWords);
        String partAmPm = amPmOf(dayWords);
        String fromAmPm = m.group(group + 2);
        String toAmPm = m.group(group + 5) != null ? m.group(group + 5) : partAmPm;
        // "between 3 and 5 yesterday" may be counts; a time says so with minutes, am/pm or a part of the day.
        if (m.group(group + 1) == null && m.group(group + 4) == null && fromAmPm == null && toAmPm == null) {
            return null;
        }
        // ("from 6 to 12 o'clock this morning": 12 is noon, the morning's end, whatever the part of the day says.)
        String partOnly = m.group(group + 5) == null && m.group(group + 3).equals("12") ? null : toAmPm;
        int from = hour(m.group(group), fromAmPm != null ? fromAmPm : toAmPm);
        int to = hour(m.group(group + 3), partOnly);
        if (fromAmPm == null && from > to) {
            from = hour(m.group(group), null);
        }
        String fromMinutes = m.group(group + 1) == null ? "00" : m.group(group + 1);
        String toMinutes = m.group(group + 4) == null ? "00" : m.group(group + 4);
        if (from > 24 || to > 24 || Integer.parseInt(fromMinutes) > 59 || Integer.parseInt(toMinutes) > 59) {
            return null;
        }
        return "clock(" + day + "|" + String.format(Locale.ROOT, "%02d:%s|%02d:%s", from, fromMinutes, to, toMinutes) + utc(m) + ")";
    }

    /**
     * "clock(today|09:00|24:00)" for "since 9am" or "after 9 this morning", "clock(yesterday|00:00|12:00)" for "before noon
     * yesterday": a day from a time on, or up to it; nothing for a bare number ("since 3"), which may be a count or a date.
     */
    private static String edge(String dayWords, Matcher m, int group, boolean from) {
        String day = dayOf(dayWords);
        String amPm = m.group(group + 2) != null ? m.group(group + 2) : amPmOf(dayWords);
        if (m.group(group + 1) == null && amPm == null) {
            return null;
        }
        int hour = hour(m.group(group), amPm);
        String minutes = m.group(group + 1) == null ? "00" : m.group(group + 1);
        if (hour > 23 || Integer.parseInt(minutes) > 59 || !from && hour == 0 && minutes.equals("00")) {
            return null;
        }
        String time = String.format(Locale.ROOT, "%02d:%s", hour, minutes);
        return "clock(" + day + "|" + (from ? time + "|24:00" : "00:00|" + time) + utc(m) + ")";
    }

    /** "clock(yesterday|15:00|16:00)" for "at 3pm yesterday": the hour a time on the hour starts; nothing for a bare number or a minute. */
    private static String hourAt(String dayWords, Matcher m, int group, boolean hourWord) {
        String day = dayOf(dayWords);
        String amPm = m.group(group + 2) != null ? m.group(group + 2) : amPmOf(dayWords);
        String minutes = m.group(group + 1);
        if (minutes == null && amPm == null && !hourWord || minutes != null && !minutes.equals("00")) {
            return null;
        }
        int hour = hour(m.group(group), amPm);
        return hour > 23 ? null : "clock(" + day + "|" + String.format(Locale.ROOT, "%02d:00|%02d:00", hour, hour + 1) + utc(m) + ")";
    }

    /** The day a time falls on: "this afternoon" is today, as is no day at all ("since 9am"); else the day word or date as written. */
    private static String dayOf(String dayWords) {
        if (dayWords != null && Regex.matches(dayWords, "(?:last\\s+|on\\s+)?\\w+day") && !dayWords.equals("today") && !dayWords.equals("yesterday")) {
            // "between 02:00 and 06:00 UTC last Thursday": that weekday, the most recent one before today.
            return "weekday(" + day(Regex.replaceFirst(dayWords, "^(?:last|on)\\s+", "")) + ")";
        }
        return dayWords == null || dayWords.startsWith("this") ? "today" : dayWords.startsWith("yesterday") || dayWords.equals("last night") ? "yesterday" : dayWords;
    }

    /** "between 2 and 4 this afternoon": a part of the day says am or pm; a day says neither. */
    private static String amPmOf(String dayWords) {
        return dayWords == null ? null : dayWords.endsWith("morning") ? "am" : Regex.matches(dayWords, "this.*|.*(?:afternoon|evening|night)") ? "pm" : null;
    }

    /** "|UTC" when the times were given in UTC ("06:00 to 12:00 UTC"), whatever the workspace's zone. */
    private static String utc(Matcher m) {
        return Regex.matches(m.group(), "(?s).*\\b(?:utc|gmt)\\b.*") ? "|UTC" : "";
    }

    private static int hour(String hour, String amPm) {
        int h = Integer.parseInt(hour);
        return amPm == null || h > 12 ? h : amPm.equals("pm") ? h % 12 + 12 : h % 12;
    }

    /** Weekdays one after the other ("Tuesday, Wednesday and Thursday"), each named as people write it. */
    private static boolean consecutive(String... days) {
        int first = DayOfWeek.valueOf(day(days[0])).getValue();
        for (int i = 1; i < days.length; i++) {
            if (DayOfWeek.valueOf(day(days[i])).getValue() != first + i) {
                return false;
            }
        }
        return true;
    }

    private static String amount(String count, String unit) {
        int n = number(count);
        return switch (unit.charAt(0)) {
            case 'm' -> unit.startsWith("mo") ? (30 * n) + "d" : n + "m";
            case 'h' -> n + "h";
            case 'w' -> (7 * n) + "d";
            case 'f' -> (14 * n) + "d";
            default -> n + "d";
        };
    }

    private static int number(String word) {
        return switch (word) {
            case "a", "an", "one" -> 1;
            case "two", "couple of" -> 2;
            case "three", "few" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            case "seven" -> 7;
            case "eight" -> 8;
            case "nine" -> 9;
            case "ten" -> 10;
            case "eleven" -> 11;
            case "twelve" -> 12;
            case "fourteen" -> 14;
            case "fifteen" -> 15;
            case "twenty" -> 20;
            case "thirty" -> 30;
            case "forty-five", "fortyfive" -> 45;
            case "sixty" -> 60;
            case "ninety" -> 90;
            default -> Integer.parseInt(word);
        };
    }

    /** An expression as a short label: "last 7 days", "this week", "Thursday"; null for one without words. */
    private static String label(String expression) {
        if (expression == null) {
            return null;
        }
        String phrase = phraseOf(expression);
        return phrase.equals(expression) ? null : Regex.replaceFirst(phrase, "^(in the |in |on |over the )", "");
    }

    /** An expression in words, for follow-up questions: "last(7d)" → "in the last 7 days", "weekday(THU)" → "on Thursday". */
    static String phraseOf(String expression) {
        if (expression == null) {
            return "in the last 7 days";
        }
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            return expression;
        }
        String arg = m.group(2);
        return switch (m.group(1)) {
            case "span" -> phraseOf(arg.substring(0, arg.indexOf('|'))) + " and " + Regex.replaceFirst(phraseOf(arg.substring(arg.indexOf('|') + 1)), "^(?:in|on|over) the ", "the ");
            case "last" -> {
                String unit = switch (arg.charAt(arg.length() - 1)) {
                    case 'm' -> "minutes";
                    case 'h' -> "hours";
                    default -> "days";
                };
                yield "in the last " + arg.substring(0, arg.length() - 1) + " " + unit;
            }
            case "clock" -> {
                String[] parts = Regex.split(arg, "\\|");
                String zoneName = parts.length > 3 ? " " + parts[3] : "";
                yield phraseOf(parts[0]) + (parts[2].equals("24:00") ? (parts[0].equals("today") ? " since " : " after ") + parts[1] + zoneName
                        : parts[1].equals("00:00") ? " before " + parts[2] + zoneName : " from " + parts[1] + " to " + parts[2] + zoneName);
            }
            case "today" -> "today";
            case "wholeDays" -> "in the last " + arg + " whole days, today left out";
            case "wholeWeeks" -> "in the last " + arg + " whole weeks, this week left out";
            case "partOfDay" -> "this " + arg.toLowerCase(Locale.ROOT);
            case "yesterday" -> "yesterday";
            case "day" -> "-1".equals(arg) ? "yesterday" : "-2".equals(arg) ? "the day before yesterday" : arg.substring(1) + " days ago";
            case "thisWeek" -> "this week";
            case "lastWeek" -> "last week";
            case "thisMonth" -> "this month";
            case "lastMonth" -> "last month";
            case "thisQuarter" -> "this quarter";
            case "lastQuarter" -> "last quarter";
            case "thisYear" -> "this year";
            case "lastYear" -> "last year";
            case "weekend" -> "-2".equals(arg) ? "over the weekend before last" : "over the last weekend";
            case "weekday" -> "on " + arg.split(",")[0].charAt(0) + arg.split(",")[0].substring(1).toLowerCase(Locale.ROOT)
                    + (arg.endsWith(",week-1") ? " last week" : arg.endsWith(",week-0") ? " this week" : arg.contains(",week-") ? " " + arg.substring(arg.indexOf("week-") + 5) + " weeks ago"
                    : arg.endsWith(",before") ? " before last" : "");
            case "sameTime" -> arg.equals("-1") ? "yesterday up to this time" : "a week ago up to this time";
            case "weekSoFar" -> "last week up to this time of the week";
            case "month" -> "in " + arg.charAt(0) + arg.substring(1).toLowerCase(Locale.ROOT);
            case "ago" -> "from " + arg.split(",")[0] + " to " + arg.split(",")[1] + " ago";
            case "calendarDays" -> "in the last " + arg + " days, today included";
            case "sinceDay" -> "since " + arg.substring(1) + " days ago";
            case "calendarWeeks" -> "in the last " + arg + " weeks, this week included";
            case "week" -> Integer.parseInt(arg) == -2 ? "the week before last" : "in the week " + arg;
            case "weekdays" -> "on " + arg.split(",")[0].charAt(0) + arg.split(",")[0].substring(1, 3).toLowerCase(Locale.ROOT) + "–"
                    + arg.split(",")[1].charAt(0) + arg.split(",")[1].substring(1, 3).toLowerCase(Locale.ROOT)
                    + (arg.endsWith(",-1") ? " last week" : arg.endsWith(",0") ? " this week" : "");
            case "weekOf" -> "in the week of " + Month.of(Integer.parseInt(arg.split("-")[0])).getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + arg.split("-")[1];
            default -> expression;
        };
    }

    /** How the period reads in an answer: its words and its absolute dates, "this week (Mon, Nov 23 – Wed, Nov 25, 2026)". */
    static String describe(Window window, ZoneId zone) {
        String dates = Formats.period(window.start(), window.end(), zone);
        return window.phrase() == null ? dates : window.phrase() + " (" + dates + ")";
    }
}
