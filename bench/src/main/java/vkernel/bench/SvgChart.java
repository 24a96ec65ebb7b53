package vkernel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as plain SVG 1.1, for BENCHMARKS.md: named categories along x, one line of
 * points per series, a linear or logarithmic y axis, a legend. No library: the charts are
 * text in the repository, readable in a diff and rendered by any browser or by GitHub.
 * Each point carries its series, category and value as data- attributes, so a test (or a
 * reader of the file) can check what was drawn without rendering it.
 */
final class SvgChart {
    static final int WIDTH = 720;
    static final int HEIGHT = 380;
    static final int LEFT = 80;
    static final int RIGHT = 210; // room for the legend
    static final int TOP = 44;
    static final int BOTTOM = 56;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};

    /** One line; a null value is a point not measured (drawn as a gap). */
    record Series(String name, List<Double> values) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    SvgChart(String title, String xLabel, String yLabel, List<String> categories, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = List.copyOf(categories);
        this.logY = logY;
    }

    /** Adds a line, unless it has no value at all (a part that did not run draws nothing). */
    SvgChart series(String name, List<Double> values) {
        if (values.size() != categories.size()) {
            throw new IllegalArgumentException(name + ": " + values.size() + " values for " + categories.size() + " categories");
        }
        if (values.stream().anyMatch(v -> v != null && (!Double.isFinite(v) || (logY && v <= 0)))) {
            throw new IllegalArgumentException(name + ": a value a " + (logY ? "log " : "") + "axis cannot show: " + values);
        }
        if (values.stream().anyMatch(v -> v != null)) {
            series.add(new Series(name, new ArrayList<>(values)));
        }
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    String svg() {
        double[] range = yRange();
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        b.append("<title>").append(esc(title)).append("</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
                LEFT, esc(title)));
        yAxis(b, range);
        xAxis(b);
        for (int s = 0; s < series.size(); s++) {
            line(b, series.get(s), COLOURS[s % COLOURS.length], range);
        }
        legend(b);
        b.append("</svg>\n");
        return b.toString();
    }

    private void yAxis(StringBuilder b, double[] range) {
        b.append("<g class=\"axis y\">\n");
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        for (double t : ticks(range)) {
            double y = y(t, range);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    LEFT, y, WIDTH - RIGHT, y));
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" data-value=\"%s\">%s</text>\n",
                    LEFT - 6, y + 4, num(t), label(t)));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"label\" transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>\n",
                TOP + plotHeight() / 2, esc(yLabel + (logY ? " (log scale)" : ""))));
        b.append("</g>\n");
    }

    private void xAxis(StringBuilder b) {
        b.append("<g class=\"axis x\">\n");
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        for (int i = 0; i < categories.size(); i++) {
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    x(i), HEIGHT - BOTTOM + 18, esc(categories.get(i))));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                LEFT + plotWidth() / 2, HEIGHT - 12, esc(xLabel)));
        b.append("</g>\n");
    }

    private void line(StringBuilder b, Series s, String colour, double[] range) {
        b.append("<g class=\"series\" data-name=\"").append(esc(s.name())).append("\">\n");
        StringBuilder path = new StringBuilder();
        boolean penDown = false;
        for (int i = 0; i < categories.size(); i++) {
            Double v = s.values().get(i);
            if (v == null) {
                penDown = false;
                continue;
            }
            path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", penDown ? "L" : "M", x(i), y(v, range)));
            penDown = true;
        }
        b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", path.toString().trim(), colour));
        for (int i = 0; i < categories.size(); i++) {
            Double v = s.values().get(i);
            if (v != null) {
                b.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\""
                        + " data-series=\"%s\" data-x=\"%s\" data-value=\"%s\"><title>%s, %s: %s</title></circle>\n",
                        x(i), y(v, range), colour, esc(s.name()), esc(categories.get(i)), num(v),
                        esc(s.name()), esc(categories.get(i)), label(v)));
            }
        }
        b.append("</g>\n");
    }

    private void legend(StringBuilder b) {
        b.append("<g class=\"legend\">\n");
        int x = WIDTH - RIGHT + 16;
        for (int s = 0; s < series.size(); s++) {
            int y = TOP + 8 + s * 20;
            String colour = COLOURS[s % COLOURS.length];
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    x, y, x + 18, y, colour));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", x + 24, y + 4, esc(series.get(s).name())));
        }
        b.append("</g>\n");
    }

    /** The y axis's bounds: whole decades on a log axis, 0 to a round number on a linear one. */
    double[] yRange() {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (series.isEmpty()) {
            return new double[] {logY ? 1 : 0, logY ? 10 : 1};
        }
        if (logY) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            return new double[] {lo, hi > lo ? hi : lo * 10};
        }
        double step = niceStep(Math.max(max, 1e-9) / 5);
        return new double[] {Math.min(0, Math.floor(min / step) * step), Math.ceil(max / step) * step};
    }

    List<Double> ticks(double[] range) {
        List<Double> out = new ArrayList<>();
        if (logY) {
            for (double t = range[0]; t <= range[1] * 1.0001; t *= 10) {
                out.add(t);
            }
        } else {
            double step = niceStep((range[1] - range[0]) / 5);
            for (double t = range[0]; t <= range[1] + step / 1000; t += step) {
                out.add(t);
            }
        }
        return out;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    private double x(int i) {
        return LEFT + plotWidth() * (i + 0.5) / categories.size();
    }

    private double y(double v, double[] range) {
        double f = logY ? (Math.log10(v) - Math.log10(range[0])) / (Math.log10(range[1]) - Math.log10(range[0]))
                : (v - range[0]) / (range[1] - range[0]);
        return HEIGHT - BOTTOM - f * plotHeight();
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** A value as written in data- attributes: plain, round-trippable. */
    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A value as a reader sees it: 1,000 and 0.5, not 1000.0 and 5.0E-1. */
    private static String label(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%,.1f" : "%.3g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
