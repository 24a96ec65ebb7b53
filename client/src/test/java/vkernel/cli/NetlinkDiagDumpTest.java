package vkernel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** vk ss --netlink: the request ss -f netlink sends, and netlink_diag's answers as ss's lines. */
class NetlinkDiagDumpTest {
    /** A netlink_diag_msg as Linux lays it out, with NETLINK_DIAG_MEMINFO (9 u32) after it. */
    private static byte[] answer(int protocol, int state, int portid, int dstPortid, int dstGroup, int rmem, int ino) {
        ByteBuffer b = ByteBuffer.allocate(84).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(84).putShort((short) 20).putShort((short) 2).putInt(1).putInt(77);
        b.put((byte) 16).put((byte) 3).put((byte) protocol).put((byte) state);
        b.putInt(portid).putInt(dstPortid).putInt(dstGroup).putInt(ino).putInt(5).putInt(0);
        b.putShort((short) 40).putShort((short) 0).putInt(rmem).putInt(212992).putInt(0).putInt(212992);
        return b.array();
    }

    private static byte[] done(int status) {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(20).putShort((short) 3)
                .putShort((short) 2).putInt(1).putInt(77).putInt(status).array();
    }

    @Test
    void theRequestAsksEveryProtocolWithMeminfo() {
        byte[] r = NetlinkDiagDump.request(1);
        assertEquals(36, r.length);
        assertArrayEquals(new byte[] {16, (byte) 255, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, java.util.Arrays.copyOfRange(r, 16, 28));
        assertEquals(0x301, (r[6] & 0xff) | (r[7] & 0xff) << 8);
    }

    @Test
    void answersBecomeSsLines() {
        List<NetlinkDiagDump.Sock> socks = new ArrayList<>();
        assertFalse(NetlinkDiagDump.decode(answer(0, 7, 0, 0, 0, 0, 0), socks));
        byte[] last = answer(2, 1, 5000002, 5000009, 2, 768, 41);
        assertTrue(NetlinkDiagDump.decode(ByteBuffer.allocate(104).put(last).put(done(0)).array(), socks));
        List<Ss.Line> lines = NetlinkDiagDump.lines(socks, Map.of(41L, List.of(new Ss.User("a", 3, 4))));
        assertEquals(List.of(
                new Ss.Line("nl", "UNCONN", "0", "0", "rtnl:kernel", "*", List.of()),
                new Ss.Line("nl", "ESTAB", "768", "0", "usersock:5000002", "2:5000009", List.of(new Ss.User("a", 3, 4)))),
                lines);
    }

    @Test
    void aRefusedDumpIsAnErrno() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> NetlinkDiagDump.decode(done(-2), new ArrayList<>()));
        assertEquals(Errno.ERRNO_ENOENT, e.errno());
    }
}
