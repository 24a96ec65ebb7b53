package vkernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The charts read back as XML: the axes, the points where their values put them, the legend. */
class SvgChartTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (Arrays.asList(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    /** The point of a series at a category. */
    static Element point(Document d, String series, String x) {
        return byClass(d, "circle", "point").stream()
                .filter(e -> e.getAttribute("data-series").equals(series) && e.getAttribute("data-x").equals(x)).findFirst()
                .orElseThrow(() -> new AssertionError("no point " + series + " at " + x));
    }

    @Test
    void aLogChartHasDecadeTicksSpanningTheDataAndPlacesLargerValuesHigher() throws Exception {
        SvgChart c = new SvgChart("latency <by> percentile", "percentile", "µs", List.of("p50", "p99", "max"), true)
                .series("vkernel", Arrays.asList(500.0, 5000.0, 20000.0))
                .series("linux", Arrays.asList(4.6, 7.5, null));
        Document d = parse(c.svg());

        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("latency <by> percentile", byClass(d, "text", "title").get(0).getTextContent());
        assertEquals(List.of("1", "10", "100", "1000", "10000", "100000"), ticks(byClass(d, "g", "y").get(0)));
        assertEquals(List.of("p50", "p99", "max"), ticks(byClass(d, "g", "x").get(0)));

        assertEquals(5, byClass(d, "circle", "point").size(), "a missing value draws no point");
        double p50 = attr(point(d, "vkernel", "p50"), "cy");
        double p99 = attr(point(d, "vkernel", "p99"), "cy");
        double max = attr(point(d, "vkernel", "max"), "cy");
        assertTrue(p50 > p99 && p99 > max, "higher latency is higher up (smaller y): " + p50 + " " + p99 + " " + max);
        double decade = (SvgChart.HEIGHT - SvgChart.TOP - SvgChart.BOTTOM) / 5.0; // 1 .. 100000
        assertEquals(decade, p50 - p99, 0.15, "500 to 5000 is one decade on a log axis");
        assertEquals(attr(point(d, "vkernel", "p50"), "cx"), attr(point(d, "linux", "p50"), "cx"), "one column per category");
        for (Element p : byClass(d, "circle", "point")) {
            double x = attr(p, "cx");
            double y = attr(p, "cy");
            assertTrue(x > SvgChart.LEFT && x < SvgChart.WIDTH - SvgChart.RIGHT, "inside the plot: x " + x);
            assertTrue(y >= SvgChart.TOP && y <= SvgChart.HEIGHT - SvgChart.BOTTOM, "inside the plot: y " + y);
        }
        assertEquals("20000", point(d, "vkernel", "max").getAttribute("data-value"));
        assertEquals(2, byClass(d, "g", "legend").get(0).getElementsByTagNameNS("http://www.w3.org/2000/svg", "text").getLength());
    }

    @Test
    void aLinearAxisStartsAtZeroAndEndsOnARoundNumberAboveTheLargestValue() throws Exception {
        SvgChart c = new SvgChart("t", "x", "y", List.of("a", "b"), false).series("s", List.of(13.0, 87.0));
        Document d = parse(c.svg());
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), ticks(byClass(d, "g", "y").get(0)));
        double zero = SvgChart.HEIGHT - SvgChart.BOTTOM;
        double top = SvgChart.TOP;
        assertEquals(zero - 0.87 * (zero - top), attr(point(d, "s", "b"), "cy"), 0.1, "87 is at 87% of the axis");
    }

    @Test
    void aSeriesWithNothingMeasuredIsLeftOutAndValuesALogAxisCannotShowAreRefused() {
        SvgChart c = new SvgChart("t", "x", "y", List.of("a"), true).series("not run", Arrays.asList((Double) null));
        assertTrue(c.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> c.series("zero", List.of(0.0)));
        assertThrows(IllegalArgumentException.class, () -> c.series("two values for one category", List.of(1.0, 2.0)));
    }

    private static List<String> ticks(Element axis) {
        List<String> out = new ArrayList<>();
        NodeList texts = axis.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").equals("tick")) {
                out.add(t.hasAttribute("data-value") ? t.getAttribute("data-value") : t.getTextContent());
            }
        }
        return out;
    }
}
