package dev.sightline.mcp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * A tool name as the policy reads it: the words a model would read, whatever the server did to hide
 * them. Compatibility forms (fullwidth, mathematical letters) fold to plain letters (NFKC), invisible
 * and control characters go, letters from other alphabets that look like Latin ones become those
 * Latin letters (the confusable skeleton of UTS #39), and every naming style splits into words.
 */
final class ToolName {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    // SpoofChecker is immutable once built; getSkeleton is safe from any thread.
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private static final Pattern PARTS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern CASE_AND_DIGIT_BOUNDARIES = Pattern.compile(
            "(?<=[\\p{Ll}\\p{N}])(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})|(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})");

    /** The name as the server sent it. */
    final String shown;
    /** Lower-case words, noun compounds joined ("dry-run"). */
    final List<String> words;
    /** Set when the name disguises letters: the first look-alike found, e.g. "'е' (Cyrillic) for 'e'". */
    final Optional<String> disguise;
    /** Set when letters of more than one alphabet are mixed, e.g. "Cyrillic and Latin". */
    final Optional<String> mixedScripts;

    private ToolName(String shown, List<String> words, Optional<String> disguise, Optional<String> mixedScripts) {
        this.shown = shown;
        this.words = words;
        this.disguise = disguise;
        this.mixedScripts = mixedScripts;
    }

    static ToolName of(String raw) {
        String shown = raw == null ? "" : raw;
        Folding folding = new Folding(shown);
        Optional<String> mixed = folding.scripts.size() > 1 ? Optional.of(String.join(" and ", folding.scripts)) : Optional.empty();
        return new ToolName(shown, compounds(split(lettersForSigns(folding.text))), Optional.ofNullable(folding.disguise), mixed);
    }

    /** Any text as the policy reads it: compatibility forms folded, invisibles gone, look-alikes made Latin. */
    static String fold(String text) {
        return new Folding(text).text;
    }

    private static final class Folding {
        final String text;
        String disguise;
        final TreeSet<String> scripts = new TreeSet<>();

        Folding(String raw) {
            String compatible = NFKC.normalize(raw);
            StringBuilder folded = new StringBuilder(compatible.length());
            for (int i = 0; i < compatible.length(); ) {
                int cp = compatible.codePointAt(i);
                i += Character.charCount(cp);
                if (invisible(cp)) {
                    continue;
                }
                if (UCharacter.isLetter(cp)) {
                    int script = UScript.getScript(cp);
                    if (script != UScript.COMMON && script != UScript.INHERITED) {
                        scripts.add(UScript.getName(script));
                    }
                }
                if (cp < 0x80) {
                    folded.appendCodePoint(cp);
                    continue;
                }
                int type = UCharacter.getType(cp);
                if (type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.ENCLOSING_MARK) {
                    // A mark left over after NFKC decorates a letter it could not combine with.
                    if (disguise == null) {
                        disguise = "a mark stacked on a letter";
                    }
                    continue;
                }
                String latin = latinLookAlike(cp);
                if (latin == null) {
                    folded.appendCodePoint(cp);
                    continue;
                }
                if (disguise == null && UCharacter.isLetterOrDigit(cp)) {
                    disguise = "'" + new String(Character.toChars(cp)) + "' (" + UScript.getName(UScript.getScript(cp)) + ") for '" + latin + "'";
                }
                folded.append(latin);
            }
            text = folded.toString();
        }
    }

    /** Format and control characters, and everything Unicode says to render as nothing; line breaks stay. */
    private static boolean invisible(int cp) {
        if (cp == '\n' || cp == '\r' || cp == '\t') {
            return false;
        }
        int type = UCharacter.getType(cp);
        return type == UCharacterCategory.FORMAT || type == UCharacterCategory.CONTROL
                || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                || UCharacter.hasBinaryProperty(cp, UProperty.VARIATION_SELECTOR);
    }

    /**
     * The plain ASCII a non-ASCII character passes for (Cyrillic 'е' for 'e', 'é' for 'e', the hyphen
     * U+2010 for '-'), or null when it resembles nothing in ASCII. Only non-ASCII characters are mapped:
     * the skeleton also maps ASCII to ASCII ("rn" to "m", "0" to "O"), which would change honest names.
     */
    private static String latinLookAlike(int cp) {
        String skeleton = NFD.normalize(SPOOF.getSkeleton(new String(Character.toChars(cp))));
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < skeleton.length(); ) {
            int c = skeleton.codePointAt(i);
            i += Character.charCount(c);
            int type = UCharacter.getType(c);
            if (type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.ENCLOSING_MARK) {
                continue;
            }
            if (c >= 0x80) {
                return null;
            }
            plain.appendCodePoint(c);
        }
        return plain.isEmpty() ? null : plain.toString();
    }

    /** '|', '@' and '$' between two letters stand for letters (de|ete, dr@ft), not for a separator. */
    private static String lettersForSigns(CharSequence name) {
        StringBuilder out = new StringBuilder(name);
        for (int i = 1; i < out.length() - 1; i++) {
            char c = out.charAt(i);
            String letter = c == '|' || c == '@' || c == '$' ? Lexicon.LEET.get(c) : null;
            if (letter != null && Character.isLetter(out.charAt(i - 1)) && Character.isLetter(out.charAt(i + 1))) {
                out.setCharAt(i, letter.charAt(0));
            }
        }
        return out.toString();
    }

    /** create-rule, createRule, CreateRULE, rules_create, bulk.delete/rules, v2Delete: lower-case words. */
    static List<String> split(String name) {
        List<String> words = new ArrayList<>();
        for (String part : PARTS.split(name)) {
            for (String word : CASE_AND_DIGIT_BOUNDARIES.split(part)) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }

    private static List<String> compounds(List<String> words) {
        List<String> joined = new ArrayList<>();
        int longest = Lexicon.NOUN_COMPOUNDS.keySet().stream().mapToInt(List::size).max().orElse(1);
        for (int i = 0; i < words.size(); ) {
            String match = null;
            int length = 0;
            for (int n = Math.min(longest, words.size() - i); n >= 1 && match == null; n--) {
                match = Lexicon.NOUN_COMPOUNDS.get(words.subList(i, i + n));
                length = n;
            }
            if (match != null) {
                joined.add(match);
                i += length;
            } else {
                joined.add(words.get(i));
                i++;
            }
        }
        return List.copyOf(joined);
    }

    /**
     * A write, execute or secret word spelled across several short pieces (de_lete, DeLeTe, d3l3te,
     * to-ken), or null. At least one piece must be a fragment no lexicon knows, so that ordinary
     * neighbours (sign_up_date) are left alone.
     */
    String splitWord() {
        for (int from = 0; from < words.size(); from++) {
            StringBuilder joined = new StringBuilder();
            boolean fragment = false;
            for (int to = from; to < Math.min(words.size(), from + 5); to++) {
                String piece = words.get(to);
                joined.append(piece);
                fragment |= fragment(piece);
                if (to > from && fragment) {
                    for (String candidate : readings(joined.toString())) {
                        if (hiddenTarget(candidate)) {
                            return candidate;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static boolean fragment(String piece) {
        return piece.chars().allMatch(Character::isDigit) || piece.length() <= 3 && !Lexicon.KNOWN.contains(piece);
    }

    private static boolean hiddenTarget(String word) {
        return (Lexicon.WRITE.contains(word) && !Lexicon.NOUN_TOO.contains(word)) || Lexicon.EXECUTE.contains(word)
                || Lexicon.SECRET.contains(word);
    }

    /** The words a run of letters and digits can be read as, digits taken for the letters they resemble. */
    private static List<String> readings(String joined) {
        List<String> readings = List.of("");
        for (char c : joined.toCharArray()) {
            String letters = Character.isDigit(c) ? Lexicon.LEET.getOrDefault(c, String.valueOf(c)) : String.valueOf(c);
            List<String> next = new ArrayList<>();
            for (String prefix : readings) {
                for (char letter : letters.toCharArray()) {
                    next.add(prefix + letter);
                }
            }
            if (next.size() > 16) {
                return List.of(joined);
            }
            readings = next;
        }
        return readings;
    }

    @Override
    public String toString() {
        return shown + " " + words;
    }
}
