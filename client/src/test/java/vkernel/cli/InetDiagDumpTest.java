package vkernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.sdk.ErrnoException;

/** vk ss's side of sock_diag: the request ss sends, and Linux's answers decoded into ss -tunap's lines. */
class InetDiagDumpTest {
    /** An inet_diag_msg answer as Linux lays it out, with 36 bytes of attributes after it. */
    private static byte[] answer(int state, int sport, int dport, int src, int dst, int rq, int wq, int ino) {
        ByteBuffer b = ByteBuffer.allocate(124).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(124).putShort((short) 20).putShort((short) 2).putInt(1).putInt(77);
        b.put((byte) 2).put((byte) state).put((byte) 0).put((byte) 0);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) sport).putShort((short) dport).putInt(src).position(40);
        b.putInt(dst).position(56);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(5).putInt(0).putInt(0);
        b.putInt(rq).putInt(wq).putInt(0).putInt(ino);
        return b.array();
    }

    private static byte[] done(int status) {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(20).putShort((short) 3)
                .putShort((short) 2).putInt(1).putInt(77).putInt(status).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @Test
    void theRequestIsSsDumpOfEveryState() {
        byte[] r = InetDiagDump.request(6, 1);
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(72, b.getInt(0));
        assertEquals(20, b.getShort(4));
        assertEquals(0x301, b.getShort(6), "NLM_F_REQUEST | NLM_F_DUMP");
        assertEquals(2, r[16]);
        assertEquals(6, r[17]);
        assertEquals(0x1fff, b.getInt(20), "SS_ALL");
        assertEquals(-1, b.getInt(64));
        assertEquals(-1, b.getInt(68));
    }

    @Test
    void answersBecomeSsLines() {
        int lo = 0x7f000001;
        List<InetDiagDump.Sock> socks = new ArrayList<>();
        assertFalse(InetDiagDump.decode(concat(answer(10, 8080, 0, lo, 0, 0, 128, 900),
                answer(1, 40000, 8080, lo, lo, 5, 0, 901), answer(6, 40001, 8080, lo, lo, 0, 0, 0)), 6, socks));
        assertTrue(InetDiagDump.decode(done(0), 6, socks));
        Map<Long, List<Ss.User>> users = Map.of(900L, List.of(new Ss.User("a", 3, 3)), 901L,
                List.of(new Ss.User("a", 3, 4)));
        assertEquals("""
                Netid State      Recv-Q Send-Q Local Address:Port    Peer Address:Port     Process
                tcp   LISTEN     0      128    127.0.0.1:8080        0.0.0.0:*             users:(("a",pid=3,fd=3))
                tcp   ESTAB      5      0      127.0.0.1:40000       127.0.0.1:8080        users:(("a",pid=3,fd=4))
                tcp   TIME-WAIT  0      0      127.0.0.1:40001       127.0.0.1:8080       \s
                """, ProcFormatTest.printed(o -> Ss.print(Ss.diagLines(socks, users), false, o)));
    }

    @Test
    void aDumpEndingInAnErrorIsTheErrno() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> InetDiagDump.decode(done(-2), 6, new ArrayList<>()));
        assertEquals(Errno.ERRNO_ENOENT, e.errno());
    }
}
