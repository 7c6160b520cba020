package dev.sightline.sandbox.world;

/** The remote rule types Arcjet configures through its MCP server. */
public enum RuleType {
    RATE_LIMIT, BOT, SHIELD, FILTER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RuleType fromWire(String value) {
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
