package coop.dispatch.geocoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the geocoder compares address text: lower case, no diacritics, no punctuation, and every abbreviation of the
 * table {@code abbreviations.tsv} brought to one canonical token. The same function runs on the map's names at import
 * and on queries, so the two always agree (which is why this is Java rather than PostgreSQL's unaccent: one definition
 * for both sides, and immutable, so the normalised columns can be indexed).
 */
public final class AddressText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** "/" and "-" survive only between digits: Czech numbers (1511/12), ranges (3-5), postcodes (4000-322). */
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9/-]+|(?<![0-9])[/-]+|[/-]+(?![0-9])");
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final String DROP = "!";

    private static final AddressText DEFAULT = load();

    private final Map<String, String> words;
    private final Map<String, String> suffixes;
    private final List<Abbreviation> abbreviations;

    /**
     * One row of the table.
     *
     * @param canonical the token every form becomes ("!" = dropped; a leading "-" = a suffix of compound words)
     * @param written   how people write it short, e.g. "nám."
     * @param full      how the map writes it, e.g. "náměstí"
     */
    public record Abbreviation(String canonical, List<String> written, List<String> full) {
        public boolean suffix() {
            return canonical.startsWith("-");
        }

        public boolean dropped() {
            return canonical.equals(DROP);
        }
    }

    private AddressText(List<Abbreviation> abbreviations) {
        this.abbreviations = List.copyOf(abbreviations);
        Map<String, String> w = new HashMap<>();
        Map<String, String> s = new LinkedHashMap<>();
        for (Abbreviation a : abbreviations) {
            List<String> forms = new ArrayList<>(a.written());
            forms.addAll(a.full());
            forms.add(a.canonical());
            for (String form : forms) {
                String key = fold(form.replace("-", ""));
                if (key.isEmpty()) {
                    continue;
                }
                if (a.suffix()) {
                    s.put(key, a.canonical().substring(1));
                } else {
                    w.putIfAbsent(key, a.canonical());
                }
            }
        }
        this.words = Map.copyOf(w);
        this.suffixes = s;
    }

    public static AddressText standard() {
        return DEFAULT;
    }

    public List<Abbreviation> abbreviations() {
        return abbreviations;
    }

    /** Lower case, diacritics and punctuation removed, single spaces; no abbreviation handling. */
    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text.toLowerCase(Locale.ROOT)
                .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
                .replace("ł", "l").replace("đ", "d").replace("þ", "th").replace("ı", "i");
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = NOT_WORD.matcher(s).replaceAll(" ");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    /** The comparable form of a street, place or query: folded, abbreviations canonical, fillers left out. */
    public String normalize(String text) {
        return String.join(" ", tokens(text));
    }

    /** The comparable tokens of a text (see {@link #normalize}). */
    public List<String> tokens(String text) {
        String folded = fold(text);
        if (folded.isEmpty()) {
            return List.of();
        }
        String[] raw = folded.split(" ");
        List<String> out = new ArrayList<>(raw.length);
        for (String token : raw) {
            String canonical = canonical(token);
            if (!canonical.equals(DROP)) {
                out.add(canonical);
            }
        }
        // A name made only of fillers keeps them (e.g. a street called "Do"): something must remain to compare.
        return out.isEmpty() ? List.of(raw) : out;
    }

    private String canonical(String token) {
        String word = words.get(token);
        if (word != null) {
            return word;
        }
        for (Map.Entry<String, String> suffix : suffixes.entrySet()) {
            String end = suffix.getKey();
            if (token.length() > end.length() + 2 && token.endsWith(end)) {
                return token.substring(0, token.length() - end.length()) + suffix.getValue();
            }
        }
        // A typo in a long suffix ("Haupttsraße", "Hauptstrase") still makes it the suffix.
        for (Map.Entry<String, String> suffix : suffixes.entrySet()) {
            String end = suffix.getKey();
            if (end.length() < 6) {
                continue;
            }
            for (int length : new int[]{end.length(), end.length() - 1, end.length() + 1}) {
                if (token.length() > length + 2 && !token.endsWith(suffix.getValue())
                        && editDistance(token.substring(token.length() - length), end) <= 1) {
                    return token.substring(0, token.length() - length) + suffix.getValue();
                }
            }
        }
        return token;
    }

    /** Edits (insert, delete, replace, swap two neighbours) from one text to the other. */
    public static int editDistance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }

    /** A number as compared: lower case, no spaces ("12 A" → "12a"); null stays null. */
    public static String number(String text) {
        if (text == null) {
            return null;
        }
        String s = fold(text).replace(" ", "");
        return s.isEmpty() ? null : s;
    }

    /** A postcode as compared: letters and digits only ("120 00" → "12000", "4000-322" → "4000322"). */
    public static String postcode(String text) {
        if (text == null) {
            return null;
        }
        String s = fold(text).replace(" ", "").replace("/", "").replace("-", "");
        return s.isEmpty() ? null : s;
    }

    private static AddressText load() {
        var in = Objects.requireNonNull(AddressText.class.getResourceAsStream("abbreviations.tsv"),
                "abbreviations.tsv missing");
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Abbreviation> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 3) {
                    throw new IllegalStateException("abbreviations.tsv: 3 tab-separated columns expected: " + line);
                }
                rows.add(new Abbreviation(cols[0].strip(), list(cols[1]), list(cols[2])));
            }
            return new AddressText(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String column) {
        List<String> out = new ArrayList<>();
        for (String s : column.split(",")) {
            if (!s.isBlank() && !s.strip().equals("-")) {
                out.add(s.strip());
            }
        }
        return List.copyOf(out);
    }
}
