package vkernel.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a scenario line into tokens as the oracle does: blanks (space, tab, CR, LF)
 * separate tokens, '#' outside a quoted string ends the line, a quoted string is one
 * token with its quotes and escapes kept. The statement echoed in a result line is
 * the tokens joined by one space.
 */
final class Lexer {
    /** The oracle's limit on tokens per line. */
    static final int MAX_TOKENS = 64;

    private Lexer() {}

    static List<String> tokenize(String line) throws ScenarioException {
        List<String> tokens = new ArrayList<>();
        int p = 0;
        int n = line.length();
        for (;;) {
            while (p < n && isBlank(line.charAt(p))) {
                p++;
            }
            if (p == n || line.charAt(p) == '#') {
                return tokens;
            }
            int start = p;
            if (line.charAt(p) == '"') {
                for (p++; p < n && line.charAt(p) != '"'; p++) {
                    if (line.charAt(p) == '\\' && p + 1 < n) {
                        p++; // an escaped character, a quote included, stays in the string
                    }
                }
                if (p == n) {
                    throw new ScenarioException(0, "unterminated string");
                }
                p++;
                if (p < n && !isBlank(line.charAt(p)) && line.charAt(p) != '#') {
                    int end = p;
                    while (end < n && !isBlank(line.charAt(end))) {
                        end++;
                    }
                    throw new ScenarioException(0, "junk after a string: '" + line.substring(p, end) + "'");
                }
            } else {
                while (p < n && !isBlank(line.charAt(p)) && line.charAt(p) != '#') {
                    p++;
                }
            }
            if (tokens.size() == MAX_TOKENS) {
                throw new ScenarioException(0, "too many tokens");
            }
            tokens.add(line.substring(start, p));
        }
    }

    /** The statement as a result line shows it: comment gone, blanks outside strings squeezed. */
    static String echo(List<String> tokens) {
        return String.join(" ", tokens);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
