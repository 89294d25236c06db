package coop.dispatch.geocoder;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Taking free-text addresses apart, whatever the order and whatever is missing. */
class ParsedQueryTest {
    private static final ParsedQuery.Vocabulary PRAGUE = new ParsedQuery.Vocabulary(Set.of("12000", "18200"),
            Set.of("praha", "prague", "prag", "kobylisy", "nove mesto"));
    private final AddressText text = AddressText.standard();

    private ParsedQuery parse(String q) {
        return ParsedQuery.parse(q, text, PRAGUE);
    }

    @Test
    void theUsualForm() {
        ParsedQuery q = parse("Vinohradská 1511/12, 120 00 Praha");
        assertEquals("vinohradska", q.street());
        assertEquals("1511/12", q.number());
        assertEquals("12000", q.postcode());
        assertEquals(List.of("praha"), q.places());
    }

    @Test
    void anyOrderAndAnythingMissing() {
        for (String form : List.of("12 Vinohradská", "vinohradska 12", "Vinohradská 12 12000 Praha",
                "Praha 2, Vinohradská 12", "Vinohradská, 12", "VINOHRADSKÁ 12, Prague", "Vinohradská 12 Kobylisy",
                "Praha Vinohradská 12", "Vinohradská Nr. 12", "Vinohradská 12, Praha, Czech Republic",
                "Vinohradská 12 Praha Czechia")) {
            ParsedQuery q = parse(form);
            assertEquals("vinohradska", q.street(), form);
            assertEquals("12", q.number(), form);
        }
    }

    @Test
    void numbersInsideStreetNamesStayThere() {
        ParsedQuery q = parse("28. října 377/5, 110 00 Praha");
        assertEquals("28 rijna", q.street());
        assertEquals("377/5", q.number());
        ParsedQuery first = parse("377/5 28. října");
        assertEquals("28 rijna", first.street());
        assertEquals("377/5", first.number());
    }

    @Test
    void lettersRangesAndEvidenceNumbers() {
        assertEquals("12a", parse("Klapkova 12 a").number());
        assertEquals("3-5", parse("Albert-Ueberle-Straße 3-5").number());
        assertEquals("ev42", parse("U větrolamu ev.42").number());
        ParsedQuery evidence = parse("ev.99/47 U větrolamu, 18400 Praha");
        assertEquals("ev99/47", evidence.number());
        assertEquals("u vetrolamu", evidence.street());
    }

    @Test
    void anUnknownFiveDigitNumberIsAPostcodeButAHouseNumberRangeIsNot() {
        ParsedQuery q = parse("Klapkova 10, 18299 Praha");
        assertEquals("10", q.number());
        assertEquals("18299", q.postcode());
        ParsedQuery range = parse("Im Neuenheimer Feld 234-236, 69120 Heidelberg");
        assertEquals("234-236", range.number());
        assertEquals("69120", range.postcode());
    }

    @Test
    void nothingToSearchForIsNoStreet() {
        assertFalse(parse("").hasStreet());
        assertFalse(parse("12").hasStreet());
        assertFalse(parse("!!! ???").hasStreet());
        assertNull(parse("Praha").number());
        assertTrue(parse("Kobylisy").hasStreet(), "a lone place name is searched as such");
    }
}
