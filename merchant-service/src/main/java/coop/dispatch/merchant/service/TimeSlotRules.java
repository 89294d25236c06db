package coop.dispatch.merchant.service;

import coop.dispatch.commons.problem.Problem;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CoopCycle's time slot rules, as its shop plugins apply them when they offer delivery windows: each opening-hours
 * entry is a window on its days; a window is offered if it starts more than {@code priorNotice} from now; windows are
 * offered for the next {@code interval} days that have any. A requested window must lie within one offered window.
 *
 * <p>Durations are written as the plugins pass them to PHP's {@code DateTime::modify}: "2 days", "1 hour",
 * "90 minutes"; ISO-8601 ("P2D", "PT1H") is read too.
 */
public record TimeSlotRules(String name, Duration interval, Duration priorNotice, List<Hours> hours) {
    private static final Pattern AMOUNT = Pattern.compile("(?i)\\s*\\+?(\\d{1,7})\\s*(minute|min|hour|day|week)s?\\s*");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");

    /** One opening-hours entry: a window from {@code opens} to {@code closes} on each of {@code days}. */
    public record Hours(LocalTime opens, LocalTime closes, List<DayOfWeek> days) {
    }

    /** Reads "2 days", "1 hour", "30 minutes", "1 week" or an ISO-8601 duration; null if it is neither. */
    public static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = AMOUNT.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "minute", "min" -> Duration.ofMinutes(n);
                case "hour" -> Duration.ofHours(n);
                case "day" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        try {
            String iso = text.strip().toUpperCase(Locale.ROOT);
            if (iso.matches("P\\d+W")) {
                return Duration.ofDays(7 * Long.parseLong(iso.substring(1, iso.length() - 1)));
            }
            return Duration.parse(iso);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** The way CoopCycle writes a duration, which PHP's DateTime::modify reads back: "2 days", "1 hour". */
    public static String format(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return plural(minutes / (24 * 60), "day");
        }
        return minutes % 60 == 0 ? plural(minutes / 60, "hour") : plural(minutes, "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** "09:30", "9:30" or "09:30:00"; null if none of them. */
    public static LocalTime clock(String text) {
        Matcher m = text == null ? null : CLOCK.matcher(text.strip());
        if (m == null || !m.matches()) {
            return null;
        }
        try {
            return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** "Monday", "monday", "Mo", "Mon" or schema.org's "http://schema.org/Monday"; null if none of them. */
    public static DayOfWeek day(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        t = t.substring(t.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (t.length() >= 2 && full.startsWith(t)) {
                return d;
            }
        }
        return null;
    }

    public static String dayName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /**
     * Why the window [start, end) (local times in {@code zone}) cannot be chosen at {@code now}, or null if it can.
     * {@code grace} is how much later than the customer's choice the order may reach us (a shop sends the delivery
     * when the order is paid, not when the window was chosen), taken off the prior notice.
     */
    public String refusal(ZonedDateTime start, ZonedDateTime end, Instant now, ZoneId zone, Duration grace) {
        LocalDate day = start.toLocalDate();
        if (!end.toLocalDate().equals(day) && !(end.toLocalTime().equals(LocalTime.MIDNIGHT)
                && end.toLocalDate().equals(day.plusDays(1)))) {
            return "must start and end on the same day";
        }
        LocalTime from = start.toLocalTime();
        LocalTime to = end.toLocalTime().equals(LocalTime.MIDNIGHT) ? LocalTime.MAX : end.toLocalTime();
        boolean open = hours.stream().anyMatch(h -> h.days().contains(day.getDayOfWeek())
                && !from.isBefore(h.opens()) && !to.isAfter(closes(h)));
        if (!open) {
            return "is outside the opening hours of time slot '" + name + "' (" + describe() + ", " + zone + ")";
        }
        Instant earliest = now.plus(priorNotice).minus(grace);
        if (!start.toInstant().isAfter(earliest)) {
            return "starts too soon: time slot '" + name + "' needs " + format(priorNotice) + " of notice";
        }
        LocalDate last = lastDay(now, zone);
        if (last == null || day.isAfter(last)) {
            return "is too far ahead: time slot '" + name + "' offers the next " + format(interval)
                    + " with openings" + (last == null ? "" : ", until " + last);
        }
        return null;
    }

    /** The last day on which windows are offered: the interval's n-th day (from today) that has a window left. */
    LocalDate lastDay(Instant now, ZoneId zone) {
        long days = Math.max(1, interval.toDays());
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        int found = 0;
        for (int i = 0; i < 366; i++, day = day.plusDays(1)) {
            LocalDate d = day;
            boolean any = hours.stream().anyMatch(h -> h.days().contains(d.getDayOfWeek())
                    && d.atTime(h.opens()).atZone(zone).toInstant().isAfter(now.plus(priorNotice)));
            if (any && ++found == days) {
                return d;
            }
        }
        return null;
    }

    private static LocalTime closes(Hours h) {
        return h.closes().equals(LocalTime.MIDNIGHT) ? LocalTime.MAX : h.closes();
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        for (Hours h : hours) {
            parts.add(h.days().stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).toList()
                    + " " + h.opens() + "-" + h.closes());
        }
        return String.join(", ", parts);
    }

    /** Checks a time slot as a coordinator writes it; adds what is wrong to {@code problems} under {@code field}. */
    public static TimeSlotRules parse(String field, String name, String interval, String priorNotice,
                                      List<RawHours> hours, List<Problem.Violation> problems) {
        int before = problems.size();
        if (name == null || name.isBlank() || name.length() > 200) {
            problems.add(new Problem.Violation(field + ".name", "is required (at most 200 characters)"));
        }
        Duration i = interval == null ? Duration.ofDays(2) : duration(interval);
        if (i == null || i.toMinutes() < 1 || i.toDays() > 365) {
            problems.add(new Problem.Violation(field + ".interval",
                    "must be a duration such as '2 days' or 'P2D', at most a year"));
        }
        Duration n = priorNotice == null || priorNotice.isBlank() ? Duration.ZERO : duration(priorNotice);
        if (n == null || n.isNegative() || n.toDays() > 60) {
            problems.add(new Problem.Violation(field + ".priorNotice",
                    "must be a duration such as '1 hour' or 'PT1H', at most 60 days"));
        }
        List<Hours> parsed = new ArrayList<>();
        if (hours == null || hours.isEmpty() || hours.size() > 200) {
            problems.add(new Problem.Violation(field + ".openingHoursSpecification", "must list 1 to 200 entries"));
        } else {
            for (int k = 0; k < hours.size(); k++) {
                String at = field + ".openingHoursSpecification[" + k + "]";
                RawHours h = hours.get(k);
                if (h == null) {
                    problems.add(new Problem.Violation(at, "must not be null"));
                    continue;
                }
                LocalTime opens = clock(h.opens());
                LocalTime closes = clock(h.closes());
                if (opens == null) {
                    problems.add(new Problem.Violation(at + ".opens", "must be a time HH:mm"));
                }
                if (closes == null) {
                    problems.add(new Problem.Violation(at + ".closes", "must be a time HH:mm"));
                }
                if (opens != null && closes != null && !closes.equals(LocalTime.MIDNIGHT) && !closes.isAfter(opens)) {
                    problems.add(new Problem.Violation(at + ".closes", "must be later than opens"));
                }
                List<DayOfWeek> days = new ArrayList<>();
                if (h.dayOfWeek() == null || h.dayOfWeek().isEmpty()) {
                    problems.add(new Problem.Violation(at + ".dayOfWeek", "must list at least one day"));
                } else {
                    for (String d : h.dayOfWeek()) {
                        DayOfWeek day = day(d);
                        if (day == null) {
                            problems.add(new Problem.Violation(at + ".dayOfWeek",
                                    "unknown day '" + d + "'; days are Monday ... Sunday"));
                        } else if (!days.contains(day)) {
                            days.add(day);
                        }
                    }
                }
                parsed.add(new Hours(opens, closes, days));
            }
        }
        return problems.size() > before ? null : new TimeSlotRules(name.strip(), i, n, List.copyOf(parsed));
    }

    /** An opening-hours entry as written (CoopCycle's OpeningHoursSpecification). */
    public record RawHours(String opens, String closes, List<String> dayOfWeek) {
    }
}
