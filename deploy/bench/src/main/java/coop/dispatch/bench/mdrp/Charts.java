package coop.dispatch.bench.mdrp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** Self-contained HTML pages with inline SVG line charts: no script, no external file. */
final class Charts {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int W = 860;
    private static final int H = 340;
    private static final int LEFT = 58;
    private static final int RIGHT = 270;
    private static final int TOP = 30;
    private static final int BOTTOM = 46;

    private Charts() {
    }

    /** One line of a chart: points (x, y) in data units. */
    record Series(String name, double[] x, double[] y) {
    }

    /** The page of one instance run: pay per hour per courier (sorted), orders / share, click-to-door. */
    static String instancePage(String instance, List<String> policies, List<Figures> figures, String note) {
        List<Series> pay = new ArrayList<>();
        List<Series> share = new ArrayList<>();
        List<Series> ctd = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            Figures f = figures.get(i);
            pay.add(sortedByRank(policies.get(i), f.payPerHour()));
            share.add(sortedByRank(policies.get(i), f.shareRatio()));
            ctd.add(cdf(policies.get(i), f.clickToDoorValues()));
        }
        StringBuilder s = head("MDRP replay: " + instance);
        s.append("<h1>MDRP replay: ").append(esc(instance)).append("</h1>\n<p>").append(esc(note)).append("</p>\n");
        s.append("<h2>Pay per hour per courier, sorted</h2>\n<p>payment / shift hours (payment = max(orders × pay per"
                + " order, guaranteed pay per hour × shift hours)); couriers ranked from lowest to highest paid."
                + "</p>\n");
        s.append(lineChart(pay, "courier rank (share of couriers)", "pay per hour", false));
        s.append("<h2>Orders per share of the work, sorted</h2>\n<p>orders<sub>c</sub> / S<sub>c</sub> (FORMAT.md):"
                + " 1 is exactly the courier's share of the work done while on shift; the share-adjusted Gini is the"
                + " Gini of these values.</p>\n");
        s.append(lineChart(share, "courier rank (share of couriers)", "orders / S_c", false));
        s.append("<h2>Click-to-door, cumulative</h2>\n<p>share of delivered orders delivered within x minutes of"
                + " being placed.</p>\n");
        s.append(lineChart(ctd, "click-to-door (minutes)", "share of delivered orders", true));
        return s.append("</body></html>\n").toString();
    }

    /** One line per policy across instances (in the given instance order). */
    static String summaryPage(String title, List<String> instances, Map<String, double[]> values, String yLabel,
                              String note, double... targets) {
        List<Series> series = new ArrayList<>();
        double[] x = new double[instances.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        values.forEach((name, v) -> series.add(new Series(name, x, v)));
        StringBuilder s = head(title);
        s.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(esc(note)).append("</p>\n");
        s.append(lineChart(series, "instance (in the order of the list below)", yLabel, false, targets));
        s.append("<ol>");
        instances.forEach(i -> s.append("<li>").append(esc(i)).append("</li>"));
        return s.append("</ol>\n</body></html>\n").toString();
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:")
                .append(W + 40).append("px;margin:1em auto;color:#222}h2{font-size:1.1em;margin-top:1.6em}"
                        + "svg{background:#fff;border:1px solid #ddd}text{font-size:11px}</style></head><body>\n");
    }

    private static Series sortedByRank(String name, double[] values) {
        double[] y = values.clone();
        Arrays.sort(y);
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = y.length == 1 ? 0 : (double) i / (y.length - 1);
        }
        return new Series(name, x, y);
    }

    private static Series cdf(String name, double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (i + 1 < v.length && v[i + 1] == v[i]) {
                continue;
            }
            pts.add(new double[] {v[i], (i + 1.0) / v.length});
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Series(name, x, y);
    }

    static String lineChart(List<Series> series, String xLabel, String yLabel, boolean steps) {
        return lineChart(series, xLabel, yLabel, steps, new double[0]);
    }

    /** @param targets horizontal dashed lines at these values (targets to compare against) */
    static String lineChart(List<Series> series, String xLabel, String yLabel, boolean steps, double[] targets) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (!Double.isFinite(x0)) {
            return "<p>(no data)</p>\n";
        }
        y0 = Math.min(0, y0);
        for (double t : targets) {
            y0 = Math.min(y0, t);
            y1 = Math.max(y1, t);
        }
        double[] yt = ticks(y0, y1);
        double[] xt = ticks(x0, x1);
        y1 = yt[yt.length - 1];
        x0 = Math.min(x0, xt[0]);
        x1 = Math.max(x1, xt[xt.length - 1]);
        final double fx0 = x0;
        final double fx1 = x1 == x0 ? x0 + 1 : x1;
        final double fy0 = y0;
        final double fy1 = y1 == y0 ? y0 + 1 : y1;
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        DoubleUnaryOperator px = v -> LEFT + (v - fx0) / (fx1 - fx0) * pw;
        DoubleUnaryOperator py = v -> TOP + ph - (v - fy0) / (fy1 - fy0) * ph;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">\n", W, H, W, H));
        for (double t : yt) {
            double y = py.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", LEFT, y, LEFT + pw, y, LEFT - 6,
                    y + 4, label(t)));
        }
        for (double t : xt) {
            double x = px.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, TOP, x, TOP + ph, x,
                    TOP + ph + 16, label(t)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>\n", LEFT, TOP, pw, ph));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                LEFT + pw / 2.0, H - 10, esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>\n", TOP + ph / 2.0, TOP + ph / 2.0, esc(yLabel)));
        for (double t : targets) {
            double y = py.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\" "
                    + "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" fill=\"#444\">target %s</text>%n", LEFT,
                    y, LEFT + pw, y, LEFT + 4, y - 3, label(t)));
        }
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder pts = new StringBuilder();
            double prevY = Double.NaN;
            for (int i = 0; i < se.x().length; i++) {
                if (!Double.isFinite(se.x()[i]) || !Double.isFinite(se.y()[i])) {
                    continue;
                }
                double x = px.applyAsDouble(se.x()[i]);
                double y = py.applyAsDouble(se.y()[i]);
                if (steps && !Double.isNaN(prevY)) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, prevY));
                }
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                prevY = y;
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.6\" points=\"")
                    .append(pts.toString().strip()).append("\"><title>").append(esc(se.name()))
                    .append("</title></polyline>\n");
            int ly = TOP + 8 + k * 18;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + pw + 12, ly, LEFT + pw + 32,
                    ly, color, LEFT + pw + 38, ly + 4, esc(se.name())));
        }
        return s.append("</svg>\n").toString();
    }

    /** About six round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        if (hi <= lo) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag * (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10);
        double start = Math.floor(lo / step) * step;
        int n = (int) Math.ceil((hi - start) / step - 1e-9) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    private static String label(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return Long.toString(Math.round(v));
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
