package dev.sightline.sandbox.world;

/** An Arcjet team: owns sites and a plan with a monthly request quota. */
public record Team(String id, String name, String plan, long monthlyRequestLimit) {
}
