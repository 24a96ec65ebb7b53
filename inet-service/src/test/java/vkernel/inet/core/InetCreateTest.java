package vkernel.inet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.tcp.TcpProt;
import vkernel.inet.core.udp.UdpProt;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Capability;

/** inet_create's lookup of inetsw and its checks, in the kernel's order (Linux 6.18 results). */
class InetCreateTest {
    @ParameterizedTest(name = "socket(AF_INET, {0}, {1}) with CAP_NET_RAW={2} = {3} {4}")
    @CsvSource({
        // type, protocol, raw capability, errno, proto chosen
        "1, 0, true, UNSPECIFIED, TCP",
        "1, 6, true, UNSPECIFIED, TCP",
        "1, 262, true, UNSPECIFIED, MPTCP",
        "1, 17, true, EPROTONOSUPPORT, -",
        "1, 255, true, EPROTONOSUPPORT, -",
        "1, 132, true, EPROTONOSUPPORT, -",
        "1, 1, false, EPROTONOSUPPORT, -",
        "2, 0, true, UNSPECIFIED, UDP",
        "2, 17, true, UNSPECIFIED, UDP",
        "2, 136, true, UNSPECIFIED, UDP-Lite",
        "2, 6, true, EPROTONOSUPPORT, -",
        "2, 1, true, EACCES, -",
        "2, 263, true, EINVAL, -",
        "2, -1, true, EINVAL, -",
        "3, 0, true, EPROTONOSUPPORT, -",
        "3, 0, false, EPROTONOSUPPORT, -",
        "3, 1, true, UNSPECIFIED, RAW",
        "3, 1, false, EPERM, -",
        "3, 255, true, UNSPECIFIED, RAW",
        "3, 262, true, UNSPECIFIED, RAW",
        "3, 263, true, EINVAL, -",
        "4, 0, true, ESOCKTNOSUPPORT, -",
        "5, 132, true, ESOCKTNOSUPPORT, -",
        "6, 0, false, ESOCKTNOSUPPORT, -",
    })
    void createsAsLinux(int type, int protocol, boolean raw, String errno, String prot) {
        AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);
        Cred cred = Cred.newBuilder().setUid(raw ? 0 : 1000).setGid(raw ? 0 : 1000).setNetns(1)
                .setCapEffective(raw ? Capability.CAP_FULL_SET : 0).build();
        Results.Create r = af.create(cred, type, protocol, false, 9, Trace.NONE);
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        if (r.errno() == Errno.ERRNO_UNSPECIFIED) {
            InetSock sk = af.sock(r.sock());
            assertEquals(prot, sk.prot.name);
            assertEquals(9, sk.ino);
            assertEquals(protocol == 0 && type != 3 ? (type == 1 ? 6 : 17) : protocol, sk.protocol, "SO_PROTOCOL");
        }
    }

    @ParameterizedTest(name = "type {0}: sndbuf {1}, rcvbuf {2}")
    @CsvSource({"1, 16384, 131072", "2, 212992, 212992"})
    void initialBuffers(int type, int sndbuf, int rcvbuf) {
        AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);
        InetSock sk = af.sock(af.create(Socks.ROOT, type, 0, false, 0, Trace.NONE).sock());
        assertEquals(sndbuf, sk.sndbuf);
        assertEquals(rcvbuf, sk.rcvbuf);
    }

    @org.junit.jupiter.api.Test
    void permanentRowsCannotBeOverridden() {
        InetSw sw = new InetSw();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> sw.register(new InetProtosw(1, 6, TcpProt.MPTCP, ProtoOps.INET_STREAM_OPS, 0)));
        assertEquals(UdpProt.UDP, sw.rows(2).get(0).prot(), "the wildcard finds UDP first");
    }
}
