package vkernel.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vkernel.run.PreloadFrame.Answer;
import vkernel.run.PreloadFrame.Request;

/** The vk run protocol's frames as the C library writes and reads them (docs/run.md), with no library and no kernel. */
class PreloadFrameTest {
    @Test
    void aRequestIsLenNrFourArgsAndData() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 36 + 3).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(36 + 3).putInt(6).putLong(5).putLong(0x40).putLong(0).putLong(-1).put(new byte[] {1, 2, 3});
        ByteArrayInputStream in = new ByteArrayInputStream(b.array());

        Request r = PreloadFrame.read(in);

        assertEquals(6, r.nr());
        assertArrayEquals(new long[] {5, 0x40, 0, -1}, r.arg());
        assertArrayEquals(new byte[] {1, 2, 3}, r.data());
        assertNull(PreloadFrame.read(in), "the end of the stream: the program's thread is gone");
    }

    @Test
    void anAnswerIsLenErrnoRetAndData() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PreloadFrame.write(out, new Answer(-1, 11, new byte[] {9}));

        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12 + 1, b.getInt());
        assertEquals(11, b.getInt());
        assertEquals(-1, b.getLong());
        assertEquals(9, b.get());
        assertEquals(0, b.remaining());
    }

    @Test
    void aFrameShorterThanItsHeadOrLongerThanAnyCallIsRefused() {
        for (int len : new int[] {35, PreloadFrame.REQUEST_HEAD + PreloadFrame.MAX_DATA + 1}) {
            byte[] frame = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(len).array();
            assertThrows(IOException.class, () -> PreloadFrame.read(new ByteArrayInputStream(frame)), "len " + len);
        }
    }

    @Test
    void aCallThisSideDoesNotKnowIsEnosys() {
        Answer a = new PreloadCalls(null).serve(new Request(99, new long[4], new byte[0]));

        assertEquals(-1, a.ret());
        assertEquals(38, a.errno());
    }

    /** The contract's two copies: vkpreload.h's enum vk_nr and PreloadCall hold the same numbers. */
    @Test
    void theCallNumbersAreTheLibrarys() throws IOException {
        Path header = Path.of(System.getProperty("vkernel.home", "..")).resolve("preload/src/main/c/vkpreload.h");
        Matcher m = Pattern.compile("VK_([A-Z0-9_]+) = (\\d+),").matcher(Files.readString(header));
        Map<String, Integer> c = new TreeMap<>();
        while (m.find()) {
            c.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> java = new TreeMap<>();
        for (PreloadCall call : PreloadCall.values()) {
            java.put(call.name(), call.nr);
        }
        assertEquals(c, java);
    }
}
