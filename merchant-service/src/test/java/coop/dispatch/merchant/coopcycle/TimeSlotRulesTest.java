package coop.dispatch.merchant.coopcycle;

import coop.dispatch.commons.problem.Problem;
import coop.dispatch.merchant.service.TimeSlotRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time slot rules against the WooCommerce plugin's own test cases (wordpress/tests/ShippingDatesTest.php): the
 * windows it offers are accepted, the ones it does not offer are refused.
 */
class TimeSlotRulesTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    static TimeSlotRules rules(String priorNotice) {
        List<Problem.Violation> problems = new ArrayList<>();
        TimeSlotRules r = TimeSlotRules.parse("t", "Evenings", "2 days", priorNotice, List.of(
                new TimeSlotRules.RawHours("18:00:00", "19:00:00", List.of("Tuesday", "Thursday")),
                new TimeSlotRules.RawHours("19:00:00", "20:30:00", List.of("Tuesday", "Thursday"))), problems);
        assertEquals(List.of(), problems);
        return r;
    }

    static ZonedDateTime t(String local) {
        return LocalDateTime.parse(local).atZone(ZONE);
    }

    static String refusal(TimeSlotRules r, String start, String end, String now) {
        return r.refusal(t(start), t(end), t(now).toInstant(), ZONE, Duration.ZERO);
    }

    @Test
    void acceptsExactlyTheWindowsThePluginOffers() {
        // testTimeSlotToDatePeriods: at 2019-12-18 12:00 the plugin offers Thu 19th and Tue 24th, both windows.
        TimeSlotRules r = rules(null);
        String now = "2019-12-18T12:00";
        assertNull(refusal(r, "2019-12-19T18:00", "2019-12-19T19:00", now));
        assertNull(refusal(r, "2019-12-19T19:00", "2019-12-19T20:30", now));
        assertNull(refusal(r, "2019-12-24T18:00", "2019-12-24T19:00", now));
        assertNull(refusal(r, "2019-12-24T19:30", "2019-12-24T20:00", now), "a part of a window is fine");
        assertTrue(refusal(r, "2019-12-26T18:00", "2019-12-26T19:00", now).contains("too far ahead"));
        assertTrue(refusal(r, "2019-12-20T18:00", "2019-12-20T19:00", now).contains("opening hours"), "a Friday");
        assertTrue(refusal(r, "2019-12-19T17:00", "2019-12-19T19:00", now).contains("opening hours"));
        assertTrue(refusal(r, "2019-12-19T18:30", "2019-12-19T19:30", now).contains("opening hours"),
                "across two windows");
    }

    @Test
    void priorNoticeRemovesTheWindowsStartingTooSoon() {
        // testTimeSlotToDatePeriodsWithPriorNotice: at 2019-12-19 15:30 with 3 hours, 18:00 is gone, 19:00 is not.
        TimeSlotRules r = rules("3 hours");
        String now = "2019-12-19T15:30";
        assertTrue(refusal(r, "2019-12-19T18:00", "2019-12-19T19:00", now).contains("3 hours"));
        assertNull(refusal(r, "2019-12-19T19:00", "2019-12-19T20:30", now));
        assertNull(refusal(r, "2019-12-24T19:00", "2019-12-24T20:30", now));
        assertNotNull(refusal(r, "2019-12-26T19:00", "2019-12-26T20:30", now));
        // Paid 20 minutes after choosing: a grace of 30 minutes still accepts the 18:00 window chosen at 15:00.
        assertNull(r.refusal(t("2019-12-19T18:00"), t("2019-12-19T19:00"), t("2019-12-19T15:20").toInstant(), ZONE,
                Duration.ofMinutes(30)));
    }

    @Test
    void durationsReadAsThePluginsWriteThem() {
        assertEquals(Duration.ofDays(2), TimeSlotRules.duration("2 days"));
        assertEquals(Duration.ofHours(1), TimeSlotRules.duration("1 hour"));
        assertEquals(Duration.ofMinutes(90), TimeSlotRules.duration("PT90M"));
        assertEquals(Duration.ofDays(14), TimeSlotRules.duration("P2W"));
        assertNull(TimeSlotRules.duration("soon"));
        assertEquals("2 days", TimeSlotRules.format(Duration.ofDays(2)));
        assertEquals("1 hour", TimeSlotRules.format(Duration.ofHours(1)));
        assertEquals("90 minutes", TimeSlotRules.format(Duration.ofMinutes(90)));
    }
}
