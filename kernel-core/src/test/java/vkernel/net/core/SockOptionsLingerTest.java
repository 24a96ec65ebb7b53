package vkernel.net.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Socket;

/** SO_LINGER as sk_setsockopt takes it and sk_getsockopt reads it back (Linux 6.18, HZ=250). */
class SockOptionsLingerTest {
    private static final Cred ROOT = Cred.newBuilder().setPid(1).setNetns(1).build();

    private static final class TestSock extends Sock {
        TestSock() {
            super(1, 1, Socket.AF_INET, Socket.SOCK_STREAM, 0, 0, ROOT);
        }

        @Override
        public boolean listening() {
            return false;
        }
    }

    /** A negative l_linger is a huge unsigned one: MAX_SCHEDULE_TIMEOUT, which reads back as LONG_MAX / HZ cut to an int. */
    @ParameterizedTest(name = "SO_LINGER {0},{1} reads back {2},{3}")
    @CsvSource({
        "1, 30, 1, 30",
        "1, 0, 1, 0",
        "1, -1, 1, -1752346657",
        "1, -5, 1, -1752346657",
        "1, -2147483648, 1, -1752346657",
        "1, 2147483647, 1, 2147483647",
        "-1, -1, 1, -1752346657",
        "2, 8589934, 1, 8589934",
        "0, -7, 0, 0",
    })
    void lingerSecondsReadBack(int onoff, int seconds, int readOnoff, int readSeconds) {
        Sock sk = new TestSock();
        assertEquals(Errno.ERRNO_UNSPECIFIED, SockOptions.set(sk, Socket.SO_LINGER, linger(onoff, seconds), ROOT));
        assertArrayEquals(linger(readOnoff, readSeconds), SockOptions.get(sk, Socket.SO_LINGER, 8).bytes());
    }

    private static byte[] linger(int onoff, int seconds) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(onoff).putInt(seconds).array();
    }
}
