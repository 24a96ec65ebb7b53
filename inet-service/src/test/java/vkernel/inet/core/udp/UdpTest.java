package vkernel.inet.core.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Results;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Socket;

/** UDP queueing: what the receive buffer takes (skb truesize over lo), boundaries, truncation, ICMP errors. */
class UdpTest {
    @ParameterizedTest(name = "{0} bytes → truesize {1}")
    @CsvSource({"0, 832", "1, 832", "100, 832", "200, 1280", "1000, 2304", "2000, 4352", "4000, 8448", "8000, 16640",
        "16000, 16640", "30000, 30832", "65507, 66339"})
    void truesizeAsMeasured(int len, int truesize) {
        assertEquals(truesize, Datagram.truesize(len));
    }

    @ParameterizedTest(name = "SO_RCVBUF {0}, {1}-byte datagrams → {2} queued")
    @CsvSource({"1, 1, 2", "2000, 200, 3", "50000, 1, 120", "50000, 200, 78", "50000, 1000, 43", "50000, 65000, 1"})
    void receiveBufferDrops(int rcvbufArg, int size, int queued) {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long rx = s.udp();
        s.bind(rx, "127.0.0.1:5000");
        byte[] v = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(rcvbufArg).array();
        s.af.setsockopt(Socks.ROOT, rx, Socket.SOL_SOCKET, Socket.SO_RCVBUF, v, Trace.NONE);
        long tx = s.udp();
        String data = "y".repeat(size);
        for (int i = 0; i < 200; i++) {
            assertEquals(size, s.sendto(tx, data, "127.0.0.1:5000").ret());
        }
        int n = 0;
        while (s.recv(rx, 1, Socket.MSG_TRUNC).errno() == Errno.ERRNO_UNSPECIFIED) {
            n++;
        }
        assertEquals(queued, n);
    }

    @Test
    void boundariesTruncationAndSource() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long a = s.udp();
        s.bind(a, "127.0.0.1:5000");
        long b = s.udp();
        s.sendto(b, "abcdefgh", "127.0.0.1:5000");
        s.sendto(b, "", "127.0.0.1:5000");
        s.sendto(b, "next", "127.0.0.1:5000");
        Results.Recv r = s.recv(a, 3, Socket.MSG_TRUNC);
        assertEquals(8, r.ret(), "MSG_TRUNC gives the real length");
        assertEquals("abc", new String(r.data()));
        assertEquals(Socket.MSG_TRUNC, r.msgFlags());
        assertEquals(0, s.recv(a, 10, 0).ret(), "an empty datagram is one");
        Results.Recv last = s.recv(a, 100, 0);
        assertEquals("next", new String(last.data()));
        assertEquals(s.af.getname(b, false, Trace.NONE).addr()[2], last.addr()[2], "from b's port");
        assertEquals(Errno.ERRNO_EAGAIN, s.recv(a, 10, 0).errno());
    }

    @Test
    void connectedSockGetsPortUnreachableOnce() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long a = s.udp();
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.connect(a, "127.0.0.1:5999"));
        assertEquals(7, s.send(a, "anyone?", 0).ret());
        assertEquals(Errno.ERRNO_ECONNREFUSED, s.recv(a, 10, 0).errno());
        assertEquals(Errno.ERRNO_EAGAIN, s.recv(a, 10, 0).errno(), "reported once");
        assertEquals(1, s.send(a, "x", 0).ret());
        assertEquals(Errno.ERRNO_ECONNREFUSED, s.send(a, "y", 0).errno(), "the next send reports it");
        long u = s.udp();
        assertEquals(1, s.sendto(u, "x", "127.0.0.1:5999").ret());
        assertEquals(0, s.af.sock(u).err, "an unconnected sock is not told");
    }

    @ParameterizedTest(name = "sendto {0} = {1}")
    @CsvSource({"127.0.0.1:53, UNSPECIFIED", "0.0.0.0:53, UNSPECIFIED", "127.0.0.1:0, EINVAL", "10.0.0.1:53, ENETUNREACH",
        "255.255.255.255:53, ENETUNREACH", "127.255.255.255:53, EACCES"})
    void sendtoChecks(String to, String errno) {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long u = s.udp();
        assertEquals(Errno.valueOf("ERRNO_" + errno), s.sendto(u, "x", to).errno());
    }

    @Test
    void sendWithoutPeerOrTooBig() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long u = s.udp();
        assertEquals(Errno.ERRNO_EDESTADDRREQ, s.send(u, "x", 0).errno());
        assertEquals(Errno.ERRNO_EOPNOTSUPP, s.send(u, "x", Socket.MSG_OOB).errno());
        assertEquals(Errno.ERRNO_EMSGSIZE, s.sendto(u, "y".repeat(65508), "127.0.0.1:53").errno());
        assertEquals(65507, s.sendto(u, "y".repeat(65507), "127.0.0.1:53").ret());
    }
}
