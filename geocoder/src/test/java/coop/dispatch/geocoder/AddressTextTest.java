package coop.dispatch.geocoder;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Text as the geocoder compares it, on both sides: the map's names and what people type. */
class AddressTextTest {
    private final AddressText text = AddressText.standard();

    @Test
    void caseDiacriticsAndPunctuationDoNotMatter() {
        assertSame("Vinohradská", "VINOHRADSKA", "Ďáblická", "dablicka", "Rua de Santa Catarina",
                "rua  de santa-catarina");
        assertNotEquals(text.normalize("Vinohradská"), text.normalize("Vinohrady"));
    }

    @Test
    void abbreviationsOfTheTableMeetTheirFullForms() {
        assertSame("Hauptstraße", "Hauptstr.", "Hauptstraße", "hauptstrasse", "Berliner Straße", "Berliner Str.",
                "náměstí Míru", "nám. Míru", "Vinohradská třída", "Vinohradská tř.",
                "Avenida dos Aliados", "Av. Aliados", "Travessa do Carregal", "Trav. Carregal",
                "Rua de Cedofeita", "R. Cedofeita",
                // "ul." (ulice) is a filler: "ul. Klapkova" is Klapkova
                "Klapkova", "ul. Klapkova",
                // one typo in a long suffix
                "Hauptstraße", "Haupttsraße", "Hauptstraße", "Hauptstrase");
    }

    /** Pairs of texts that must compare equal. */
    private void assertSame(String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            assertEquals(text.normalize(pairs[i]), text.normalize(pairs[i + 1]), pairs[i] + " / " + pairs[i + 1]);
        }
    }

    @Test
    void numbersKeepTheirSlashAndRangeAndPostcodesLoseTheirSpaces() {
        assertEquals(List.of("vinohradska", "1511/12"), text.tokens("Vinohradská 1511/12"));
        assertEquals("3-5", AddressText.number("3-5"));
        assertEquals("12a", AddressText.number("12 A"));
        assertEquals("12000", AddressText.postcode("120 00"));
        assertEquals("4000322", AddressText.postcode("4000-322"));
        assertNull(AddressText.postcode("  "));
    }

    @Test
    void everyRowOfTheTableIsUsable() {
        for (AddressText.Abbreviation a : text.abbreviations()) {
            for (String written : a.written()) {
                if (!a.dropped() && !a.suffix()) {
                    assertEquals(a.canonical(), text.normalize(written), written);
                }
            }
            if (!a.dropped() && !a.suffix()) {
                for (String full : a.full()) {
                    assertEquals(a.canonical(), text.normalize(full), full);
                }
            }
        }
        assertEquals(Set.of(), Set.copyOf(text.tokens("")));
    }
}
