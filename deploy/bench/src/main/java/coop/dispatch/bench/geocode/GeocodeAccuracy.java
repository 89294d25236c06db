package coop.dispatch.bench.geocode;

import coop.dispatch.geocoder.AddressSearch;
import coop.dispatch.geocoder.AddressText;
import coop.dispatch.geocoder.Candidate;
import coop.dispatch.geocoder.GeocoderCity;
import coop.dispatch.geocoder.GeocoderStore;
import coop.dispatch.geocoder.ImportProgress;
import coop.dispatch.geocoder.OsmExtract;
import coop.dispatch.geocoder.OsmExtractReader;
import coop.dispatch.geocoder.SingleConnectionDataSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Geocoding accuracy on a city's own OpenStreetMap addresses (not a test: it prints figures). Samples addresses of the
 * extract (seeded), writes each as a query the way people do ("street number, postcode city") and in degraded forms,
 * geocodes every query with the geocoder's own search ({@link AddressSearch}, as merchant-service does) and reports the
 * share whose best answer lies within 25 m of the mapped position (of any, for an address mapped twice), the share the service would accept (confidence at
 * or above the threshold) and the share accepted although wrong, then latency percentiles, throughput and CPU time
 * per query (this JVM's thread plus the PostgreSQL backend, from /proc).
 * <pre>GeocodeAccuracy &lt;city-key&gt; &lt;file.osm.pbf&gt; &lt;city name&gt; &lt;aliases|-&gt; [--sample N] [--seed S]
 *     [--min-confidence C]</pre>
 * Database: MERCHANT_DB_URL / MERCHANT_DB_USER / MERCHANT_DB_PASSWORD (the script points it at merchant_test);
 * the extract is imported first unless already imported as it is.
 */
public final class GeocodeAccuracy {
    private static final double WITHIN_METRES = 25;
    private static final AddressText TEXT = AddressText.standard();

    private GeocodeAccuracy() {
    }

    /** One way of writing a sampled address; null where it does not apply (e.g. no word to abbreviate). */
    private record Form(String name, Function<Sample, String> write) {
    }

    private record Sample(OsmExtract.Address address, Random random, String cityName) {
    }

    private static final class Tally {
        int n;
        int within;
        int accepted;
        int acceptedWrong;
        final List<String> misses = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: GeocodeAccuracy <city-key> <file.osm.pbf> <city name> <aliases|-> "
                    + "[--sample N] [--seed S] [--min-confidence C]");
            System.exit(2);
        }
        String key = args[0];
        Path file = Path.of(args[1]);
        String cityName = args[2];
        List<String> aliases = args[3].equals("-") ? List.of() : List.of(args[3].split(","));
        int sampleSize = Integer.parseInt(option(args, "--sample", "1000"));
        long seed = Long.parseLong(option(args, "--seed", "42"));
        double minConfidence = Double.parseDouble(option(args, "--min-confidence", "0.5"));
        GeocoderCity city = new GeocoderCity(key, cityName, aliases, file);

        try (SingleConnectionDataSource db = new SingleConnectionDataSource(System.getenv("MERCHANT_DB_URL"),
                System.getenv("MERCHANT_DB_USER"), System.getenv("MERCHANT_DB_PASSWORD"))) {
            GeocoderStore.ImportResult imported = new GeocoderStore(db).importCity(city, false,
                    (percent, message) -> {
                        if (percent == 100) {
                            System.out.println("[geocode-bench] " + message);
                        }
                    });
            if (imported.imported()) {
                System.out.printf(Locale.ROOT, "[geocode-bench] import: %,d addresses, %,d street ways in %.1f s%n",
                        imported.addresses(), imported.streets(), imported.seconds());
            }
            OsmExtract extract = new OsmExtractReader(cityName, ImportProgress.NONE).read(file);
            // the addresses as mapped: not the numbers an addr:interpolation way stands for (placed by the importer)
            List<OsmExtract.Address> all = extract.addresses().stream().filter(a -> a.osmType() != OsmExtract.INTERPOLATED).toList();
            Random random = new Random(seed);
            List<OsmExtract.Address> sample = new ArrayList<>();
            for (int i = 0; i < Math.min(sampleSize, all.size()); i++) {
                sample.add(all.get(random.nextInt(all.size())));
            }
            System.out.printf(Locale.ROOT, "[geocode-bench] %s: %,d addresses in %s; %,d sampled (seed %d); "
                            + "hit = best answer within %.0f m; accepted = confidence >= %.2f%n", key, all.size(),
                    file.getFileName(), sample.size(), seed, WITHIN_METRES, minConfidence);

            // An address mapped more than once (its entrance as a node, its building as an outline) is found when the
            // answer is within reach of any of its mapped positions.
            Map<String, List<double[]>> positions = new HashMap<>();
            for (OsmExtract.Address a : all) {
                positions.computeIfAbsent(addressKey(a), k -> new ArrayList<>()).add(new double[]{a.lat(), a.lon()});
            }
            AddressSearch search = new AddressSearch(db, List.of(city));
            List<Form> forms = forms();
            Map<String, Tally> tallies = new LinkedHashMap<>();
            forms.forEach(f -> tallies.put(f.name(), new Tally()));
            List<Double> latencies = new ArrayList<>();
            int backend = backendPid(db);
            // warm-up: the JIT and PostgreSQL's caches
            for (int i = 0; i < Math.min(300, sample.size()); i++) {
                search.search(exact(new Sample(sample.get(i), new Random(i), cityName)), List.of(key), 5);
            }
            long cpuBefore = threadCpuNanos();
            long backendBefore = processCpuTicks(backend);
            long started = System.nanoTime();
            for (int i = 0; i < sample.size(); i++) {
                for (Form form : forms) {
                    Sample s = new Sample(sample.get(i), new Random(seed * 31 + i * 7L + form.name().hashCode()),
                            cityName);
                    String query = form.write().apply(s);
                    if (query == null) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    List<Candidate> found = search.search(query, List.of(key), 5);
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    Tally t = tallies.get(form.name());
                    t.n++;
                    OsmExtract.Address a = s.address();
                    Candidate best = found.isEmpty() ? null : found.get(0);
                    boolean hit = best != null && positions.get(addressKey(a)).stream().anyMatch(p ->
                            OsmExtractReader.metres(best.lat(), best.lon(), p[0], p[1]) <= WITHIN_METRES);
                    boolean accepted = best != null && best.confidence() >= minConfidence;
                    t.within += hit ? 1 : 0;
                    t.accepted += accepted ? 1 : 0;
                    t.acceptedWrong += accepted && !hit ? 1 : 0;
                    if (!hit && t.misses.size() < 3) {
                        t.misses.add(String.format(Locale.ROOT, "\"%s\" -> %s", query, best == null ? "nothing"
                                : String.format(Locale.ROOT, "%s (%s, %.2f, %.0f m)", best.label(), best.precision(),
                                best.confidence(), OsmExtractReader.metres(best.lat(), best.lon(), a.lat(), a.lon()))));
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long cpuJava = threadCpuNanos() - cpuBefore;
            long backendTicks = processCpuTicks(backend) - backendBefore;

            System.out.printf(Locale.ROOT, "%n%-22s %6s %10s %10s %15s%n", "query form", "n", "within 25m", "accepted",
                    "accepted+wrong");
            int degradedN = 0;
            int degradedWithin = 0;
            for (Map.Entry<String, Tally> e : tallies.entrySet()) {
                Tally t = e.getValue();
                System.out.printf(Locale.ROOT, "%-22s %6d %9.1f%% %9.1f%% %14.1f%%%n", e.getKey(), t.n,
                        pct(t.within, t.n), pct(t.accepted, t.n), pct(t.acceptedWrong, t.n));
                if (!e.getKey().equals("exact")) {
                    degradedN += t.n;
                    degradedWithin += t.within;
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %6d %9.1f%%%n", "all degraded forms", degradedN,
                    pct(degradedWithin, degradedN));
            double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%nlatency over %,d queries (one client, one connection): p50 %.2f ms, "
                            + "p99 %.2f ms, max %.2f ms; throughput %.0f queries/s%n", ms.length, at(ms, 50),
                    at(ms, 99), ms[ms.length - 1], ms.length / seconds);
            long ticksPerSecond = 100;
            System.out.printf(Locale.ROOT, "CPU per query: %.2f ms in the JVM + %.2f ms in the PostgreSQL backend%s%n",
                    cpuJava / 1e6 / ms.length, backendTicks >= 0 ? backendTicks * 1000.0 / ticksPerSecond / ms.length
                            : Double.NaN, backendTicks >= 0 ? "" : " (backend's /proc not readable)");
            System.out.println("\nsome misses:");
            tallies.forEach((name, t) -> t.misses.forEach(m -> System.out.println("  " + name + ": " + m)));
        }
    }

    private static List<Form> forms() {
        List<Form> forms = new ArrayList<>();
        forms.add(new Form("exact", GeocodeAccuracy::exact));
        forms.add(new Form("no diacritics", s -> stripMarks(exact(s))));
        forms.add(new Form("lower case", s -> exact(s).toLowerCase(Locale.ROOT)));
        forms.add(new Form("no postcode", s -> write(s.address().street(), s.address().housenumber(), null,
                s.address().city())));
        forms.add(new Form("no city", s -> write(s.address().street(), s.address().housenumber(),
                s.address().postcode(), null)));
        forms.add(new Form("number first", s -> s.address().housenumber() + " " + s.address().street()
                + area(s.address().postcode(), s.address().city())));
        forms.add(new Form("abbreviation", s -> {
            String abbreviated = abbreviate(s.address().street());
            return abbreviated == null ? null : write(abbreviated, s.address().housenumber(), s.address().postcode(),
                    s.address().city());
        }));
        forms.add(new Form("one typo", s -> write(typo(s.address().street(), s.random()), s.address().housenumber(),
                s.address().postcode(), s.address().city())));
        forms.add(new Form("street number only", s -> {
            OsmExtract.Address a = s.address();
            return a.conscription() == null || a.streetNumber() == null || a.streetNumber().equals(a.housenumber())
                    ? null : write(a.street(), a.streetNumber(), a.postcode(), a.city());
        }));
        forms.add(new Form("postcode spaced", s -> {
            String p = s.address().postcode();
            return p == null || !p.matches("\\d{5}") ? null : write(s.address().street(), s.address().housenumber(),
                    p.substring(0, 3) + " " + p.substring(3), s.address().city());
        }));
        forms.add(new Form("all of these at once", s -> {
            OsmExtract.Address a = s.address();
            String street = abbreviate(a.street());
            return stripMarks(a.housenumber() + " " + typo(street == null ? a.street() : street, s.random()))
                    .toLowerCase(Locale.ROOT);
        }));
        return forms;
    }

    private static String addressKey(OsmExtract.Address a) {
        return a.street() + "\t" + a.housenumber() + "\t" + a.postcode() + "\t" + a.city();
    }

    private static String exact(Sample s) {
        OsmExtract.Address a = s.address();
        return write(a.street(), a.housenumber(), a.postcode(), a.city());
    }

    private static String write(String street, String number, String postcode, String city) {
        return street + " " + number + area(postcode, city);
    }

    private static String area(String postcode, String city) {
        String area = ((postcode == null ? "" : postcode) + " " + (city == null ? "" : city)).strip();
        return area.isEmpty() ? "" : ", " + area;
    }

    private static String stripMarks(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replace("ß", "ss");
    }

    /** The street with its first abbreviable word written short ("náměstí" → "nám.", "Straße" → "Str."). */
    private static String abbreviate(String street) {
        String[] words = street.split(" ");
        for (int i = 0; i < words.length; i++) {
            String folded = AddressText.fold(words[i]);
            for (AddressText.Abbreviation a : TEXT.abbreviations()) {
                if (a.dropped() || a.written().isEmpty()) {
                    continue;
                }
                for (String full : a.full()) {
                    String f = AddressText.fold(full.replace("-", ""));
                    if (a.suffix() && folded.endsWith(f) && folded.length() > f.length() + 2) {
                        words[i] = words[i].substring(0, words[i].length() - full.replace("-", "").length())
                                + a.written().get(0).replace("-", "");
                        return String.join(" ", words);
                    }
                    if (!a.suffix() && folded.equals(f)) {
                        words[i] = a.written().get(0);
                        return String.join(" ", words);
                    }
                }
            }
        }
        return null;
    }

    /** One typo in the street name, away from its first letter: a letter replaced, dropped, doubled or swapped. */
    private static String typo(String street, Random random) {
        if (street.length() < 4) {
            return street;
        }
        int at = 1 + random.nextInt(street.length() - 2);
        char c = street.charAt(at);
        return switch (random.nextInt(4)) {
            case 0 -> street.substring(0, at) + (char) ('a' + random.nextInt(26)) + street.substring(at + 1);
            case 1 -> street.substring(0, at) + street.substring(at + 1);
            case 2 -> street.substring(0, at) + c + street.substring(at);
            default -> street.substring(0, at) + street.charAt(at + 1) + c + street.substring(at + 2);
        };
    }

    private static String option(String[] args, String name, String fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? Double.NaN : 100.0 * part / whole;
    }

    private static double at(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static int backendPid(SingleConnectionDataSource db) throws Exception {
        try (Statement s = db.getConnection().createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** utime + stime of a process, in clock ticks (100 a second on Linux); -1 if not readable. */
    private static long processCpuTicks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }
}
