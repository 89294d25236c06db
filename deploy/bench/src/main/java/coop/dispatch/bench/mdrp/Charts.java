package coop.dispatch.bench.mdrp;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Line charts two ways from one drawing routine: self-contained HTML pages with inline SVG (no script, no external
 * file) and PNG images rendered with Java2D ({@link BufferedImage} + {@link ImageIO}, no library).
 */
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
    /** The lines of an instance's charts, one per policy. */
    private record InstanceSeries(List<Series> pay, List<Series> share, List<Series> ctd) {
        static InstanceSeries of(List<String> policies, List<Figures> figures) {
            InstanceSeries s = new InstanceSeries(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < policies.size(); i++) {
                Figures f = figures.get(i);
                s.pay.add(sortedByRank(policies.get(i), f.payPerHour()));
                s.share.add(sortedByRank(policies.get(i), f.shareRatio()));
                s.ctd.add(cdf(policies.get(i), f.clickToDoorValues()));
            }
            return s;
        }
    }

    /** The instance's charts as PNG files: pay-per-hour.png, orders-per-share.png, click-to-door.png. */
    static void instancePngs(Path dir, String instance, List<String> policies, List<Figures> figures) {
        InstanceSeries s = InstanceSeries.of(policies, figures);
        writePng(dir.resolve("pay-per-hour.png"), lineChartImage(instance + ": pay per hour per courier, sorted",
                s.pay(), "courier rank (share of couriers)", "pay per hour", false));
        writePng(dir.resolve("orders-per-share.png"), lineChartImage(instance + ": orders / share of the work "
                + "(S_c), sorted", s.share(), "courier rank (share of couriers)", "orders / S_c", false));
        writePng(dir.resolve("click-to-door.png"), lineChartImage(instance + ": click-to-door, cumulative",
                s.ctd(), "click-to-door (minutes)", "share of delivered orders", true));
    }

    static String instancePage(String instance, List<String> policies, List<Figures> figures, String note) {
        InstanceSeries series = InstanceSeries.of(policies, figures);
        List<Series> pay = series.pay();
        List<Series> share = series.share();
        List<Series> ctd = series.ctd();
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
        SvgCanvas svg = new SvgCanvas();
        if (!draw(svg, series, xLabel, yLabel, steps, targets)) {
            return "<p>(no data)</p>\n";
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">\n", W, H, W, H) + svg.body + "</svg>\n";
    }

    /** The same chart as a PNG image (Java2D, no library), with a title above the plot. */
    static BufferedImage lineChartImage(String title, List<Series> series, String xLabel, String yLabel,
                                        boolean steps, double... targets) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            PngCanvas png = new PngCanvas(g);
            png.text(LEFT, 18, title, 0, false, "#222", 13);
            if (!draw(png, series, xLabel, yLabel, steps, targets)) {
                png.text(W / 2.0, H / 2.0, "(no data)", 1, false, "#444", 11);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    static void writePng(Path file, BufferedImage image) {
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a chart is drawn on: SVG text or a Java2D image. Anchor: 0 start, 1 middle, 2 end. */
    private interface Canvas {
        void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed);

        void polyline(List<double[]> points, String color, String title);

        void text(double x, double y, String text, int anchor, boolean vertical, String color, int size);
    }

    private static final class SvgCanvas implements Canvas {
        final StringBuilder body = new StringBuilder();

        @Override
        public void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) {
            body.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"%s\"%s%s/>%n", x1, y1, x2, y2, color,
                    width == 1 ? "" : " stroke-width=\"" + width + "\"", dashed ? " stroke-dasharray=\"6 4\"" : ""));
        }

        @Override
        public void polyline(List<double[]> points, String color, String title) {
            StringBuilder pts = new StringBuilder();
            points.forEach(p -> pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1])));
            body.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.6\" "
                    + "points=\"").append(pts.toString().strip()).append("\"><title>").append(esc(title))
                    .append("</title></polyline>\n");
        }

        @Override
        public void text(double x, double y, String text, int anchor, boolean vertical, String color, int size) {
            body.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s>%s</text>%n",
                    x, y, anchor == 0 ? "start" : anchor == 1 ? "middle" : "end",
                    color.equals("#222") ? "" : " fill=\"" + color + "\"",
                    vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"", x, y) : "",
                    esc(text)));
        }
    }

    private static final class PngCanvas implements Canvas {
        private final Graphics2D g;

        PngCanvas(Graphics2D g) {
            this.g = g;
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) {
            g.setColor(Color.decode(color));
            g.setStroke(dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0) : new BasicStroke((float) width));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(List<double[]> points, String color, String title) {
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < points.size(); i++) {
                if (i == 0) {
                    path.moveTo(points.get(i)[0], points.get(i)[1]);
                } else {
                    path.lineTo(points.get(i)[0], points.get(i)[1]);
                }
            }
            g.setColor(Color.decode(color));
            g.setStroke(new BasicStroke(1.6f));
            g.draw(path);
        }

        @Override
        public void text(double x, double y, String text, int anchor, boolean vertical, String color, int size) {
            g.setColor(Color.decode(color));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            double w = g.getFontMetrics().stringWidth(text);
            double shift = anchor == 0 ? 0 : anchor == 1 ? w / 2 : w;
            if (vertical) {
                AffineTransform saved = g.getTransform();
                g.rotate(-Math.PI / 2, x, y);
                g.drawString(text, (float) (x - shift), (float) y);
                g.setTransform(saved);
            } else {
                g.drawString(text, (float) (x - shift), (float) y);
            }
        }
    }

    /** Draws axes, grid, targets, lines and legend; false if there is nothing to draw. */
    private static boolean draw(Canvas c, List<Series> series, String xLabel, String yLabel, boolean steps,
                                double[] targets) {
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
            return false;
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
        for (double t : yt) {
            double y = py.applyAsDouble(t);
            c.line(LEFT, y, LEFT + pw, y, "#eeeeee", 1, false);
            c.text(LEFT - 6, y + 4, label(t), 2, false, "#222", 11);
        }
        for (double t : xt) {
            double x = px.applyAsDouble(t);
            c.line(x, TOP, x, TOP + ph, "#eeeeee", 1, false);
            c.text(x, TOP + ph + 16, label(t), 1, false, "#222", 11);
        }
        c.line(LEFT, TOP, LEFT + pw, TOP, "#888888", 1, false);
        c.line(LEFT, TOP + ph, LEFT + pw, TOP + ph, "#888888", 1, false);
        c.line(LEFT, TOP, LEFT, TOP + ph, "#888888", 1, false);
        c.line(LEFT + pw, TOP, LEFT + pw, TOP + ph, "#888888", 1, false);
        c.text(LEFT + pw / 2.0, H - 10, xLabel, 1, false, "#222", 11);
        c.text(14, TOP + ph / 2.0, yLabel, 1, true, "#222", 11);
        for (double t : targets) {
            double y = py.applyAsDouble(t);
            c.line(LEFT, y, LEFT + pw, y, "#444444", 1, true);
            c.text(LEFT + 4, y - 3, "target " + label(t), 0, false, "#444444", 11);
        }
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            String color = COLORS[k % COLORS.length];
            List<double[]> pts = new ArrayList<>();
            double prevY = Double.NaN;
            for (int i = 0; i < se.x().length; i++) {
                if (!Double.isFinite(se.x()[i]) || !Double.isFinite(se.y()[i])) {
                    continue;
                }
                double x = px.applyAsDouble(se.x()[i]);
                double y = py.applyAsDouble(se.y()[i]);
                if (steps && !Double.isNaN(prevY)) {
                    pts.add(new double[] {x, prevY});
                }
                pts.add(new double[] {x, y});
                prevY = y;
            }
            c.polyline(pts, color, se.name());
            int ly = TOP + 8 + k * 18;
            c.line(LEFT + pw + 12, ly, LEFT + pw + 32, ly, color, 3, false);
            c.text(LEFT + pw + 38, ly + 4, se.name(), 0, false, "#222", 11);
        }
        return true;
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
