package dev.sightline.sandbox.world;

import java.time.Instant;

/**
 * One protected application or environment. {@code trafficShare} scales the generated traffic
 * relative to a busy site (1.0); 0 means a brand-new site without traffic.
 */
public record Site(String id, String teamId, String name, String environment, Instant createdAt, String sdkKey,
                   double trafficShare) {
}
