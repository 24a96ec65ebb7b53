package vkernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void stringsAreEscapedAsRfc8259Says() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\u00e9\"", Json.write("a\"b\\c\nd\te\u0001\u00e9"));
    }

    @Test
    void valuesNestInTheirOwnOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(true, "x"));
        m.put("n", null);
        m.put("e", Map.of());
        assertEquals("{\n  \"z\": 1,\n  \"a\": [\n    true,\n    \"x\"\n  ],\n  \"n\": null,\n  \"e\": {}\n}", Json.write(m));
    }

    @Test
    void oneLineHasNoSpacesAndTheSameValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(true, "x y"));
        m.put("e", Map.of());
        m.put("l", List.of());
        assertEquals("{\"z\":1,\"a\":[true,\"x y\"],\"e\":{},\"l\":[]}", Json.line(m));
    }

    @Test
    void doublesPrintAsJqPrintsThemAndNotANumberIsNull() {
        assertEquals("[\n  3,\n  2.5,\n  null,\n  null\n]", Json.write(List.of(3.0, 2.5, Double.NaN, Float.POSITIVE_INFINITY)));
    }

    @Test
    void anyOtherValueIsItsString() {
        assertEquals("\"SECONDS\"", Json.write(java.util.concurrent.TimeUnit.SECONDS));
    }
}
