package vkernel.inet.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Capability;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.Socket;

/** Test helpers over {@link AfInet}: tasks, and the calls with their results, non-blocking unless said. */
public final class Socks {
    public static final long NETNS = 7;
    public static final Cred ROOT = Cred.newBuilder().setPid(1).setUid(0).setCapEffective(Capability.CAP_FULL_SET).setNetns(NETNS)
            .build();
    public static final Cred USER = Cred.newBuilder().setPid(2).setUid(1000).setGid(1000).setNetns(NETNS).build();

    public final AfInet af;

    /** The helpers' namespace as a scenario's is: lo brought up. */
    public Socks(AfInet af) {
        this(af, true);
    }

    private Socks(AfInet af, boolean loopbackUp) {
        this.af = af;
        if (loopbackUp) {
            loopbackUp(af, NETNS);
        }
    }

    /** Helpers over a stack whose namespace is as it was left (a restored one): lo as recorded. */
    public static Socks over(AfInet af) {
        return new Socks(af, false);
    }

    /**
     * ip link set lo up in a namespace, as the conformance oracle does to the one it
     * unshares (a new namespace is born with lo down, no address and no routes).
     */
    public static void loopbackUp(AfInet af, long netns) {
        byte[] m = vkernel.uapi.netlink.LinkUp.request(vkernel.uapi.netlink.LinkUp.LOOPBACK_IFINDEX, 1);
        Cred root = ROOT.toBuilder().setNetns(netns).build();
        RtmRoute.DoitResult r = af.rtnlDoit(root, m, 0, false, Trace.NONE);
        if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
            throw new AssertionError("ip link set lo up: " + r.errno());
        }
    }

    public static byte[] addr(String text) {
        int colon = text.lastIndexOf(':');
        return new SockaddrIn(Integer.parseInt(text.substring(colon + 1)), SockaddrIn.parseAddr(text.substring(0, colon)))
                .encode();
    }

    public long socket(int type) {
        Results.Create r = af.create(ROOT, type, 0, false, 0, Trace.NONE);
        if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
            throw new AssertionError("socket: " + r.errno());
        }
        return r.sock();
    }

    public long tcp() {
        return socket(Socket.SOCK_STREAM);
    }

    public long udp() {
        return socket(Socket.SOCK_DGRAM);
    }

    public Errno bind(long sk, String a) {
        return af.bind(ROOT, sk, addr(a), Trace.NONE);
    }

    public Errno listen(long sk, int backlog) {
        return af.listen(ROOT, sk, backlog, Trace.NONE);
    }

    public static <T> T now(CompletableFuture<T> f) {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the call did not answer", e);
        }
    }

    public Errno connect(long sk, String a) {
        CompletableFuture<Results.Connect> f = new CompletableFuture<>();
        af.connect(ROOT, sk, addr(a), false, Trace.NONE, f::complete);
        return now(f).errno();
    }

    public long accept(long listener) {
        CompletableFuture<Results.Accept> f = new CompletableFuture<>();
        af.accept(ROOT, listener, true, 0, Trace.NONE, f::complete);
        Results.Accept r = now(f);
        if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
            throw new AssertionError("accept: " + r.errno());
        }
        return r.newSock();
    }

    public Results.Send send(long sk, String data, int flags) {
        CompletableFuture<Results.Send> f = new CompletableFuture<>();
        af.sendmsg(ROOT, sk, data.getBytes(), flags, new byte[0], true, Trace.NONE, f::complete);
        return now(f);
    }

    public Results.Send sendto(long sk, String data, String to) {
        CompletableFuture<Results.Send> f = new CompletableFuture<>();
        af.sendmsg(ROOT, sk, data.getBytes(), 0, addr(to), true, Trace.NONE, f::complete);
        return now(f);
    }

    public Results.Recv recv(long sk, int len, int flags) {
        CompletableFuture<Results.Recv> f = new CompletableFuture<>();
        af.recvmsg(ROOT, sk, IovLen.of(len), flags, true, Trace.NONE, f::complete);
        return now(f);
    }

    public String recvText(long sk, int len) {
        Results.Recv r = recv(sk, len, 0);
        return r.errno() == Errno.ERRNO_UNSPECIFIED ? new String(r.data()) : r.errno().name();
    }

    public Errno shutdown(long sk, int how) {
        return af.shutdown(ROOT, sk, how, Trace.NONE).errno();
    }

    public void close(long sk) {
        af.release(sk, Trace.NONE);
    }

    /** A connected pair over lo: {client, accepted}. */
    public long[] pair(int port) {
        long l = tcp();
        bind(l, "127.0.0.1:" + port);
        listen(l, 8);
        long c = tcp();
        Errno e = connect(c, "127.0.0.1:" + port);
        if (e != Errno.ERRNO_UNSPECIFIED) {
            throw new AssertionError("connect: " + e);
        }
        long s = accept(l);
        close(l);
        return new long[] {c, s};
    }

    public TcpSock tcpSock(long id) {
        return (TcpSock) af.sock(id);
    }

    public int state(long id) {
        return af.sock(id).state;
    }
}
