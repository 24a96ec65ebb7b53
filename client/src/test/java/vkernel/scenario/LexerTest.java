package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
    @Test
    void splitsOnBlanksAndDropsTheComment() throws Exception {
        assertEquals(List.of("a", "socket", "AF_INET", "SOCK_STREAM", "0"),
                Lexer.tokenize("  a\tsocket   AF_INET SOCK_STREAM 0   # a comment\r\n"));
    }

    @Test
    void hashInsideAStringIsData() throws Exception {
        assertEquals(List.of("a", "send", "3", "\"# not a comment\"", "0"),
                Lexer.tokenize("a send 3 \"# not a comment\" 0"));
    }

    @Test
    void hashEndsABareToken() throws Exception {
        assertEquals(List.of("a", "close", "3"), Lexer.tokenize("a close 3#gone"));
        assertEquals(List.of("a", "send", "3", "\"x\""), Lexer.tokenize("a send 3 \"x\"# right after"));
    }

    @Test
    void escapedQuoteStaysInTheString() throws Exception {
        assertEquals(List.of("\"say \\\"hi\\\"  twice\""), Lexer.tokenize("\"say \\\"hi\\\"  twice\""));
    }

    @Test
    void blankAndCommentLinesHaveNoTokens() throws Exception {
        assertEquals(List.of(), Lexer.tokenize(""));
        assertEquals(List.of(), Lexer.tokenize("   \t\r"));
        assertEquals(List.of(), Lexer.tokenize("# only a comment \"with a quote"));
    }

    @Test
    void echoSqueezesBlanksOutsideStringsOnly() throws Exception {
        assertEquals("a send 3 \"two  spaces\" 0",
                Lexer.echo(Lexer.tokenize("a   send\t3  \"two  spaces\"   0  # c")));
    }

    @Test
    void refusesUnterminatedStringAndJunkAfterIt() {
        assertThrows(ScenarioException.class, () -> Lexer.tokenize("a send 3 \"open"));
        assertThrows(ScenarioException.class, () -> Lexer.tokenize("a send 3 \"ends with backslash\\\""));
        assertThrows(ScenarioException.class, () -> Lexer.tokenize("a send 3 \"x\"y 0"));
    }

    @Test
    void refusesMoreThanSixtyFourTokens() {
        assertThrows(ScenarioException.class, () -> Lexer.tokenize("x ".repeat(65)));
    }
}
