package vkernel.netlink.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.netlink.core.NetlinkKernelCfg.KernelInput;
import vkernel.netlink.core.NetlinkRcvSkb.Msg;
import vkernel.netlink.core.RtnlHandlerClient.DumpResult;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtAttr;

/**
 * netlink_unicast_kernel → the kernel socket's input (rtnetlink_rcv, sock_diag_rcv ...):
 * each message of the datagram in turn, as netlink_rcv_skb runs them, the acks
 * (netlink_ack) after what each message caused. A doit's notifications and replies
 * reach their sockets before its ack, so a task sees its own notification first. A
 * started dump is not acked (the callback's -EINTR). Calls to family services are
 * futures; the AfNetlink lock is held only between them.
 */
final class NetlinkKernelRcv {
    /** A datagram for the kernel socket: who sent it and what. */
    record Input(NetlinkSock sender, Cred cred, long netns, int protocol, int portid, byte[] data) {}

    /** What the callback returned: an error for the ack, or "dump started" (no ack). */
    private record Verdict(Errno err, String extack, boolean skip) {
        static final Verdict SKIP = new Verdict(Errno.ERRNO_UNSPECIFIED, null, true);

        static Verdict of(Errno e) {
            return new Verdict(e, null, false);
        }
    }

    private final AfNetlink af;

    NetlinkKernelRcv(AfNetlink af) {
        this.af = af;
    }

    /** Runs every message; completes when the last one's ack is queued. */
    CompletableFuture<Void> rcv(Input in, Trace t) {
        KernelInput kind = NetlinkProtocols.get(in.protocol()).input();
        List<Msg> msgs = kind == KernelInput.SILENT ? List.of() : NetlinkRcvSkb.walk(in.data());
        if (kind == KernelInput.NETFILTER && !msgs.isEmpty()
                && !NetlinkKernelInput.netAdmin(in.cred().getCapEffective())) {
            // nfnetlink_rcv refuses the whole batch before netlink_rcv_skb.
            ack(in, msgs.get(0), Verdict.of(Errno.ERRNO_EPERM));
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Msg m : msgs) {
            chain = chain.thenCompose(v -> one(in, kind, m, t));
        }
        return chain;
    }

    private CompletableFuture<Void> one(Input in, KernelInput kind, Msg m, Trace t) {
        // audit_receive walks with nlmsg_ok and hands every message to its callback.
        if (kind != KernelInput.AUDIT && !NetlinkRcvSkb.forCallback(m.hdr())) {
            ack(in, m, Verdict.of(Errno.ERRNO_UNSPECIFIED));
            return CompletableFuture.completedFuture(null);
        }
        long caps = in.cred().getCapEffective();
        KernelAction a = switch (kind) {
            case RTNETLINK -> Rtnetlink.rcvMsg(m.hdr(), m.bytes(), caps, af.handlers, af.now());
            case SOCK_DIAG -> SockDiag.rcvMsg(m.hdr(), m.bytes(), af.handlers, af.now());
            default -> NetlinkKernelInput.rcvMsg(kind, m.hdr(), caps);
        };
        Trace step = t.child(kind == KernelInput.RTNETLINK ? "rtnetlink_rcv_msg"
                : kind == KernelInput.SOCK_DIAG ? "sock_diag_rcv_msg" : "netlink_rcv_skb")
                .field("type", m.hdr().type()).field("flags", m.hdr().flags()).field("seq", m.hdr().seq());
        CompletableFuture<Verdict> v;
        if (a instanceof KernelAction.Doit d) {
            v = doit(in, m, d.target(), step.field("kind", "doit"));
        } else if (a instanceof KernelAction.Dumpit d) {
            v = dumpit(in, m, d, step.field("kind", "dumpit"));
        } else if (a instanceof KernelAction.NetlinkDiagDump) {
            v = CompletableFuture.completedFuture(netlinkDiag(in, m, step.field("kind", "dumpit")));
        } else if (a instanceof KernelAction.DiagExact d) {
            v = diagExact(in, m, d.target(), step.field("kind", "doit"));
        } else {
            KernelAction.Done d = (KernelAction.Done) a;
            v = CompletableFuture.completedFuture(new Verdict(d.err(), d.extack(), false));
        }
        return v.thenAccept(verdict -> {
            step.endErrno(verdict.err());
            ack(in, m, verdict);
        });
    }

    /** netlink_rcv_skb's tail: netlink_ack when asked for or on error. */
    private void ack(Input in, Msg m, Verdict v) {
        if (v.skip() || ((m.hdr().flags() & Netlink.NLM_F_ACK) == 0 && v.err() == Errno.ERRNO_UNSPECIFIED)) {
            return;
        }
        try {
            synchronized (af.lock) {
                NetlinkSock s = in.sender();
                List<RtAttr> tlvs = v.extack() != null && s.flag(NetlinkSock.NETLINK_F_EXT_ACK)
                        ? List.of(RtAttr.string(Netlink.NLMSGERR_ATTR_MSG, v.extack())) : List.of();
                byte[] ack = NlMsgBuilder.ack(m.bytes(), in.portid(), -v.err().getNumber(),
                        s.flag(NetlinkSock.NETLINK_F_CAP_ACK), tlvs);
                NetlinkDeliver.unicastFromKernel(af, in.netns(), in.protocol(), in.portid(), ack);
            }
        } finally {
            af.flushWakes();
        }
    }

    private CompletableFuture<Verdict> doit(Input in, Msg m, KernelAction.Target target, Trace step) {
        step.field("service", target.address());
        boolean strict = (in.sender().flags & NetlinkSock.NETLINK_F_STRICT_CHK) != 0;
        return untilReachable(() -> af.client.doit(target.address(), in.cred(), m.bytes(), in.portid(), strict, step))
                .handle((r, ex) -> {
            try {
                synchronized (af.lock) {
                    if (ex != null) {
                        return gone(ex, target);
                    }
                    // rtnl_notify → nlmsg_notify: with NLM_F_ECHO the sender is left out of the
                    // multicast and gets the message as a unicast reply instead.
                    int exclude = (m.hdr().flags() & Netlink.NLM_F_ECHO) != 0 ? in.portid() : 0;
                    for (RtnlHandlerClient.Notification n : r.notifications()) {
                        if (n.group() > 0 && n.nlmsg().length >= Netlink.NLMSG_HDRLEN) {
                            NetlinkMulticast.broadcast(af, in.netns(), in.protocol(),
                                    Skb.kernel(NlMsgBuilder.padded(n.nlmsg()), n.group()), exclude, null, true, step);
                        }
                    }
                    replies(in, r.replies());
                    return new Verdict(r.errno(), r.extack(), false);
                }
            } finally {
                af.flushWakes();
            }
        });
    }

    private CompletableFuture<Verdict> diagExact(Input in, Msg m, KernelAction.Target target, Trace step) {
        step.field("service", target.address());
        return untilReachable(() -> af.client.sockDiagDump(target.address(), in.cred(), m.bytes(), in.portid(), step))
                .handle((r, ex) -> {
            try {
                synchronized (af.lock) {
                    if (ex != null) {
                        return gone(ex, target);
                    }
                    replies(in, r.messages());
                    return Verdict.of(r.errno());
                }
            } finally {
                af.flushWakes();
            }
        });
    }

    private void replies(Input in, List<byte[]> replies) {
        for (byte[] reply : replies) {
            if (reply.length >= Netlink.NLMSG_HDRLEN) {
                NetlinkDeliver.unicastFromKernel(af, in.netns(), in.protocol(), in.portid(), NlMsgBuilder.padded(reply));
            }
        }
    }

    /** __netlink_dump_start, then the first netlink_dump once the dumpits answered. */
    private CompletableFuture<Verdict> dumpit(Input in, Msg m, KernelAction.Dumpit d, Trace step) {
        NetlinkSock sk;
        NetlinkCallback cb;
        synchronized (af.lock) {
            sk = af.table.lookup(in.netns(), in.protocol(), in.portid());
            if (sk == null) {
                return CompletableFuture.completedFuture(Verdict.of(Errno.ERRNO_ECONNREFUSED));
            }
            if (sk.cb != null) {
                return CompletableFuture.completedFuture(Verdict.of(Errno.ERRNO_EBUSY));
            }
            cb = new NetlinkCallback(m.hdr(), in.portid());
            sk.cb = cb;
        }
        return collect(in, m, d, step, 0, new DumpResult(Errno.ERRNO_UNSPECIFIED, new ArrayList<>()), false)
                .handle((res, ex) -> {
                    try {
                        synchronized (af.lock) {
                            boolean current = sk.cb == cb;
                            if (ex != null || res == null) {
                                if (current) {
                                    sk.cb = null;
                                }
                                if (ex != null && AfNetlink.unwrap(ex) instanceof RtnlHandlerClient.Interrupted) {
                                    throw new CompletionException(AfNetlink.unwrap(ex));
                                }
                                return Verdict.of(Errno.ERRNO_EOPNOTSUPP); // every dumpit's service is gone
                            }
                            if (res.startFailed()) {
                                // netlink_dump_start's control->start failed: acked as NLMSG_ERROR
                                if (current) {
                                    sk.cb = null;
                                }
                                return Verdict.of(res.errno());
                            }
                            if (!current) {
                                return Verdict.SKIP; // the reader closed its socket meanwhile
                            }
                            return firstDump(sk, cb, res, step);
                        }
                    } finally {
                        af.flushWakes();
                    }
                });
    }

    /** The dump's messages are in: the first netlink_dump. Called with the lock held. */
    private Verdict firstDump(NetlinkSock sk, NetlinkCallback cb, DumpResult res, Trace step) {
        cb.fill(res.errno(), res.messages(), res.answerFlags());
        cb.extack = res.extack();
        step.field("messages", res.messages().size());
        NetlinkDump.Step first = NetlinkDump.dump(sk);
        if (sk.cb == cb) {
            af.journal.dumpFilled(sk, cb); // what is left for the reader's next recvmsg
        }
        if (first.skb() != null) {
            NetlinkDeliver.sendskb(af, sk, first.skb());
        }
        return first.errno() == Errno.ERRNO_UNSPECIFIED ? Verdict.SKIP : Verdict.of(first.errno());
    }

    /**
     * netlink_dump_start of netlink_diag_dump, in-process: the socks are listed while the
     * requester's cb is set and its dump skb charged, as netlink_dump fills it.
     */
    private Verdict netlinkDiag(Input in, Msg m, Trace step) {
        try {
            synchronized (af.lock) {
                NetlinkSock sk = af.table.lookup(in.netns(), in.protocol(), in.portid());
                if (sk == null) {
                    return Verdict.of(Errno.ERRNO_ECONNREFUSED);
                }
                if (sk.cb != null) {
                    return Verdict.of(Errno.ERRNO_EBUSY);
                }
                NetlinkCallback cb = new NetlinkCallback(m.hdr(), in.portid());
                cb.doneApart = false; // netlink_diag_dump returns 0 at its end: NLMSG_DONE joins the last skb
                sk.cb = cb;
                int truesize = Skb.allocTruesize(Math.max(NetlinkDump.NLMSG_GOODSIZE, sk.maxRecvmsgLen));
                return firstDump(sk, cb, NetlinkDiag.dump(af.table, in.netns(), m.bytes(), sk, truesize), step);
            }
        } finally {
            af.flushWakes();
        }
    }

    /**
     * The dumpits one after another (rtnl_dump_all walks the families in order); a
     * family whose service is gone is left out; the first error ends the dump. Null
     * when every service was gone.
     */
    private CompletableFuture<DumpResult> collect(Input in, Msg m, KernelAction.Dumpit d, Trace step, int i,
            DumpResult acc, boolean any) {
        if (i == d.targets().size() || acc.errno() != Errno.ERRNO_UNSPECIFIED) {
            return CompletableFuture.completedFuture(any ? acc : null);
        }
        KernelAction.Target target = d.targets().get(i);
        step.field("service", target.address());
        CompletableFuture<DumpResult> call = untilReachable(() -> d.sockDiag()
                ? af.client.sockDiagDump(target.address(), in.cred(), m.bytes(), in.portid(), step)
                : af.client.dumpit(target.address(), in.cred(), m.bytes(), in.portid(),
                        (in.sender().flags & NetlinkSock.NETLINK_F_STRICT_CHK) != 0, step));
        return call.handle((r, ex) -> {
            if (ex != null) {
                synchronized (af.lock) {
                    gone(ex, target);
                }
                return null;
            }
            return r;
        }).thenCompose(r -> {
            if (r == null) {
                return collect(in, m, d, step, i + 1, acc, any);
            }
            if (r.startFailed()) {
                return CompletableFuture.completedFuture(r); // the dump's start refused it: no dump
            }
            acc.messages().addAll(r.messages());
            return collect(in, m, d, step, i + 1,
                    new DumpResult(r.errno(), acc.messages(), false, acc.answerFlags() | r.answerFlags(), r.extack()), true);
        });
    }

    /** How long a call waits for a family service that is restarting before the handler counts as gone. */
    static final long RESTART_WAIT_MS = 30_000;
    private static final long FIRST_RETRY_MS = 20;
    private static final long MAX_RETRY_MS = 500;

    /**
     * A call to a family service that cannot be reached (restarting: the connection refused or
     * lost, or the service still restoring) is made again, with a growing pause, for up to
     * RESTART_WAIT_MS: the sender waits through the layer's restart, as a call to it does. A
     * call that carries its syscall's id is answered once however often it is sent.
     */
    private static <T> CompletableFuture<T> untilReachable(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESTART_WAIT_MS), FIRST_RETRY_MS,
                result);
        return result;
    }

    private static <T> void attempt(Supplier<CompletableFuture<T>> call, long giveUpAt, long pauseMs,
            CompletableFuture<T> result) {
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, ex) -> {
            if (ex == null) {
                result.complete(r);
                return;
            }
            Throwable e = AfNetlink.unwrap(ex);
            boolean restarting = e instanceof RtnlHandlerClient.HandlerGone g && g.restarting();
            if (!restarting || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs) > giveUpAt) {
                result.completeExceptionally(ex);
                return;
            }
            CompletableFuture.delayedExecutor(pauseMs, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(call, giveUpAt, Math.min(MAX_RETRY_MS, pauseMs * 2), result));
        });
    }

    /**
     * A family service that does not answer (after untilReachable, if it was restarting) is a
     * module that went away: its rows are dropped and the request gets what a missing handler
     * gets. A cancelled caller ends the whole datagram instead.
     */
    private Verdict gone(Throwable ex, KernelAction.Target target) {
        Throwable e = AfNetlink.unwrap(ex);
        if (e instanceof RtnlHandlerClient.Interrupted) {
            throw new CompletionException(e);
        }
        af.handlers.unregister(target.instanceId());
        return Verdict.of(Errno.ERRNO_EOPNOTSUPP);
    }
}
