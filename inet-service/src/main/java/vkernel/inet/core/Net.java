package vkernel.inet.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import vkernel.inet.core.fib.Fib;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;
import vkernel.inet.core.dev.NetDeviceTable;
import vkernel.uapi.IfAddr;
import vkernel.uapi.Rtnetlink;
import vkernel.inet.core.raw.RawHashinfo;
import vkernel.inet.core.tcp.InetHashinfo;
import vkernel.inet.core.tcp.Loopback;
import vkernel.inet.core.udp.UdpTable;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.NetNs;
import vkernel.net.core.WaitQueue;

/**
 * struct net, its IPv4 half (include/net/net_namespace.h, netns/ipv4.h): the devices,
 * the FIB, the TCP, UDP and raw tables and the sysctls of one network namespace.
 * Everything in it is guarded by this object's monitor: all loopback traffic stays in
 * one namespace, so one lock orders every state change of its socks, as softirq
 * processing on one CPU would.
 */
public final class Net {
    public final long id;
    /** Uptime base for the address timestamps (ifa_cstamp). */
    final long createdMillis = System.currentTimeMillis() - START_MILLIS;
    private static final long START_MILLIS = System.currentTimeMillis();
    final Timers timers;
    final Trace.Source traceSource;
    /** What the state topic must learn of this namespace's tables (nothing when durability is off). */
    final NetJournal journal;

    final NetDeviceTable devices;
    final NetDevice lo;
    final Fib fib;
    final InetHashinfo tcpHashinfo = new InetHashinfo(this);
    final UdpTable udpTable;
    final UdpTable udpliteTable;
    final RawHashinfo rawHashinfo = new RawHashinfo();
    final Loopback loopback = new Loopback();

    // sysctls (net.ipv4.*), at their defaults
    int ipLocalPortLow = 32768;
    int ipLocalPortHigh = 60999;
    int ipUnprivilegedPortStart = 1024;
    int pingGroupLow = 1;
    int pingGroupHigh = 0;
    int ipDefaultTtl = 64;
    boolean ipNonlocalBind;
    int tcpFinTimeoutSecs = 60;
    int tcpSynRetries = 6;
    int tcpKeepaliveTime = 7200;
    int tcpKeepaliveIntvl = 75;
    int tcpKeepaliveProbes = 9;

    private int ipId;

    /** The IP id of the next packet this namespace builds. */
    public int nextIpId() {
        return ipId++ & 0xffff;
    }

    /** The step the work under way belongs to (set by whoever holds the lock). */
    private Trace trace = Trace.NONE;
    private final Map<WaitQueue, Boolean> pendingWakeups = new IdentityHashMap<>();
    private boolean exited;

    Net(long id, Timers timers, Trace.Source traceSource) {
        this(id, timers, traceSource, InetJournal.discard());
    }

    Net(long id, Timers timers, Trace.Source traceSource, InetJournal journal) {
        this.id = id;
        this.timers = timers;
        this.traceSource = traceSource;
        this.journal = new NetJournal(journal, this);
        this.devices = new NetDeviceTable(id == NetNs.INIT_NETNS);
        this.lo = devices.loopback();
        this.fib = new Fib(this);
        this.udpTable = new UdpTable(this, vkernel.uapi.In.IPPROTO_UDP);
        this.udpliteTable = new UdpTable(this, IPPROTO_UDPLITE);
        if (lo.up()) {
            // init_net, as a booted machine has it: lo brought up, so inetdev_event(NETDEV_UP)
            // gave it 127.0.0.1/8, scope host, permanent, with its routes. A namespace made by
            // unshare is born with lo down, no address, no FIB table (setup_net, loopback_net_init).
            int stamp = (int) (createdMillis / 10);
            InIfaddr loAddr = new InIfaddr(Addr.INADDR_LOOPBACK, Addr.INADDR_LOOPBACK, 0, 8, IfAddr.IFA_F_PERMANENT,
                    Rtnetlink.RT_SCOPE_HOST, lo.name(), stamp, stamp);
            lo.ifaList().add(loAddr);
            fib.addIfaddr(lo, loAddr);
        }
        this.journal.clearMarks(); // what a namespace is born with is not recorded
    }

    public static final int IPPROTO_UDPLITE = 136;
    public static final int IPPROTO_MPTCP = 262;

    public Trace trace() {
        return trace;
    }

    /** Runs body with t as the current step; the caller holds the lock. */
    <T> T traced(Trace t, Supplier<T> body) {
        Trace prev = trace;
        trace = t;
        try {
            return body.get();
        } finally {
            trace = prev;
        }
    }

    /** Processes the TCP segments queued on lo; the caller holds the lock. */
    public void drain() {
        loopback.drain(this);
    }

    /** Queues a wake-up, done once the lock is released (flushWakeups); counted now, with the state change. */
    void wake(WaitQueue q) {
        q.countWake();
        pendingWakeups.put(q, Boolean.TRUE);
    }

    /** Wakes every queue woken while the lock was held; sleepers that run may wake more. Call without the lock. */
    public void flushWakeups() {
        while (true) {
            List<WaitQueue> batch;
            synchronized (this) {
                if (pendingWakeups.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(pendingWakeups.keySet());
                pendingWakeups.clear();
            }
            for (WaitQueue q : batch) {
                q.wakeUp();
            }
        }
    }

    /**
     * A timer task: runs under the lock with a root step, records what it changed, then
     * delivers its wake-ups. The handle knows its deadline, which a sock's record keeps.
     */
    public Timers.Cancel timer(long delayMillis, String function, Runnable task) {
        Armed armed = new Armed(Math.max(1, timers.nowMillis() + delayMillis));
        armed.inner = timers.schedule(delayMillis, () -> {
            try {
                synchronized (this) {
                    if (exited || armed.cancelled) {
                        return;
                    }
                    armed.fired = true;
                    Trace t = traceSource.root(function);
                    traced(t, () -> {
                        task.run();
                        return null;
                    });
                    t.end();
                    journal.flush();
                }
                flushWakeups();
                journal.changedOutsideACall();
            } catch (RuntimeException e) {
                System.getLogger(Net.class.getName()).log(System.Logger.Level.ERROR, function + " failed", e);
            }
        });
        return armed;
    }

    /** A timer armed by {@link #timer}: its deadline while it is pending. Guarded by the namespace lock. */
    private static final class Armed implements Timers.Cancel {
        final long deadline;
        Timers.Cancel inner = Timers.NOTHING;
        boolean fired;
        boolean cancelled;

        Armed(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void cancel() {
            cancelled = true;
            inner.cancel();
        }
    }

    /** When a timer of this stack fires (wall-clock ms), or 0 when it is not pending. */
    public static long deadline(Timers.Cancel c) {
        return c instanceof Armed a && !a.fired && !a.cancelled ? a.deadline : 0;
    }

    /** How long from now until a recorded deadline (0 when it has passed). */
    public long millisUntil(long deadline) {
        return Math.max(0, deadline - timers.nowMillis());
    }

    /** The journal of this namespace's tables: mutations mark what changed, the lock holder flushes. */
    public NetJournal journal() {
        return journal;
    }

    /** A sock id never handed out before, in this process or an earlier one (sk_alloc's handle). */
    public long nextSockId() {
        return journal.nextSockId();
    }

    boolean exited() {
        return exited;
    }

    void markExited() {
        exited = true;
    }

    /** A random value in [low, high], for port choice and hashing (get_random_u32). */
    public int random(int low, int high) {
        return low + ThreadLocalRandom.current().nextInt(high - low + 1);
    }

    /** inet_port_requires_bind_service. */
    boolean portRequiresBindService(int port) {
        return port < ipUnprivilegedPortStart;
    }

    /** inet_sk_get_local_port_range, with IP_LOCAL_PORT_RANGE narrowing it. */
    public int[] localPortRange(InetSock sk) {
        int low = ipLocalPortLow;
        int high = ipLocalPortHigh;
        if (sk != null && sk.localPortRange != 0) {
            int skLo = sk.localPortRange & 0xffff;
            int skHi = sk.localPortRange >>> 16;
            if (low <= skLo && skLo <= high) {
                low = skLo;
            }
            if (low <= skHi && skHi <= high) {
                high = skHi;
            }
        }
        return new int[] {low, high};
    }

    /** The uptime base for address timestamps (ifa_cstamp). */
    public long createdMillis() {
        return createdMillis;
    }

    /** The loopback device (net->loopback_dev). */
    public NetDevice lo() {
        return lo;
    }

    /** The namespace's devices. */
    public NetDeviceTable devices() {
        return devices;
    }

    /** Hundredths of a second of uptime, as address timestamps count (jiffies in ifa_cstamp). */
    public int stampNow() {
        return (int) ((System.currentTimeMillis() - START_MILLIS) / 10);
    }

    /** The IPv4 FIB (net->ipv4.fib_main, fib_local ...). */
    public Fib fib() {
        return fib;
    }

    /** TCP's port and connection tables (tcp_hashinfo). */
    public InetHashinfo tcpHashinfo() {
        return tcpHashinfo;
    }

    /** udp_table. */
    public UdpTable udpTable() {
        return udpTable;
    }

    /** udplite_table. */
    public UdpTable udpliteTable() {
        return udpliteTable;
    }

    /** raw_v4_hashinfo. */
    public RawHashinfo rawHashinfo() {
        return rawHashinfo;
    }

    /** The TCP segments queued on lo. */
    public Loopback loopback() {
        return loopback;
    }

    /** net.ipv4.ip_default_ttl. */
    public int ipDefaultTtl() {
        return ipDefaultTtl;
    }

    /** net.ipv4.ping_group_range, its low end. */
    public int pingGroupLow() {
        return pingGroupLow;
    }

    /** net.ipv4.ping_group_range, its high end. */
    public int pingGroupHigh() {
        return pingGroupHigh;
    }

    /** net.ipv4.tcp_fin_timeout. */
    public int tcpFinTimeoutSecs() {
        return tcpFinTimeoutSecs;
    }

    /** net.ipv4.tcp_syn_retries. */
    public int tcpSynRetries() {
        return tcpSynRetries;
    }

    /** net.ipv4.tcp_keepalive_time. */
    public int tcpKeepaliveTime() {
        return tcpKeepaliveTime;
    }

    /** net.ipv4.tcp_keepalive_intvl. */
    public int tcpKeepaliveIntvl() {
        return tcpKeepaliveIntvl;
    }

    /** net.ipv4.tcp_keepalive_probes. */
    public int tcpKeepaliveProbes() {
        return tcpKeepaliveProbes;
    }
}
