package dev.sightline.evaluation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Small conversions between JSON values shared by the oracle and the judge. Jackson 3 refuses to
 * read a container as text or a string as a number, and the evaluation meets all of these in the
 * same places, so each question of "what is this value as ..." is answered once, here.
 */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static JsonNode number(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return NODES.numberNode((long) value);
        }
        return NODES.numberNode(value);
    }

    static JsonNode text(String value) {
        return NODES.stringNode(value);
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The value as a person would read it: strings bare, numbers in plain notation, containers as JSON. */
    static String text(JsonNode node) {
        if (absent(node)) {
            return "null";
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return plain(node.decimalValue());
        }
        if (node.isBoolean()) {
            return String.valueOf(node.booleanValue());
        }
        return node.toString();
    }

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /**
     * The value as a number: numbers as they are, numeric strings ("1,234", "12.5 %"), and
     * instants as epoch seconds (so a window's end minus its start is a duration).
     */
    static Optional<Double> numeric(JsonNode node) {
        if (absent(node)) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.doubleValue());
        }
        if (node.isString()) {
            String s = node.stringValue().trim().replace(",", "").replace("%", "").trim();
            try {
                return Optional.of(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return instant(node.stringValue()).map(i -> i.getEpochSecond() + i.getNano() / 1e9);
            }
        }
        return Optional.empty();
    }

    /** An ISO instant, offset date-time, local date-time (UTC) or date (UTC midnight). */
    static Optional<Instant> instant(String text) {
        String t = text.trim();
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return Optional.of(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Equality as the expression language means it: numbers by value, other scalars by their text. */
    static boolean same(JsonNode a, JsonNode b) {
        if (absent(a) || absent(b)) {
            return absent(a) && absent(b);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isContainer() || b.isContainer()) {
            return a.equals(b);
        }
        return text(a).equals(text(b));
    }

    /** Digits after the decimal point as the value was written (0 for integers). */
    static int decimals(JsonNode node) {
        if (node.isNumber()) {
            if (node.isIntegralNumber()) {
                return 0;
            }
            // A double's shortest representation is what the engine wrote.
            String s = BigDecimal.valueOf(node.doubleValue()).toPlainString();
            int dot = s.indexOf('.');
            return dot < 0 ? 0 : s.length() - dot - 1;
        }
        String s = text(node).replace(",", "").replace("%", "").trim();
        int dot = s.indexOf('.');
        return dot < 0 ? 0 : s.length() - dot - 1;
    }
}
