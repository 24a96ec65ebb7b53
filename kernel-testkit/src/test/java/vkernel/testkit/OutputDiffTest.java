package vkernel.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutputDiffTest {
    @Test
    void namesTheFirstDifferingLineThenShowsItInContext() {
        String linux = "1: a\n2: b\n3: c\n4: d\n5: e\n6: f\n";
        String vkernel = "1: a\n2: b\n3: c\n4: X\n5: e\n6: f\n";
        assertEquals("""
                output line 4: expected '4: d', got '4: X'
                --- Linux
                +++ vkernel
                @@ -1,6 +1,6 @@
                 1: a
                 2: b
                 3: c
                -4: d
                +4: X
                 5: e
                 6: f
                """, OutputDiff.describe(linux, vkernel));
    }

    @Test
    void aMissingTailIsNothing() {
        assertEquals("""
                output line 2: expected '2: b', got nothing
                --- Linux
                +++ vkernel
                @@ -1,2 +1,1 @@
                 1: a
                -2: b
                """, OutputDiff.describe("1: a\n2: b\n", "1: a\n"));
    }

    @Test
    void distantChangesAreSeparateHunks() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            a.append(i).append('\n');
        }
        String b = a.toString().replace("2\n", "two\n").replace("19\n", "nineteen\n");
        String diff = OutputDiff.describe(a.toString(), b);
        assertEquals(2, diff.lines().filter(l -> l.startsWith("@@")).count(), diff);
        assertEquals(true, diff.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n"), diff);
    }

    @Test
    void onlyTheLastNewlineDiffers() {
        assertEquals("outputs differ in their last newline\n", OutputDiff.describe("1: a\n", "1: a"));
    }
}
