package dev.sightline.sandbox.traffic;

/** A known automated client, by the name and category Arcjet's bot detection reports. */
public record Bot(String name, String category, boolean verified) {
}
