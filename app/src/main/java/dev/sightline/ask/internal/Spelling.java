package dev.sightline.ask.internal;

import java.util.List;

/**
 * Forgives typos in the words the planner listens for ("rate limting", "denyed", "bost"): a word
 * not in the vocabulary becomes the vocabulary word one edit away (two for long words).
 */
final class Spelling {

    private static final List<String> VOCABULARY = List.of("denied", "deny", "denial", "denials", "blocked", "block", "rate", "limit", "limiting",
            "limited", "requests", "request", "traffic", "bots", "bot", "detections", "detection", "paths", "path", "routes", "endpoint", "addresses",
            "attackers", "attack", "attacks", "quota", "usage", "anomalies", "unusual", "suspicious", "briefing", "overview", "summary", "rules",
            "allowed", "challenged", "errors", "reasons", "reason", "breakdown", "spike", "signups", "signup", "revenue", "promote", "dry",
            "daily", "trend", "hourly", "yesterday", "today", "week", "month", "last", "past", "since", "between", "total", "count", "crawler",
            "scraper", "shield", "filter", "email", "investigate", "recommend", "recent", "latest", "percentage");

    /** Ordinary words that are one edit from a vocabulary word but must stay as they are. */
    private static final java.util.Set<String> KEEP = java.util.Set.of("list", "lists", "show", "most", "many", "much", "from", "over", "with",
            "this", "that", "what", "which", "when", "were", "have", "more", "less", "than", "does", "give", "tell", "each", "some", "time",
            "times", "days", "hours", "weeks", "months", "sites", "site", "pages", "page", "rated", "late", "lost", "past", "post",
            "posts", "pass", "rule", "date", "dates", "data", "team", "teams", "ones", "them", "then", "they", "into", "only", "mails", "month",
            "spikes", "spiked", "drop", "drops", "blocks", "totals", "reasons", "trends", "detected", "limits", "request", "around", "before", "after");

    private Spelling() {
    }

    static String correct(String text) {
        StringBuilder out = new StringBuilder();
        for (String word : text.split(" ")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(correctWord(word));
        }
        return out.toString();
    }

    /** The candidate one edit from {@code word} (two for words of 8 letters or more), or null; the word itself when it is one. */
    static String nearest(String word, java.util.Collection<String> candidates) {
        if (candidates.contains(word)) {
            return word;
        }
        int allowed = word.length() >= 8 ? 2 : 1;
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - word.length()) > allowed) {
                continue;
            }
            int d = distance(word, candidate, bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    private static String correctWord(String word) {
        if (word.length() < 4 || !word.chars().allMatch(Character::isLetter) || VOCABULARY.contains(word) || KEEP.contains(word)) {
            return word;
        }
        int allowed = word.length() >= 8 ? 2 : 1;
        String best = word;
        int bestDistance = allowed + 1;
        for (String candidate : VOCABULARY) {
            if (Math.abs(candidate.length() - word.length()) > allowed) {
                continue;
            }
            int d = distance(word, candidate, bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= allowed ? best : word;
    }

    /** Damerau-Levenshtein distance (adjacent swaps count once), cut off above {@code limit}. */
    private static int distance(String a, String b, int limit) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
                rowMin = Math.min(rowMin, d[i][j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return d[a.length()][b.length()];
    }
}
