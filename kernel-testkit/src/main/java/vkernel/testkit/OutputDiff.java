package vkernel.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two scenario outputs, line by line, as a reader of a failed conformance test wants them:
 * the first line that differs (check.sh's words), then a unified diff with a little
 * context. Linux's output is the "-" side, the virtual kernel's the "+" side.
 */
final class OutputDiff {
    private static final int CONTEXT = 3;
    /** Beyond this many cells the diff is not computed, only the first difference shown. */
    private static final long MAX_CELLS = 4_000_000;

    private OutputDiff() {}

    static String describe(String expected, String actual) {
        List<String> want = lines(expected);
        List<String> have = lines(actual);
        StringBuilder out = new StringBuilder(firstDifference(want, have, expected, actual)).append('\n');
        if (!want.equals(have) && (long) want.size() * have.size() <= MAX_CELLS) {
            out.append("--- Linux\n+++ vkernel\n");
            hunks(want, have, out);
        }
        return out.toString();
    }

    /** "output line K: expected '...', got '...'", or the last newline, as check.sh says it. */
    static String firstDifference(List<String> want, List<String> have, String expected, String actual) {
        int n = Math.max(want.size(), have.size());
        for (int i = 0; i < n; i++) {
            String w = i < want.size() ? "'" + want.get(i) + "'" : "nothing";
            String h = i < have.size() ? "'" + have.get(i) + "'" : "nothing";
            if (!w.equals(h)) {
                return "output line " + (i + 1) + ": expected " + w + ", got " + h;
            }
        }
        return expected.equals(actual) ? "outputs are equal" : "outputs differ in their last newline";
    }

    /** Lines without their '\n'; a last line without one is still a line. */
    static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return Arrays.asList(body.split("\n", -1));
    }

    private record Edit(char op, String line, int a, int b) {}

    private static void hunks(List<String> want, List<String> have, StringBuilder out) {
        List<Edit> edits = edits(want, have);
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend while the next change is within two contexts of this one
            for (int j = i; j < edits.size(); j++) {
                if (edits.get(j).op() != ' ') {
                    end = j;
                } else if (j - end > 2 * CONTEXT) {
                    break;
                }
            }
            end = Math.min(edits.size() - 1, end + CONTEXT);
            List<Edit> hunk = edits.subList(start, end + 1);
            long aLen = hunk.stream().filter(e -> e.op() != '+').count();
            long bLen = hunk.stream().filter(e -> e.op() != '-').count();
            out.append("@@ -").append(hunk.get(0).a() + 1).append(',').append(aLen)
                    .append(" +").append(hunk.get(0).b() + 1).append(',').append(bLen).append(" @@\n");
            for (Edit e : hunk) {
                out.append(e.op()).append(e.line()).append('\n');
            }
            i = end + 1;
        }
    }

    /** The shortest edit script by longest common subsequence; a and b are the 0-based line indexes before the edit. */
    private static List<Edit> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i), i++, j++));
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit('-', a.get(i), i++, j));
            } else {
                edits.add(new Edit('+', b.get(j), i, j++));
            }
        }
        return edits;
    }
}
