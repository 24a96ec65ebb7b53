package vkernel.scenario;

import java.io.IOException;

/** Where vk shell's lines come from: piped input ({@link ScenarioCli#plain}) or a terminal ({@link TerminalInput}). */
interface ShellInput extends AutoCloseable {
    /** The next line, without its end; null at end of input. */
    String readLine() throws IOException;

    @Override
    default void close() throws IOException {}
}
