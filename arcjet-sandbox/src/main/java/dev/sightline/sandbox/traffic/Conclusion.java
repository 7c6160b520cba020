package dev.sightline.sandbox.traffic;

/** Arcjet's decision on one request. */
public enum Conclusion {
    ALLOW, DENY, CHALLENGE, ERROR
}
