package coop.dispatch.geocoder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A free-text address taken apart: which words name the street, which token is the house number, which the postcode
 * and which name the city or a part of it. Works on comparable tokens ({@link AddressText}) and on what the map knows
 * (its postcodes and place names), not on a fixed order: "Vinohradská 12, 120 00 Praha", "12 Vinohradská",
 * "Praha 2, Vinohradská 1511/12" and "vinohradska 12 12000" all give street "vinohradska" and number "12" or
 * "1511/12".
 *
 * @param street   the street's comparable text; empty if none was found
 * @param number   the house number (comparable form), or null
 * @param postcode the postcode (comparable form), or null
 * @param places   city and place names found in the query (comparable form)
 */
public record ParsedQuery(String street, String number, String postcode, List<String> places) {
    private static final Pattern NUMBER = Pattern.compile("(ev)?\\d{1,6}[a-z]{0,2}([/-]\\d{1,6}[a-z]{0,2})?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern LETTER = Pattern.compile("[a-z]");
    private static final Pattern SEGMENTS = Pattern.compile("[,;|\\n]+");
    private static final int LONGEST_PLACE = 3;
    /** Words people put before a house number, left out: "Nr. 5", "No 5", "č. p. 5". */
    private static final Set<String> NUMBER_PREFIXES = Set.of("nr", "no", "cp", "cislo");

    /** What the map knows of the cities searched: their postcodes and the names of their places. */
    public record Vocabulary(Set<String> postcodes, Set<String> places) {
    }

    public boolean hasStreet() {
        return !street.isEmpty();
    }

    public static ParsedQuery parse(String text, AddressText normalizer, Vocabulary vocabulary) {
        List<List<String>> segments = new ArrayList<>();
        for (String segment : SEGMENTS.split(text == null ? "" : text)) {
            List<String> tokens = joinLetters(normalizer.tokens(segment));
            if (!tokens.isEmpty()) {
                segments.add(tokens);
            }
        }
        String postcode = takePostcode(segments, vocabulary);
        List<String> places = new ArrayList<>();
        int streetSegment = -1;
        int mostWords = -1;
        for (int i = 0; i < segments.size(); i++) {
            int words = streetWords(segments.get(i), vocabulary);
            if (words > mostWords) {
                mostWords = words;
                streetSegment = i;
            }
        }
        String number = null;
        List<String> street = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            List<String> tokens = new ArrayList<>(segments.get(i));
            if (i != streetSegment) {
                collectPlaces(tokens, vocabulary, places);
                continue;
            }
            stripPlaces(tokens, vocabulary, places);
            if (!tokens.isEmpty() && NUMBER.matcher(tokens.get(tokens.size() - 1)).matches() && tokens.size() > 1) {
                number = tokens.remove(tokens.size() - 1);
            } else if (!tokens.isEmpty() && NUMBER.matcher(tokens.get(0)).matches() && tokens.size() > 1) {
                number = tokens.remove(0);
            } else {
                // "Klapkova 10 Praha Czechia": the number after the street's words; what follows it is not the street.
                for (int t = 1; t < tokens.size(); t++) {
                    if (NUMBER.matcher(tokens.get(t)).matches() && !NUMBER.matcher(tokens.get(t - 1)).matches()) {
                        number = tokens.get(t);
                        collectPlaces(new ArrayList<>(tokens.subList(t + 1, tokens.size())), vocabulary, places);
                        tokens.subList(t, tokens.size()).clear();
                        break;
                    }
                }
            }
            street.addAll(tokens);
        }
        if (number == null) {
            // "Vinohradská, 12": the number alone in a segment of its own.
            for (int i = 0; i < segments.size() && number == null; i++) {
                List<String> tokens = segments.get(i);
                if (i != streetSegment && tokens.size() == 1 && NUMBER.matcher(tokens.get(0)).matches()) {
                    number = tokens.get(0);
                }
            }
        }
        if (street.size() == 1 && NUMBER.matcher(street.get(0)).matches() && number == null) {
            number = street.remove(0);
        }
        return new ParsedQuery(String.join(" ", street), number, postcode, List.copyOf(places));
    }

    /**
     * "12 a" → "12a"; "ev. 42" → "ev42" (a Czech evidence number, mapped as "ev.42"); "Nr. 5", "č. p. 5" → "5".
     */
    private static List<String> joinLetters(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean numberNext = i + 1 < tokens.size() && DIGITS.matcher(tokens.get(i + 1)).matches();
            int last = out.size() - 1;
            if (last >= 0 && LETTER.matcher(t).matches() && DIGITS.matcher(out.get(last)).matches()) {
                out.set(last, out.get(last) + t);
            } else if (t.equals("ev") && i + 1 < tokens.size() && NUMBER.matcher(tokens.get(i + 1)).matches()) {
                out.add(t + tokens.get(++i));
            } else if (!(numberNext && NUMBER_PREFIXES.contains(t) && i > 0)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Finds and removes the postcode: a known one (also written in two parts, "120 00"), or five digits or more. */
    private static String takePostcode(List<List<String>> segments, Vocabulary vocabulary) {
        int numbers = 0;
        for (List<String> tokens : segments) {
            for (String t : tokens) {
                if (NUMBER.matcher(t).matches()) {
                    numbers++;
                }
            }
        }
        for (List<String> tokens : segments) {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                String joined = tokens.get(i) + tokens.get(i + 1);
                if (DIGITS.matcher(tokens.get(i)).matches() && DIGITS.matcher(tokens.get(i + 1)).matches()
                        && vocabulary.postcodes().contains(joined)) {
                    tokens.remove(i + 1);
                    tokens.remove(i);
                    return joined;
                }
            }
        }
        // A known postcode first ("4000-322" as well), then five digits or more that the map does not know.
        for (boolean known : new boolean[]{true, false}) {
            for (List<String> tokens : segments) {
                for (int i = 0; i < tokens.size(); i++) {
                    String t = known ? tokens.get(i).replace("-", "") : tokens.get(i);
                    boolean postcode = known ? vocabulary.postcodes().contains(t) && t.length() >= 4
                            : DIGITS.matcher(t).matches() && t.length() >= 5;
                    if (postcode && (numbers > 1 || t.length() >= 5)) {
                        tokens.remove(i);
                        return t;
                    }
                }
            }
        }
        return null;
    }

    private static int streetWords(List<String> tokens, Vocabulary vocabulary) {
        List<String> copy = new ArrayList<>(tokens);
        stripPlaces(copy, vocabulary, new ArrayList<>());
        List<String> words = new ArrayList<>();
        boolean numbered = false;
        for (String t : copy) {
            if (!NUMBER.matcher(t).matches()) {
                words.add(t);
            } else if (!words.isEmpty() || copy.size() > 1) {
                numbered = true;
            }
        }
        // A segment that only names a place ("Praha 2", "Prague") is not the street's; one with a house number next
        // to its words ("Klapkova 10") rather is than a longer one without ("Czech Republic").
        if (words.isEmpty() || vocabulary.places().contains(String.join(" ", words))) {
            return 0;
        }
        return words.size() + (numbered ? 2 : 0);
    }

    /** Place names at the end or the start of the street's segment ("..., Praha 2", "Praha Vinohradská 12"). */
    private static void stripPlaces(List<String> tokens, Vocabulary vocabulary, Collection<String> places) {
        boolean stripped = true;
        while (stripped && tokens.size() > 1) {
            stripped = false;
            // a district number after a place name: "Praha 2"
            int end = tokens.size();
            if (end >= 2 && DIGITS.matcher(tokens.get(end - 1)).matches() && tokens.get(end - 1).length() <= 2
                    && vocabulary.places().contains(tokens.get(end - 2)) && end > 2) {
                places.add(tokens.get(end - 2));
                tokens.remove(end - 1);
                tokens.remove(end - 2);
                stripped = true;
                continue;
            }
            for (int n = Math.min(LONGEST_PLACE, tokens.size() - 1); n >= 1 && !stripped; n--) {
                String tail = String.join(" ", tokens.subList(tokens.size() - n, tokens.size()));
                if (vocabulary.places().contains(tail) && hasWord(tokens.subList(0, tokens.size() - n))) {
                    places.add(tail);
                    tokens.subList(tokens.size() - n, tokens.size()).clear();
                    stripped = true;
                }
            }
            for (int n = Math.min(LONGEST_PLACE, tokens.size() - 1); n >= 1 && !stripped; n--) {
                String head = String.join(" ", tokens.subList(0, n));
                if (vocabulary.places().contains(head) && hasWord(tokens.subList(n, tokens.size()))) {
                    places.add(head);
                    tokens.subList(0, n).clear();
                    stripped = true;
                }
            }
        }
    }

    private static boolean hasWord(List<String> tokens) {
        for (String t : tokens) {
            if (!NUMBER.matcher(t).matches()) {
                return true;
            }
        }
        return false;
    }

    private static void collectPlaces(List<String> tokens, Vocabulary vocabulary, Collection<String> places) {
        String all = String.join(" ", tokens);
        if (vocabulary.places().contains(all)) {
            places.add(all);
            return;
        }
        for (String t : tokens) {
            if (vocabulary.places().contains(t)) {
                places.add(t);
            }
        }
    }
}
