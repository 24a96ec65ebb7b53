package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.task;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * The kernel sockets of the other protocols and sock_diag, against what the oracle
 * answered: a NOOP with NLM_F_ACK, then a type-16 request with a 4-byte payload.
 */
class KernelInputTest {
    private final Kernel k = new Kernel();
    private final Cred a = root(100);

    private static int error(byte[] ack) {
        return -Le.s32(ack, 16);
    }

    @ParameterizedTest(name = "protocol {0}: NOOP -> {1}, type 16 -> {2}")
    @CsvSource({
        "0, 0, 95", "4, 0, 22", "6, 0, 95", "9, 22, 22", "12, 0, 95", "15, 0, 0", "16, 0, 95"})
    void answersOfEachKernelSocket(int protocol, int noop, int type16) {
        long s = k.socket(a, protocol);
        k.toKernel(a, s, Kernel.noop(7));
        assertEquals(noop, error(k.recv(s).data()));
        k.toKernel(a, s, NlMsgBuilder.put(16, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 8, 0, new byte[4]));
        assertEquals(type16, error(k.recv(s).data()));
    }

    @ParameterizedTest(name = "protocol {0} has no kernel socket to talk to here")
    @CsvSource({"2", "7", "11"})
    void refusedWithoutAKernelSocket(int protocol) {
        long s = k.socket(a, protocol);
        assertEquals(ERRNO_ECONNREFUSED, k.toKernel(a, s, Kernel.noop(1)).errno());
    }

    @Test
    void fibLookupTakesEverythingSilently() {
        long s = k.socket(a, Netlink.NETLINK_FIB_LOOKUP);
        assertEquals(16, k.toKernel(a, s, Kernel.noop(1)).ret());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    @Test
    void netfilterRefusesUsersForTheWholeBatch() {
        Cred user = task(5, 0);
        long s = k.socket(user, Netlink.NETLINK_NETFILTER);
        k.toKernel(user, s, NlMsgBuilder.datagram(List.of(NlMsgBuilder.put(1, Netlink.NLM_F_REQUEST, 1, 0, new byte[0]),
                Kernel.noop(2))));
        byte[] ack = k.recv(s).data();
        assertEquals(ERRNO_EPERM.getNumber(), error(ack));
        assertEquals(1, NlMsgHdr.peek(ack, 0).seq());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    @ParameterizedTest(name = "sock_diag {0}")
    @CsvSource({
        "short, ERRNO_EINVAL", "family46, ERRNO_EINVAL", "unregistered, ERRNO_ENOENT", "tcpdiag, ERRNO_EOPNOTSUPP",
        "type22, ERRNO_EINVAL"})
    void sockDiagWithoutHandlers(String what, Errno expected) {
        long s = k.socket(a, Netlink.NETLINK_SOCK_DIAG);
        int f = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_DUMP;
        byte[] req = switch (what) {
            case "short" -> NlMsgBuilder.put(20, f, 1, 0, new byte[1]);
            case "family46" -> NlMsgBuilder.put(20, f, 1, 0, new byte[] {46, 6});
            case "unregistered" -> NlMsgBuilder.put(20, f, 1, 0, new byte[] {2, 6, 0, 0});
            case "tcpdiag" -> NlMsgBuilder.put(18, f, 1, 0, new byte[60]);
            default -> NlMsgBuilder.put(22, f, 1, 0, new byte[4]);
        };
        k.toKernel(a, s, req);
        assertEquals(expected.getNumber(), error(k.recv(s).data()));
    }

    private static byte[] inetDiagReq() {
        byte[] r = new byte[56];
        r[0] = 2;
        r[1] = 6;
        return r;
    }

    @Test
    void sockDiagDumpsGoToTheRegisteredFamily() {
        k.handlers.sockDiagRegister(2, "inet:7003", "inet-1", k.now);
        long s = k.socket(a, Netlink.NETLINK_SOCK_DIAG);
        k.toKernel(a, s, NlMsgBuilder.put(20, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 60, 0, inetDiagReq()));
        byte[] first = k.recv(s).data();
        assertEquals(20, NlMsgHdr.peek(first, 0).type());
        assertEquals(Netlink.NLMSG_DONE, NlMsgHdr.peek(k.recv(s).data(), 0).type());
        k.toKernel(a, s, NlMsgBuilder.put(21, Netlink.NLM_F_REQUEST, 61, 0, inetDiagReq()));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()), "no SOCK_DESTROY in the contract");
        k.toKernel(a, s, NlMsgBuilder.put(20, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 62, 0, inetDiagReq()));
        assertEquals(20, NlMsgHdr.peek(k.recv(s).data(), 0).type(), "one socket: the reply...");
        assertEquals(0, error(k.recv(s).data()), "...then the ack");
    }

    @Test
    void remoteBroadcastsReachLocalMembers() {
        long l = k.socket(a, 0);
        k.bind(a, l, 0, 64);
        byte[] msg = NlMsgBuilder.put(24, 0, 0, 0, new byte[36]);
        assertEquals(1, k.af.deliverRemote(new MulticastBus.Multicast(0, 2, 7, 0, 0, msg)));
        assertEquals(0, k.af.deliverRemote(new MulticastBus.Multicast(0, 3, 7, 0, 0, msg)), "another namespace");
        assertEquals(0, k.af.deliverRemote(new MulticastBus.Multicast(0, 2, 8, 0, 0, msg)), "another group");
        assertEquals(0, k.af.deliverRemote(new MulticastBus.Multicast(0, 2, 7, 0, 100, msg)), "the excluded portid");
        assertEquals(0, k.af.deliverRemote(new MulticastBus.Multicast(40, 2, 7, 0, 0, msg)));
        assertEquals(52, k.recv(l).ret());
        assertEquals(0, k.published.size(), "a remote broadcast is not published again");
    }
}
