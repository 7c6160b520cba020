package dev.sightline.sandbox.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Acme's business data beside its security data: daily sign-ups for the same 30 days. Real users
 * get caught in the rate limits the bot campaign triggers on /api/signup, so sign-ups drop the
 * day the campaign starts and recover only partly afterwards.
 */
public final class SignupsCsv {

    public static final String FILE_NAME = "acme-signups.csv";

    /** One day of the CSV. */
    public record Day(LocalDate date, int signups, int activations) {
    }

    private SignupsCsv() {
    }

    public static List<Day> days(TrafficGenerator generator, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5167_4e55L);
        LocalDate today = LocalDate.ofInstant(generator.now(), ZoneOffset.UTC);
        LocalDate attack = LocalDate.ofInstant(generator.incident().start(), ZoneOffset.UTC);
        List<Day> days = new ArrayList<>();
        for (LocalDate day = today.minusDays(29); !day.isAfter(today); day = day.plusDays(1)) {
            DayOfWeek weekday = day.getDayOfWeek();
            double base = weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY ? 92 : 141;
            long sinceAttack = day.toEpochDay() - attack.toEpochDay();
            double impact = sinceAttack < 0 ? 1.0 : sinceAttack == 0 ? 0.63 : sinceAttack == 1 ? 0.47 : sinceAttack == 2 ? 0.56 : sinceAttack == 3 ? 0.71 : 0.83;
            double fraction = day.equals(today) ? generator.now().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 86_400.0 : 1.0;
            int signups = (int) Math.round(base * impact * fraction * (0.9 + 0.2 * random.nextDouble()));
            int activations = (int) Math.round(signups * (0.55 + 0.1 * random.nextDouble()));
            days.add(new Day(day, signups, activations));
        }
        return days;
    }

    public static Path write(TrafficGenerator generator, Path directory) {
        try {
            Files.createDirectories(directory);
            StringBuilder csv = new StringBuilder("date,signups,activations\n");
            for (Day day : days(generator, generator.seed())) {
                csv.append(day.date()).append(',').append(day.signups()).append(',').append(day.activations()).append('\n');
            }
            Path file = directory.resolve(FILE_NAME);
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the Acme sign-ups CSV to " + directory, e);
        }
    }
}
