package dev.sightline.sandbox.tools;

import static dev.sightline.sandbox.tools.ArcjetTools.json;
import static dev.sightline.sandbox.tools.ArcjetTools.round;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sightline.sandbox.traffic.IpProfile;
import dev.sightline.sandbox.traffic.TrafficScan;
import dev.sightline.sandbox.traffic.TrafficScan.Count;

/** get-anomalies: what changed between a period and the one before it. */
final class Anomalies {

    static final int MIN_SPIKE_REQUESTS = 50;

    private Anomalies() {
    }

    static Map<String, Object> compare(TimeWindow window, TimeWindow previousWindow, TrafficScan now, TrafficScan before) {
        Map<String, Long> previousPaths = new HashMap<>();
        before.topPaths(Integer.MAX_VALUE).forEach(c -> previousPaths.put(c.key(), c.requests()));
        List<Object> spikes = new ArrayList<>();
        for (Count c : now.topPaths(Integer.MAX_VALUE)) {
            long previous = previousPaths.getOrDefault(c.key(), 0L);
            if (c.requests() >= MIN_SPIKE_REQUESTS && c.requests() > previous * 1.5) {
                spikes.add(json("path", c.key(), "current", c.requests(), "previous", previous,
                        "changePercent", previous == 0 ? null : round(100.0 * (c.requests() - previous) / previous, 1)));
            }
        }

        List<Object> shifts = new ArrayList<>();
        Map<String, Long> previousCountries = before.byCountry();
        now.byCountry().forEach((country, count) -> {
            double share = now.total == 0 ? 0 : (double) count / now.total;
            double previousShare = before.total == 0 ? 0 : (double) previousCountries.getOrDefault(country, 0L) / before.total;
            if (Math.abs(share - previousShare) >= 0.02) {
                shifts.add(json("country", country, "currentShare", round(share, 4), "previousShare", round(previousShare, 4)));
            }
        });

        List<Object> newThreats = new ArrayList<>();
        for (Count c : now.topNewlyDeniedIps(before, 10)) {
            IpProfile ip = now.ip(c.key());
            newThreats.add(json("ip", c.key(), "denied", c.denied(), "asn", ip.asn(), "asnName", ip.asnName(), "networkType", ip.networkType()));
        }

        Map<String, Long> previousBots = new HashMap<>();
        before.bots().forEach(c -> previousBots.put(c.key(), c.requests()));
        List<Object> newBots = new ArrayList<>();
        for (Count c : now.bots()) {
            if (!previousBots.containsKey(c.key())) {
                newBots.add(json("bot", c.key(), "category", now.bot(c.key()).category(), "requests", c.requests()));
            }
        }

        double rate = now.denialRate();
        double previousRate = before.denialRate();
        String level = rate > previousRate * 1.25 + 0.005 ? "ESCALATING" : rate < previousRate * 0.8 - 0.005 ? "IMPROVING" : "STABLE";

        List<Object> suspicious = new ArrayList<>();
        for (Count c : now.topDeniedIps(10)) {
            IpProfile ip = now.ip(c.key());
            suspicious.add(json("ip", c.key(), "denied", c.denied(), "networkType", ip.networkType(), "riskLevel", ip.riskLevel(),
                    "asnName", ip.asnName(), "country", ip.country()));
        }
        return json("window", window.json(), "previousWindow", previousWindow.json(), "trafficSpikes", spikes, "geographicShifts", shifts,
                "newThreats", newThreats, "newBotSignatures", newBots,
                "riskEscalation", json("level", level, "currentDenialRate", round(rate, 4), "previousDenialRate", round(previousRate, 4)),
                "suspiciousIps", suspicious);
    }
}
