package vkernel.bench;

import static vkernel.uapi.Netlink.NLM_F_ACK;
import static vkernel.uapi.Netlink.NLM_F_CREATE;
import static vkernel.uapi.Netlink.NLM_F_EXCL;
import static vkernel.uapi.Netlink.NLM_F_REQUEST;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import vkernel.errno.v1.Errno;
import vkernel.sdk.CallInterruptedException;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * Part 5: a route added through a NETLINK_ROUTE socket of a CAP_NET_ADMIN task, and the
 * RTM_NEWROUTE notification delivered to 1, 10 and 1,000 sockets bound to
 * RTMGRP_IPV4_ROUTE, each with a blocking recv outstanding (a thread per listener, on a
 * connection of their own). Latency is from just before the adding sendmsg to each
 * listener's recv returning the notification.
 */
final class NetlinkBench {
    private static final SockAddr KERNEL = SockAddr.netlink(0, 0);
    private static final int LISTENERS_PER_TASK = 250;
    private static final int RECV_LEN = 8192;
    /** The routes added: 172.16.0.0/12 split into /24s, on dev 1 (lo) in the initial namespace. */
    private static final int FIRST_DST = (172 << 24) | (16 << 16);

    private NetlinkBench() {}

    static Map<String, Object> run(Target k, Options o) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", "RTM_NEWROUTE (REQUEST|ACK|CREATE|EXCL, 172.16.x.0/24 dev 1) sendmsg by a CAP_NET_ADMIN task"
                + " -> the notification returned by recv on each listener bound to RTMGRP_IPV4_ROUTE");
        Task admin = k.spawnInitNs("bench-nl-admin");
        int afd = admin.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
        AtomicLong nextRoute = new AtomicLong();
        List<Integer> added = new ArrayList<>();
        try {
            for (int n : new int[] {1, 10, 1000}) {
                int warm = o.quick ? 3 : n >= 1000 ? 5 : 20;
                int iters = o.quick ? 10 : n >= 1000 ? 30 : n >= 10 ? 100 : 200;
                try {
                    m.put(n + " listeners", listeners(k, admin, afd, n, warm, iters, nextRoute, added));
                } catch (Exception e) {
                    m.put(n + " listeners", Target.failure(e));
                    Bench.log("    %d listeners: %s", n, Target.describe(e));
                    if (Target.errnoOf(e) != null && Target.notImplemented(Target.errnoOf(e))) {
                        break;
                    }
                }
            }
        } finally {
            for (int dst : added) {
                try {
                    routeChange(admin, afd, Rtnetlink.RTM_DELROUTE, dst, 0);
                } catch (RuntimeException e) {
                    break;
                }
            }
            k.exit(List.of(admin));
        }
        boolean anyOk = m.values().stream().anyMatch(v -> v instanceof Map<?, ?> r && "ok".equals(r.get("status")));
        m.put("status", anyOk ? "ok" : "failed");
        return m;
    }

    private static Map<String, Object> listeners(Target k, Task admin, int afd, int n, int warm, int iters,
            AtomicLong nextRoute, List<Integer> added) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        int total = warm + iters;
        long[][] delivered = new long[total][n];
        long[] sentAt = new long[total];
        Map<Integer, Integer> iterOfDst = new ConcurrentHashMap<>();
        CountDownLatch[] latches = new CountDownLatch[total];
        for (int i = 0; i < total; i++) {
            latches[i] = new CountDownLatch(n);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        // the listeners' own connection: closing it cancels every recv still outstanding
        VKernel conn = VKernel.connect(k.address, k.secret);
        List<Task> tasks = new ArrayList<>();
        try {
            int[] fds = new int[n];
            Task[] owner = new Task[n];
            for (int i = 0; i < n; i++) {
                if (i % LISTENERS_PER_TASK == 0) {
                    tasks.add(conn.spawn(SpawnOptions.named("bench-nl-l" + tasks.size())));
                }
                Task t = tasks.get(tasks.size() - 1);
                owner[i] = t;
                fds[i] = t.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
                t.bind(fds[i], SockAddr.netlink(0, Rtnetlink.RTMGRP_IPV4_ROUTE));
            }
            for (int i = 0; i < n; i++) {
                int li = i;
                Thread th = new Thread(() -> listen(owner[li], fds[li], li, delivered, iterOfDst, latches, failure),
                        "bench-nl-listener-" + i);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
            Thread.sleep(n >= 1000 ? 3000 : 300); // every recv outstanding
            Stats ack = new Stats();
            Stats all = new Stats();
            Stats last = new Stats();
            long missing = 0;
            for (int it = 0; it < total; it++) {
                int dst = FIRST_DST + (int) (nextRoute.getAndIncrement() << 8);
                iterOfDst.put(dst, it);
                long t0 = System.nanoTime();
                sentAt[it] = t0;
                routeChange(admin, afd, Rtnetlink.RTM_NEWROUTE, dst, NLM_F_CREATE | NLM_F_EXCL);
                long tAck = System.nanoTime();
                added.add(dst);
                if (!latches[it].await(n >= 1000 ? 30 : 10, TimeUnit.SECONDS)) {
                    if (failure.get() != null) {
                        throw new IllegalStateException("a listener failed", failure.get());
                    }
                }
                if (it >= warm) {
                    ack.add(tAck - t0);
                    long worst = 0;
                    for (int l = 0; l < n; l++) {
                        long d = delivered[it][l];
                        if (d == 0) {
                            missing++;
                            continue;
                        }
                        all.add(d - t0);
                        worst = Math.max(worst, d - t0);
                    }
                    last.add(worst);
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("a listener failed", failure.get());
                }
                Thread.sleep(n >= 1000 ? 50 : 5); // the listeners call recv again
            }
            r.put("status", all.count() > 0 ? "ok" : "failed");
            r.put("listeners", n);
            r.put("route_adds", iters);
            r.put("add_to_each_delivery", all.summary().toMicros());
            r.put("add_to_last_delivery", last.summary().toMicros());
            r.put("add_to_ack", ack.summary().toMicros());
            r.put("deliveries_missing", missing);
            Bench.log("    %d listener(s): add->delivery p50 %s µs p99 %s µs; add->last p50 %s µs; ack p50 %s µs%s", n,
                    all.summary().toMicros().get("p50_us"), all.summary().toMicros().get("p99_us"),
                    last.summary().toMicros().get("p50_us"), ack.summary().toMicros().get("p50_us"),
                    missing > 0 ? "; " + missing + " deliveries missing" : "");
            return r;
        } finally {
            // exit the listener tasks (their recvs end with them), then close their
            // connection, which cancels any recv still outstanding
            Thread exits = new Thread(() -> tasks.forEach(t -> {
                try {
                    t.close();
                } catch (RuntimeException e) {
                    // gone already
                }
            }), "bench-nl-exit");
            exits.setDaemon(true);
            exits.start();
            exits.join(30_000);
            conn.close();
            for (Thread th : threads) {
                th.join(2000);
            }
        }
    }

    private static void listen(Task t, int fd, int index, long[][] delivered, Map<Integer, Integer> iterOfDst,
            CountDownLatch[] latches, AtomicReference<Throwable> failure) {
        while (true) {
            Received got;
            try {
                got = t.recv(fd, RECV_LEN, 0);
            } catch (CallInterruptedException | KernelTransportException e) {
                return; // the bench is over: its connection was closed
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ERRNO_ENOBUFS) {
                    continue; // overrun: as ip monitor does, read on
                }
                failure.compareAndSet(null, e);
                return;
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return;
            }
            long now = System.nanoTime();
            try {
                for (NlMsg msg : NlMsgParser.parse(got.data(), (int) got.n())) {
                    if (msg.type() != Rtnetlink.RTM_NEWROUTE) {
                        continue;
                    }
                    for (RtAttr a : msg.attributes(RtMsg.SIZE)) {
                        if (a.type() == Rtnetlink.RTA_DST) {
                            Integer it = iterOfDst.get(a.inAddr());
                            if (it != null && delivered[it][index] == 0) {
                                delivered[it][index] = now;
                                latches[it].countDown();
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    /** RTM_NEWROUTE / RTM_DELROUTE of dst/24 dev 1, and its ack read back; an errno answer is thrown. */
    static void routeChange(Task admin, int fd, int type, int dst, int extraFlags) {
        RtMsg rtm = new RtMsg(Socket.AF_INET, 24, 0, 0, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_STATIC,
                Rtnetlink.RT_SCOPE_LINK, Rtnetlink.RTN_UNICAST, 0);
        byte[] req = new NlMsgBuilder(type, NLM_F_REQUEST | NLM_F_ACK | extraFlags, 1, 0).rtmsg(rtm)
                .attr(RtAttr.inAddr(Rtnetlink.RTA_DST, dst)).attrU32(Rtnetlink.RTA_OIF, 1).build();
        admin.sendmsg(fd, req, 0, KERNEL);
        Received ackd = admin.recvmsg(fd, RECV_LEN, 0);
        for (NlMsg msg : NlMsgParser.parse(ackd.data(), (int) ackd.n())) {
            if (msg.type() == Netlink.NLMSG_ERROR && msg.errorField() != 0) {
                throw new ErrnoException(type == Rtnetlink.RTM_NEWROUTE ? "RTM_NEWROUTE" : "RTM_DELROUTE",
                        -msg.errorField());
            }
        }
    }
}
