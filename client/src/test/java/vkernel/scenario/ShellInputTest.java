package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Piped input to vk shell (not a terminal): lines read plainly, split on '\n' only, every byte kept. */
class ShellInputTest {
    @Test
    void pipedLinesAreReadAsTheyAre() throws Exception {
        byte[] piped = {'s', 'p', 'a', 'w', 'n', ' ', 'a', '\r', '\n', '"', (byte) 0xe9, '"', '\n', '\n', 'l', 'a', 's', 't'};
        ShellInput in = ScenarioCli.plain(new ByteArrayInputStream(piped));
        assertEquals("spawn a\r", in.readLine());
        assertEquals("\"\u00e9\"", in.readLine());
        assertEquals("", in.readLine());
        assertEquals("last", in.readLine());
        assertNull(in.readLine());
        assertNull(in.readLine());
    }

    @Test
    void emptyInputEndsAtOnce() throws Exception {
        assertNull(ScenarioCli.plain(new ByteArrayInputStream(new byte[0])).readLine());
    }
}
