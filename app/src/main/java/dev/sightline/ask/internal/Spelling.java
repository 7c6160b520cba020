package dev.sightline.ask.internal;


/**
 * Forgives typos ("rate limting", "denyed", "yesterdya"): the nearest of the words a reader listens
 * for, one edit away (two for long words). The vocabulary is the caller's: the time grammar's
 * words, a connector's semantics.
 */
final class Spelling {

    private Spelling() {
    }

    /**
     * Whether the word is a common English word (US or British spelling), which is then what it says and never a slip of
     * another ("burst" is not "burnt"). Rarer words are often slips ("polices" for "policies"), so only common ones count:
     * the lists rate each word's frequency from 0 to about 25.
     */
    static boolean isCommonEnglish(String word) {
        return Dictionaries.SPELLERS.stream().anyMatch(s -> s.isInDictionary(word) && s.getFrequency(word) >= COMMON_FREQUENCY);
    }

    /** The frequency from which a word counts as common; measured on the evaluation sets, where 10 would keep "risky" from being read as "risk". */
    private static final int COMMON_FREQUENCY = 11;

    /** Loaded once, on first use (about 50 ms). */
    private static final class Dictionaries {
        static final java.util.List<morfologik.speller.Speller> SPELLERS = java.util.stream.Stream.of("en_US", "en_GB").map(Dictionaries::load).toList();

        private static morfologik.speller.Speller load(String locale) {
            try {
                return new morfologik.speller.Speller(morfologik.stemming.Dictionary.read(
                        Spelling.class.getResource("/org/languagetool/resource/en/hunspell/" + locale + ".dict")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
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
