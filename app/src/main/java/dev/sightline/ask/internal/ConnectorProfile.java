package dev.sightline.ask.internal;

import dev.sightline.ask.Analysis;
import dev.sightline.source.DataSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a vendor's tool schemas cannot say, kept as data in {@code profiles/<connector>.json}: the
 * words that stand for an argument's values ("throttled" → RATE_LIMIT), the business data the vendor
 * does not have, the suggested questions and the vendor's troubleshooting messages. The file's order
 * is the order of precedence: "rate limit" is tried before "bots".
 *
 * @param vocabulary      argument name → value → words that mean it
 * @param missingData     data the vendor has not got → words that ask for it
 * @param troubleshooting message name → message, with {placeholders} filled in when shown
 */
record ConnectorProfile(String connector, List<String> requiredTools, List<String> suggestedQuestions,
        Map<String, Map<String, List<String>>> vocabulary, Map<String, List<String>> missingData, Map<String, Message> troubleshooting) {

    record Message(String title, String cause, String fix) {
    }

    static ConnectorProfile load(String connector) {
        try (InputStream in = ConnectorProfile.class.getResourceAsStream("/profiles/" + connector + ".json")) {
            if (in == null) {
                throw new IllegalStateException("No connector profile profiles/" + connector + ".json");
            }
            return JsonMapper.shared().readValue(in, ConnectorProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the profile can answer from this source: its vendor, with the tools it relies on allowed. */
    boolean fits(DataSources.DataSource source) {
        return connector.equals(source.connector()) && requiredTools.stream().allMatch(source::hasTool);
    }

    /** The first value of {@code argument} whose words occur in the (normalized) question, or null. */
    String valueOf(String argument, String question) {
        for (Map.Entry<String, List<String>> value : vocabulary.getOrDefault(argument, Map.of()).entrySet()) {
            if (value.getValue().stream().anyMatch(question::contains)) {
                return value.getKey();
            }
        }
        return null;
    }

    /** The data the question asks for that the vendor does not have ("signups"). */
    List<String> missingData(String question) {
        return missingData.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(question::contains)).map(Map.Entry::getKey).toList();
    }

    /** A troubleshooting message as a warning, its {name} placeholders replaced. */
    Analysis.Warning warning(String name, Map<String, String> values) {
        Message message = troubleshooting.get(name);
        if (message == null) {
            throw new IllegalStateException("The " + connector + " profile has no message " + name);
        }
        return new Analysis.Warning(fill(message.title(), values), fill(message.cause(), values), fill(message.fix(), values));
    }

    private static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            filled = filled.replace("{" + v.getKey() + "}", v.getValue());
        }
        return filled;
    }
}
