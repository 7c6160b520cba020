package dev.sightline.sandbox.traffic;

/** Which kind of rule produced a decision. {@code NONE}: no rule objected. */
public enum Reason {
    NONE, RATE_LIMIT, BOT, SHIELD, FILTER, EMAIL, SENSITIVE_INFO, ERROR
}
