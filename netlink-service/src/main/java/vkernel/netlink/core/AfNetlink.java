package vkernel.netlink.core;

import vkernel.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.state.StateChanges;
import vkernel.net.core.SleepingCall;
import vkernel.net.core.SockOptions;
import vkernel.net.core.WaitQueue;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;

/**
 * PF_NETLINK: netlink_family_ops.create and netlink_ops (net/netlink/af_netlink.c) over
 * the sock handles socket-service holds. One lock guards nl_table and every sock, as
 * nl_table_lock and the socket locks do together; sleepers are woken after it is
 * released. Calls that may wait (recvmsg, a sendmsg to a full socket or through a
 * family service, poll) answer with futures; nothing here blocks a thread.
 */
public final class AfNetlink {
    final Object lock = new Object();
    final NlTable table = new NlTable();
    final RtnlHandlerTable handlers;
    final RtnlHandlerClient client;
    final RandomGenerator random;
    volatile MulticastBus bus;
    final NetlinkJournal journal;
    final SockIdentities ids;
    final MulticastPositions mc = new MulticastPositions();
    private final LongSupplier clock;
    private final Set<WaitQueue> wakes = new LinkedHashSet<>();
    private final NetlinkKernelRcv kernel = new NetlinkKernelRcv(this);
    private final NetlinkSendmsg sendmsg = new NetlinkSendmsg(this, kernel);

    public record Created(Errno errno, long sock) {}

    public record Name(Errno errno, byte[] addr) {}

    /** sendmsg's result: bytes sent, or -1 and the errno. */
    public record Sent(long ret, Errno errno) {
        static Sent error(Errno e) {
            return new Sent(-1, e);
        }
    }

    /** recvmsg's result: ret (-1 on error), the bytes copied, the source address, msg_flags. */
    public record Received(long ret, Errno errno, byte[] data, byte[] addr, int msgFlags) {
        static Received error(Errno e) {
            return new Received(-1, e, new byte[0], new byte[0], 0);
        }
    }

    public AfNetlink(RtnlHandlerTable handlers, RtnlHandlerClient client, MulticastBus bus, RandomGenerator random,
            LongSupplier clock) {
        this(handlers, client, bus, random, clock, StateChanges.DISCARD);
    }

    /** A core whose every change of its tables is recorded in changes. */
    public AfNetlink(RtnlHandlerTable handlers, RtnlHandlerClient client, MulticastBus bus, RandomGenerator random,
            LongSupplier clock, StateChanges changes) {
        this.journal = new NetlinkJournal(changes);
        this.ids = new SockIdentities(journal);
        this.handlers = handlers;
        this.client = client;
        this.bus = bus;
        this.random = random;
        this.clock = clock;
    }

    public void setBus(MulticastBus bus) {
        this.bus = bus;
    }

    public RtnlHandlerTable handlers() {
        return handlers;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Wakes queue once the lock is released (callers hold the lock); counted now, with the state change. */
    void wake(WaitQueue q) {
        q.countWake();
        wakes.add(q);
    }

    /** Runs the wake-ups collected under the lock; call without holding it. */
    void flushWakes() {
        while (true) {
            List<WaitQueue> now;
            synchronized (lock) {
                if (wakes.isEmpty()) {
                    return;
                }
                now = new ArrayList<>(wakes);
                wakes.clear();
            }
            for (WaitQueue q : now) {
                q.wakeUp();
            }
        }
    }

    static long netnsOf(Cred cred) {
        return cred.getNetns() == 0 ? NetlinkProtocols.INIT_NETNS : cred.getNetns();
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** netlink_create: SOCK_RAW or SOCK_DGRAM of a protocol the kernel has registered. */
    public Created create(Cred cred, int type, int protocol, long ino, Trace t) {
        if (type != Socket.SOCK_RAW && type != Socket.SOCK_DGRAM) {
            return new Created(Errno.ERRNO_ESOCKTNOSUPPORT, 0);
        }
        if (protocol < 0 || protocol >= Netlink.MAX_LINKS || !NetlinkProtocols.get(protocol).registered()) {
            return new Created(Errno.ERRNO_EPROTONOSUPPORT, 0);
        }
        synchronized (lock) {
            NetlinkSock sk = new NetlinkSock(ids.sock(), netnsOf(cred), type, protocol, ino, cred);
            table.add(sk);
            journal.sock(sk);
            t.object("sock", sk.id).field("protocol", NetlinkProtocols.name(protocol)).field("netns", sk.netns);
            return new Created(Errno.ERRNO_UNSPECIFIED, sk.id);
        }
    }

    /** netlink_release: out of the tables, the dump ended, sleepers woken. */
    public void release(long sock) {
        try {
            synchronized (lock) {
                NetlinkSock sk = table.sock(sock);
                if (sk != null) {
                    releaseLocked(sk);
                }
            }
        } finally {
            flushWakes();
        }
    }

    private void releaseLocked(NetlinkSock sk) {
        journal.sockGone(sk);
        table.remove(sk);
        table.forget(sk);
        sk.dead = true;
        sk.cb = null;
        sk.receiveQueue.clear();
        sk.queueSeqs.clear();
        sk.rmemAlloc = 0;
        wake(sk.wq);
        wake(sk.nlkWait);
    }

    public Errno bind(Cred cred, long sock, byte[] addr, Trace t) {
        synchronized (lock) {
            NetlinkSock sk = table.sock(sock);
            if (sk == null) {
                return Errno.ERRNO_EBADF;
            }
            Errno e = NetlinkBind.bind(this, cred, sk, addr, t);
            mc.joined(sk);
            journal.sock(sk); // netlink_insert leaves the portid even when it fails
            return e;
        }
    }

    public Errno connect(Cred cred, long sock, byte[] addr, Trace t) {
        synchronized (lock) {
            NetlinkSock sk = table.sock(sock);
            if (sk == null) {
                return Errno.ERRNO_EBADF;
            }
            Errno e = NetlinkBind.connect(this, cred, sk, addr, t);
            journal.sock(sk);
            return e;
        }
    }

    public Name getname(long sock, boolean peer) {
        synchronized (lock) {
            NetlinkSock sk = table.sock(sock);
            return sk == null ? new Name(Errno.ERRNO_EBADF, new byte[0])
                    : new Name(Errno.ERRNO_UNSPECIFIED, NetlinkBind.getname(sk, peer));
        }
    }

    /** netlink_sendmsg; the future completes once every message for the kernel was handled. */
    public CompletableFuture<Sent> sendmsg(Cred cred, long sock, byte[] data, int flags, byte[] addr,
            boolean nonblock, Trace t) {
        return sendmsg.sendmsg(cred, sock, data, flags, addr, nonblock, t);
    }

    /** netlink_recvmsg; waits (without a thread) while the queue is empty, up to SO_RCVTIMEO. */
    public CompletableFuture<Received> recvmsg(long sock, long len, int flags, boolean nonblock) {
        CompletableFuture<Received> out = new CompletableFuture<>();
        NetlinkSock sk;
        synchronized (lock) {
            sk = table.sock(sock);
        }
        if (sk == null) {
            return CompletableFuture.completedFuture(Received.error(Errno.ERRNO_EBADF));
        }
        if ((flags & Socket.MSG_OOB) != 0) {
            return CompletableFuture.completedFuture(Received.error(Errno.ERRNO_EOPNOTSUPP));
        }
        long timeout = sk.rcvTimeoutMillis(nonblock || (flags & Socket.MSG_DONTWAIT) != 0);
        SleepingCall.run(lock, sk.wq, timeout, () -> NetlinkRecvmsg.attempt(this, sk, len, flags),
                () -> {
                    NetlinkDeliver.rcvWake(this, sk);
                    return Received.error(Errno.ERRNO_EAGAIN);
                },
                () -> Received.error(Errno.ERRNO_EINTR),
                r -> {
                    flushWakes();
                    out.complete(r);
                });
        flushWakes();
        return out;
    }

    /** netlink_poll (datagram_poll) up to timeoutMs for events or an error; afterWake >= 0 (EPOLLET) also awaits a new wake-up. */
    public CompletableFuture<Revents> poll(long sock, int events, int timeoutMs, long afterWake) {
        NetlinkSock sk;
        synchronized (lock) {
            sk = table.sock(sock);
        }
        if (sk == null) {
            return CompletableFuture.completedFuture(Revents.of(vkernel.uapi.Poll.POLLNVAL));
        }
        int wanted = events | vkernel.uapi.Poll.POLLERR | vkernel.uapi.Poll.POLLHUP;
        CompletableFuture<Revents> out = new CompletableFuture<>();
        SleepingCall.run(lock, sk.wq, timeoutMs < 0 ? -1 : timeoutMs, () -> {
            Revents r = NetlinkRecvmsg.revents(sk);
            return (r.mask() & wanted) != 0 && (afterWake < 0 || r.wakes() > afterWake) || sk.dead ? r : null;
        }, () -> NetlinkRecvmsg.revents(sk), () -> NetlinkRecvmsg.revents(sk), out::complete);
        return out;
    }

    public Errno setsockopt(Cred cred, long sock, int level, int optname, byte[] optval) {
        try {
            synchronized (lock) {
                NetlinkSock sk = table.sock(sock);
                if (sk == null) {
                    return Errno.ERRNO_EBADF;
                }
                Errno e;
                if (level == Socket.SOL_SOCKET) {
                    e = SockOptions.set(sk, optname, optval, cred);
                } else if (level != Socket.SOL_NETLINK) {
                    return Errno.ERRNO_ENOPROTOOPT;
                } else {
                    e = NetlinkSockopt.set(this, sk, optname, optval, cred.getCapEffective());
                    mc.joined(sk);
                }
                journal.sock(sk);
                return e;
            }
        } finally {
            flushWakes();
        }
    }

    public SockOptions.Value getsockopt(long sock, int level, int optname, int optlen) {
        synchronized (lock) {
            NetlinkSock sk = table.sock(sock);
            if (sk == null) {
                return SockOptions.Value.error(Errno.ERRNO_EBADF);
            }
            if (level == Socket.SOL_SOCKET) {
                return SockOptions.get(sk, optname, optlen);
            }
            if (level != Socket.SOL_NETLINK) {
                return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
            }
            return NetlinkSockopt.get(sk, optname, optlen);
        }
    }

    /** netlink_net_exit: every sock still in the namespace is released and its tables go. */
    public void netnsExit(long netns) {
        try {
            synchronized (lock) {
                for (NetlinkSock sk : table.socksOf(netns)) {
                    releaseLocked(sk);
                }
                table.dropNet(netns);
            }
        } finally {
            flushWakes();
        }
    }

    /** A broadcast made by another instance, for this instance's members. */
    public int deliverRemote(MulticastBus.Multicast m) {
        return deliverRemote(m, -1, 0);
    }

    /**
     * The same, read at (partition, offset) of its protocol's multicast topic: a member
     * that had it already (the topic is read again after a restart) does not get it twice.
     */
    public int deliverRemote(MulticastBus.Multicast m, int partition, long offset) {
        boolean valid = m.protocol() >= 0 && m.protocol() < Netlink.MAX_LINKS && m.group() > 0 && m.data().length != 0;
        try {
            synchronized (lock) {
                if (partition >= 0 && m.protocol() >= 0 && m.protocol() < Netlink.MAX_LINKS) {
                    mc.delivered(m.protocol(), partition, offset);
                }
                if (!valid) {
                    return 0;
                }
                Skb skb = m.portid() == 0 ? Skb.kernel(m.data(), m.group())
                        : new Skb(m.data(), m.portid(), m.group(), Skb.userTruesize(m.data().length, true));
                return NetlinkMulticast.broadcast(this, m.netns(), m.protocol(), skb, m.excludePortid(), null, false,
                        partition, offset, Trace.NONE);
            }
        } finally {
            flushWakes();
        }
    }

    /** The multicast consumer is at offset of (protocol, partition): every record before it is handled. */
    public void mcStart(int protocol, int partition, long offset) {
        synchronized (lock) {
            mc.start(protocol, partition, offset);
        }
    }

    /** Where the multicast consumer goes on reading (protocol, partition); null: at the end. */
    public Long mcPosition(int protocol, int partition) {
        synchronized (lock) {
            return mc.next(protocol, partition);
        }
    }

    /**
     * Records where the multicast consumer is. Call only once every delivery before it is
     * durable: a restored layer goes on from there.
     */
    public void recordMcPositions() {
        synchronized (lock) {
            mc.record(journal);
        }
    }

    /**
     * This layer's identity, the same after a restart: the instance PF_NETLINK is
     * registered as (the socks it made stay its own) and the origin of its multicast records.
     */
    public String identity() {
        return mc.origin();
    }

    /** The sock as vk inspect shows it (struct sock, struct netlink_sock), or null. */
    public List<String[]> inspect(long sock) {
        synchronized (lock) {
            NetlinkSock sk = table.sock(sock);
            return sk == null ? null : NetlinkInspect.fields(sk);
        }
    }

    /** Every sock by its handle, with the inode it was made on: {handle, ino} (ListSocks). */
    public java.util.List<long[]> handles() {
        synchronized (lock) {
            java.util.List<long[]> out = new java.util.ArrayList<>();
            for (NetlinkSock sk : table.socks()) {
                out.add(new long[] {sk.id, sk.ino});
            }
            return out;
        }
    }

    /** Socks alive, for health and tests. */
    public int sockCount() {
        synchronized (lock) {
            return table.sockCount();
        }
    }

    /** Namespaces with a non-empty table, for tests: nothing may leak. */
    public int netCount() {
        synchronized (lock) {
            return table.netCount();
        }
    }
}
