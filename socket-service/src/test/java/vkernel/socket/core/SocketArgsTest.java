package vkernel.socket.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;

/** __sys_socket / __sock_create's argument checks, in their order. */
class SocketArgsTest {
    @ParameterizedTest(name = "socket({0}, {1}) = {2}")
    @CsvSource({
        "2, 1, UNSPECIFIED",
        "12345, 1, EAFNOSUPPORT",
        "-1, 2, EAFNOSUPPORT",
        "255, 1, EAFNOSUPPORT",
        "46, 1, EAFNOSUPPORT",
        "45, 1, UNSPECIFIED",
        "2, 99, EINVAL",
        "2, -1, EINVAL",
        "2, 257, EINVAL",
        "12345, 257, EINVAL",
        "2, 11, EINVAL",
        "2, 7, UNSPECIFIED",
        "2, 2049, UNSPECIFIED",
        "2, 526338, UNSPECIFIED",
    })
    void checksFlagsThenFamilyThenType(int domain, int type, String errno) {
        assertEquals(Errno.valueOf("ERRNO_" + errno), SocketArgs.check(domain, type, 0).errno());
    }

    @org.junit.jupiter.api.Test
    void nonblockAndCloexecBecomeFileFlags() {
        SocketArgs a = SocketArgs.check(2, 1 | 2048 | 524288, 0).args();
        assertEquals(1, a.type());
        assertEquals(2 | 2048, a.fileFlags());
        assertEquals(true, a.cloexec());
        assertEquals(17, SocketArgs.check(2, 10, 0).args().family(), "PF_INET SOCK_PACKET is rewritten to PF_PACKET");
    }
}
