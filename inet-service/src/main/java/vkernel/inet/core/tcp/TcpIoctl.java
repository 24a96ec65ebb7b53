package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.TCP_LISTEN;
import static vkernel.inet.core.tcp.TcpStates.TCP_SYN_RECV;
import static vkernel.inet.core.tcp.TcpStates.TCP_SYN_SENT;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.SkIoctl;
import vkernel.uapi.Sockios;

/** tcp_ioctl (net/ipv4/tcp.c): the queues as a program asks for them with ioctl(2). */
final class TcpIoctl {
    private TcpIoctl() {}

    static SkIoctl ioctl(TcpSock sk, int cmd) {
        switch (cmd) {
            case Sockios.SIOCINQ:
                return sk.state == TCP_LISTEN ? SkIoctl.error(Errno.ERRNO_EINVAL) : SkIoctl.of(inq(sk));
            case Sockios.SIOCATMARK:
                return SkIoctl.of(sk.urgData != 0 && sk.urgSeq == sk.copiedSeq ? 1 : 0);
            case Sockios.SIOCOUTQ:
            case Sockios.SIOCOUTQNSD:
                // Over lo the peer acknowledges what it takes at once: what is not yet sent
                // (write_seq - snd_nxt) is also what is not yet acknowledged (write_seq - snd_una).
                if (sk.state == TCP_LISTEN) {
                    return SkIoctl.error(Errno.ERRNO_EINVAL);
                }
                return SkIoctl.of(synchronising(sk) ? 0 : (int) (sk.writeSeq - sk.sndNxt));
            default:
                return SkIoctl.UNKNOWN;
        }
    }

    /**
     * tcp_inq: the bytes readable now, the peer's FIN not counted; with urgent data ahead
     * and SO_OOBINLINE off, only the bytes before the urgent mark (even once the urgent
     * byte is read: the mark stays until the reader passes it, as Linux answers 0 there).
     */
    static int inq(TcpSock sk) {
        if (synchronising(sk)) {
            return 0;
        }
        if (sk.oobinline || sk.urgData == 0 || sk.urgSeq < sk.copiedSeq || sk.urgSeq >= sk.rcvNxt) {
            return (int) (sk.rcvNxt - sk.copiedSeq);
        }
        return (int) (sk.urgSeq - sk.copiedSeq);
    }

    private static boolean synchronising(TcpSock sk) {
        return sk.state == TCP_SYN_SENT || sk.state == TCP_SYN_RECV;
    }
}
