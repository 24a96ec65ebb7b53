package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.task;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * 10,000 random and mutated datagrams to every kernel socket, from root and from a user:
 * nothing throws, every call answers, nothing leaks, and afterwards a valid request is
 * answered exactly as on a fresh kernel.
 */
class NetlinkFuzzTest {
    private static final int[] PROTOCOLS = {0, 4, 6, 9, 10, 12, 15, 16};

    @Test
    void randomAndMutatedMessagesChangeNothingTheyShouldNot() {
        Kernel k = new Kernel().withInet();
        k.handlers.sockDiagRegister(2, "inet:7003", "inet-1", k.now);
        Random rnd = new Random(20261124);
        Cred root = root(100);
        Cred user = task(200, 0);
        long[] rootSocks = new long[PROTOCOLS.length];
        long[] userSocks = new long[PROTOCOLS.length];
        for (int i = 0; i < PROTOCOLS.length; i++) {
            rootSocks[i] = k.socket(root, PROTOCOLS[i]);
            userSocks[i] = k.socket(user, PROTOCOLS[i]);
        }
        List<byte[]> seeds = List.of(Kernel.route(24, 1, 50, 0), Kernel.route(25, 2, 50, 0), Kernel.dumpRequest(3, 2),
                Kernel.noop(4), NlMsgBuilder.put(20, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 5, 0, new byte[56]));
        for (int n = 0; n < 10_000; n++) {
            byte[] d = rnd.nextInt(4) == 0 ? random(rnd) : mutate(rnd, seeds.get(rnd.nextInt(seeds.size())));
            int i = rnd.nextInt(PROTOCOLS.length);
            boolean asRoot = rnd.nextBoolean();
            AfNetlink.Sent sent = k.af.sendmsg(asRoot ? root : user, asRoot ? rootSocks[i] : userSocks[i], d,
                    rnd.nextInt(8) == 0 ? rnd.nextInt() : 0, Kernel.nl(0, rnd.nextInt(16) == 0 ? rnd.nextInt() : 0),
                    true, Trace.NONE).join();
            assertTrue(sent.errno() != Errno.UNRECOGNIZED);
            if (sent.errno() == Errno.ERRNO_UNSPECIFIED) {
                assertEquals(d.length, sent.ret());
            }
            if (rnd.nextInt(3) == 0) {
                drain(k, rootSocks[i]);
                drain(k, userSocks[i]);
            }
        }
        for (int i = 0; i < PROTOCOLS.length; i++) {
            drain(k, rootSocks[i]);
            drain(k, userSocks[i]);
        }
        // The kernel still answers a valid request exactly.
        long s = rootSocks[0];
        k.inet.routes.clear();
        k.toKernel(root, s, Kernel.route(24, 77, 99, 0));
        byte[] ack = k.recv(s).data();
        assertEquals(new NlMsgHdr(36, Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, 77, 100), NlMsgHdr.peek(ack, 0));
        assertEquals(0, Le.s32(ack, 16));
        k.toKernel(root, s, Kernel.dumpRequest(78, 2));
        assertEquals(52, k.recv(s).ret());
        assertEquals(20, k.recv(s).ret());
        for (int i = 0; i < PROTOCOLS.length; i++) {
            k.af.release(rootSocks[i]);
            k.af.release(userSocks[i]);
        }
        assertEquals(0, k.af.sockCount());
        assertEquals(0, k.af.netCount());
    }

    private static void drain(Kernel k, long s) {
        for (int j = 0; j < 1000; j++) {
            AfNetlink.Received r = k.af.recvmsg(s, 1 + (j * 977) % 70000, j % 5 == 0 ? vkernel.uapi.Socket.MSG_PEEK : 0,
                    true).join();
            if (r.errno() == Errno.ERRNO_EAGAIN) {
                return;
            }
        }
    }

    private static byte[] random(Random rnd) {
        byte[] b = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 600)];
        rnd.nextBytes(b);
        if (b.length >= 16 && rnd.nextBoolean()) {
            Le.put32(b, 0, rnd.nextBoolean() ? b.length : rnd.nextInt());
        }
        return b;
    }

    /** A seed with bytes flipped, lengths changed, cut short, or repeated. */
    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> Le.put32(b, 0, new int[] {0, 15, 16, 17, b.length + 1, -1, Integer.MIN_VALUE, 65536}[rnd.nextInt(8)]);
            case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length) + 1);
            case 3 -> Le.put16(b, 4, rnd.nextInt(65536));
            case 4 -> {
                if (b.length >= 30) {
                    Le.put16(b, 16 + 12, rnd.nextInt(65536)); // an attribute length
                }
            }
            default -> b = NlMsgBuilder.datagram(List.of(b, b, seed));
        }
        if (rnd.nextInt(4) == 0) {
            Le.put16(b.length >= 8 ? b : new byte[8], 6, rnd.nextInt(65536)); // flags
        }
        return b;
    }
}
