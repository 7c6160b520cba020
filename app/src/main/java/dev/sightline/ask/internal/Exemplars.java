package dev.sightline.ask.internal;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The questions a connector answers well, and which of them a question that was not understood
 * is closest to: cosine similarity of character trigram counts, which tolerates typos, plurals
 * and word order. Used to suggest, never to answer: a guess shown as an answer would be worse than
 * "I'm not sure".
 */
final class Exemplars {

    private final List<String> questions;
    private final List<Map<String, Integer>> grams;

    Exemplars(List<String> questions) {
        this.questions = List.copyOf(questions);
        this.grams = this.questions.stream().map(Exemplars::trigrams).toList();
    }

    /** Up to {@code n} exemplars nearest to the question, best first; those sharing almost nothing are left out. */
    List<String> nearest(String question, int n) {
        Map<String, Integer> asked = trigrams(question);
        record Scored(String question, double score) {
        }
        return java.util.stream.IntStream.range(0, questions.size())
                .mapToObj(i -> new Scored(questions.get(i), cosine(asked, grams.get(i))))
                .filter(s -> s.score() >= 0.2)
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .limit(n).map(Scored::question).toList();
    }

    private static Map<String, Integer> trigrams(String text) {
        String clean = " " + Regex.replaceAll(Regex.replaceAll(Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD), "\\p{M}", ""), "[^a-z0-9]+", " ").strip() + " ";
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + 3 <= clean.length(); i++) {
            counts.merge(clean.substring(i, i + 3), 1, Integer::sum);
        }
        return counts;
    }

    private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        double dot = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            dot += e.getValue() * (double) b.getOrDefault(e.getKey(), 0);
        }
        double na = Math.sqrt(a.values().stream().mapToDouble(v -> v * (double) v).sum());
        double nb = Math.sqrt(b.values().stream().mapToDouble(v -> v * (double) v).sum());
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }
}
