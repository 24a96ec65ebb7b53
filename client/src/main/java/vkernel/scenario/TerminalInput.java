package vkernel.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * vk shell on a terminal: JLine's line editor with a prompt, history kept in a file
 * (.vk/shell_history) and Tab completing what {@link ShellCompleter} offers. Ctrl-C
 * drops the line being typed, Ctrl-D ends the input.
 */
final class TerminalInput implements ShellInput {
    static final String PROMPT = "vk> ";

    private final Terminal terminal;
    private final LineReader reader;

    private TerminalInput(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    static TerminalInput open(ScenarioParser parser, Path history) throws IOException {
        Files.createDirectories(history.toAbsolutePath().getParent());
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        DefaultParser words = new DefaultParser();
        words.setEscapeChars(null); // a backslash belongs to the data string ("a\n"), not to the editor
        LineReader reader = LineReaderBuilder.builder()
                .appName("vk")
                .terminal(terminal)
                .parser(words)
                .completer(new ShellCompleter(parser::processes))
                .variable(LineReader.HISTORY_FILE, history)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is data, not a history reference
                .build();
        return new TerminalInput(terminal, reader);
    }

    @Override
    public String readLine() {
        while (true) {
            try {
                return reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                // Ctrl-C: forget this line, ask for the next
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
