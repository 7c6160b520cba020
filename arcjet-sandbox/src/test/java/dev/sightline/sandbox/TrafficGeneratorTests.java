package dev.sightline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.sightline.sandbox.traffic.RequestDecision;
import dev.sightline.sandbox.traffic.SignupsCsv;
import dev.sightline.sandbox.traffic.SiteTraffic;
import dev.sightline.sandbox.traffic.TrafficGenerator;
import dev.sightline.sandbox.world.SandboxWorld;
import dev.sightline.sandbox.world.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficGeneratorTests {

    static final Instant NOW = Instant.parse("2026-11-20T15:30:00Z");

    static SiteTraffic generate(long seed, int volume) {
        SandboxWorld world = new SandboxWorld(Clock.fixed(NOW, ZoneOffset.UTC));
        Site prod = world.allSites().get(0);
        return new TrafficGenerator(seed, volume, NOW).generate(prod, world.initialRules(prod.id()), 1);
    }

    @Test
    void theSameSeedAndClockGiveTheSameRequests() {
        List<RequestDecision> a = generate(7, 20_000).stream().toList();
        List<RequestDecision> b = generate(7, 20_000).stream().toList();
        assertThat(a).isEqualTo(b);
        assertThat(generate(8, 20_000).stream().toList()).isNotEqualTo(a);
    }

    @Test
    void volumeScalesAndRequestIdsRoundTrip() {
        SiteTraffic traffic = generate(7, 400_000);
        assertThat(traffic.size()).isBetween(420_000, 480_000);
        for (int i : new int[] {0, 1, 12_345, traffic.size() - 1}) {
            assertThat(traffic.indexOf(traffic.requestId(i))).contains(i);
        }
        assertThat(traffic.indexOf("req_1_zzzzzzz")).isEmpty();
        assertThat(traffic.indexOf("nonsense")).isEmpty();
    }

    @Test
    void signupsDropTheDayTheCampaignStarts(@TempDir Path dir) throws Exception {
        TrafficGenerator generator = new TrafficGenerator(7, 10_000, NOW);
        Path csv = SignupsCsv.write(generator, dir);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("date,signups,activations");
        assertThat(lines).hasSize(31);
        LocalDate attack = LocalDate.ofInstant(generator.incident().start(), ZoneOffset.UTC);
        List<SignupsCsv.Day> days = SignupsCsv.days(generator, 7);
        double before = days.stream().filter(d -> d.date().isBefore(attack) && d.date().getDayOfWeek() == attack.getDayOfWeek())
                .mapToInt(SignupsCsv.Day::signups).average().orElseThrow();
        int onTheDay = days.stream().filter(d -> d.date().equals(attack)).findFirst().orElseThrow().signups();
        assertThat(onTheDay).isLessThan((int) (before * 0.75));
    }
}
